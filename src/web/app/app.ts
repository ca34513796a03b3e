import type { Language } from "#src/domain/types.js";
import { chosenLanguage, languageFromTelegram, messages, type Messages } from "#src/locales/index.js";
import { BoardApi } from "./api.js";
import { boardView } from "./board-view.js";
import { browserChartEnv } from "./charts.js";
import type { Route, ViewContext } from "./components.js";
import { errorMessage, errorView } from "./error-view.js";
import { h } from "./h.js";
import { applyTheme, initDataLanguage, onTelegramEvent, postEvent, readLaunchParams } from "./launch.js";
import { loading, ready } from "./ready.js";
import { taskView } from "./task-view.js";
import { TREND_DAYS, trendView } from "./trend-view.js";
import { unitView } from "./unit-view.js";

const LANGUAGE_KEY = "duban.language";
/** A board being computed again takes about half a second at 10,000 tasks. */
const UPDATING_RETRY_MS = 1_000;

/** The route a URL names: `?view=unit&id=3`, `?view=task&code=BY-01`, `?view=trend&days=90`, else the board. */
export function routeOf(search: string): Route {
  const params = new URLSearchParams(search);
  const view = params.get("view");
  const id = Number(params.get("id"));
  const code = params.get("code");
  const days = Number(params.get("days"));
  if (view === "unit" && Number.isInteger(id) && id > 0) return { view: "unit", id };
  if (view === "task" && code) return { view: "task", code };
  if (view === "trend") return { view: "trend", days: (TREND_DAYS as readonly number[]).includes(days) ? days : TREND_DAYS[0] };
  return { view: "board" };
}

function searchOf(route: Route): string {
  switch (route.view) {
    case "board":
      return "";
    case "unit":
      return `?view=unit&id=${route.id}`;
    case "task":
      return `?view=task&code=${encodeURIComponent(route.code)}`;
    case "trend":
      return `?view=trend&days=${route.days}`;
  }
}

interface HistoryState {
  /** How many in-page steps lie behind this entry: the back button leaves the page at 0. */
  depth: number;
  scroll?: number;
}

/** The Mini App at /app: the board, a unit, a task and the trend, one URL each. */
export function startApp(root: HTMLElement): void {
  const launch = readLaunchParams();
  applyTheme(launch.themeParams);
  let language = storedLanguage() ?? languageFromTelegram(initDataLanguage(launch.initData) ?? navigator.language);
  let t: Messages = messages(language);
  let env = browserChartEnv(language);
  const setLanguage = (next: Language): void => {
    if (next !== language) {
      language = next;
      t = messages(language);
      env = browserChartEnv(language);
    }
    document.documentElement.lang = language;
    document.title = t.pageTitle;
    try {
      sessionStorage.setItem(LANGUAGE_KEY, language);
    } catch {
      // Not kept: the next board says it again.
    }
  };
  setLanguage(language);

  postEvent("web_app_ready");
  postEvent("web_app_expand");

  if (!launch.initData) {
    root.replaceChildren(errorView(t.pageOpenFromBot, null, t));
    ready("error");
    return;
  }
  const api = new BoardApi(launch.initData);
  let photos: string[] = [];
  let generation = 0;

  const state = (): HistoryState => (history.state as HistoryState | null) ?? { depth: 0 };
  // The hash keeps the launch parameters, as Telegram's SDK expects to find them.
  const href = (route: Route): string => `${location.pathname}${searchOf(route)}${location.hash}`;
  const go = (route: Route): void => {
    history.replaceState({ ...state(), scroll: window.scrollY }, "");
    history.pushState({ depth: state().depth + 1 } satisfies HistoryState, "", href(route));
    void render();
  };
  const back = (): void => {
    if (state().depth > 0) history.back();
    else {
      history.replaceState({ depth: 0 } satisfies HistoryState, "", href({ view: "board" }));
      void render();
    }
  };

  const ctx = (): ViewContext => ({ t, href, go });
  const photo = async (code: string, id: number): Promise<string> => {
    const url = await api.photo(code, id);
    photos.push(url);
    return url;
  };

  /** Draws the URL's view; `retried`: this is the second ask while the board was updating. */
  async function render(retried = false): Promise<void> {
    const mine = ++generation;
    const route = routeOf(location.search);
    loading();
    root.classList.add("is-loading");
    for (const url of photos) URL.revokeObjectURL(url);
    photos = [];
    postEvent("web_app_setup_back_button", { is_visible: route.view !== "board" });
    try {
      let view: HTMLElement;
      // The board was being computed again after a change: what came is the last one.
      let updating = false;
      switch (route.view) {
        case "board": {
          const board = await api.board();
          if (mine !== generation) return;
          setLanguage(board.language);
          updating = board.updating === true;
          view = boardView(ctx(), board, env);
          break;
        }
        case "unit": {
          const unit = await api.unit(route.id);
          if (mine !== generation) return;
          updating = unit.updating === true;
          view = unitView(ctx(), unit, back);
          break;
        }
        case "task": {
          const task = await api.task(route.code);
          if (mine !== generation) return;
          updating = task.updating === true;
          view = taskView(ctx(), task, env, photo, back);
          break;
        }
        case "trend": {
          const trend = await api.trend(route.days);
          if (mine !== generation) return;
          view = trendView(ctx(), trend, env, back);
          break;
        }
      }
      root.replaceChildren(view);
      root.classList.remove("is-loading");
      window.scrollTo(0, state().scroll ?? 0);
      if (updating && !retried) {
        // Asked again once in a moment, for the board with the change in it (still this view,
        // unless left); in a busy hour of reports the second answer is shown as it comes.
        setTimeout(() => {
          if (mine === generation) {
            history.replaceState({ ...state(), scroll: window.scrollY }, "");
            void render(true);
          }
        }, UPDATING_RETRY_MS);
      } else {
        ready(route.view);
      }
    } catch (error) {
      if (mine !== generation) return;
      const { message, retryable } = errorMessage(error, t);
      root.replaceChildren(errorView(message, retryable ? () => void render() : null, t, route.view === "board" ? null : back));
      root.classList.remove("is-loading");
      ready("error");
    }
  }

  window.addEventListener("popstate", () => void render());
  onTelegramEvent((type, data) => {
    if (type === "back_button_pressed") back();
    if (type === "theme_changed") {
      const theme = (data as { theme_params?: Record<string, string> } | null)?.theme_params;
      if (theme) applyTheme(theme);
    }
  });
  // The page puts the scroll back itself, once the view it belongs to is drawn.
  history.scrollRestoration = "manual";
  if (!history.state) history.replaceState({ depth: 0 } satisfies HistoryState, "");
  root.replaceChildren(h("p", { class: "loading" }, t.pageLoading));
  void render();
}

function storedLanguage(): Language | null {
  try {
    return chosenLanguage(sessionStorage.getItem(LANGUAGE_KEY));
  } catch {
    return null;
  }
}
