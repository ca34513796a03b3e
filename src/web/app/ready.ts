/** What the page is showing, for the browser tests: body[data-view] and body[data-ready]. */
export type ViewName = "board" | "unit" | "task" | "trend" | "screen" | "error";

let completed = false;

/** A view is loading: not ready until its data and charts are drawn. */
export function loading(): void {
  document.body.dataset.ready = "0";
}

/** A view is drawn, data and charts; the first time, the page's completion mark as well. */
export function ready(view: ViewName): void {
  document.body.dataset.view = view;
  document.body.dataset.ready = "1";
  if (!completed) {
    completed = true;
    performance.mark("duban-complete");
  }
}
