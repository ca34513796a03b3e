import type { Messages } from "#src/locales/index.js";
import { ApiError } from "./api.js";
import { h } from "./h.js";

/** What to tell the viewer about a failed call: sign in again, not allowed, not found, or try again. */
export function errorMessage(error: unknown, t: Messages): { message: string; retryable: boolean } {
  const status = error instanceof ApiError ? error.status : -1;
  if (status === 401) return { message: t.pageSignInExpired, retryable: false };
  if (status === 403) return { message: t.pageForbidden, retryable: false };
  if (status === 404) return { message: t.pageNotFound, retryable: false };
  return { message: t.pageFailed, retryable: true };
}

/** A whole-page message; its [data-testid=error] holds the message alone. */
export function errorView(message: string, retry: (() => void) | null, t: Messages, back: (() => void) | null = null): HTMLElement {
  return h(
    "div",
    { class: "view error-view", role: "alert" },
    h("div", { class: "error-mark", "aria-hidden": "true" }, "!"),
    h("p", { class: "error-message", "data-testid": "error" }, message),
    h(
      "div",
      { class: "error-actions" },
      retry ? h("button", { class: "button", type: "button", onclick: retry }, t.pageRetry) : null,
      back ? h("button", { class: "button secondary", type: "button", onclick: back }, t.pageBack) : null,
    ),
  );
}
