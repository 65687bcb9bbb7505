// Path routing with the History API. The server answers index.html for unknown non-/api paths.
import { h } from "./dom";
import { onLangChange } from "./i18n";
import { describeError } from "./errors";
import { clearMessages, setDisplayScreen, setLiveScreen, showError } from "./shell";

export interface PageHandle {
  /** Called when the page is left (close connections, timers). */
  destroy?(): void;
  /** Called on a language switch; without it the page is rendered again. */
  relocalize?(): void;
}

export type Page = (root: HTMLElement, params: string[]) => PageHandle | void | Promise<PageHandle | void>;

const routes: Array<{ pattern: RegExp; page: Page }> = [];
let fallback: Page = () => undefined;
let main: HTMLElement;
let handle: PageHandle | void = undefined;
let generation = 0;

export function route(pattern: RegExp, page: Page): void {
  routes.push({ pattern, page });
}

export function notFound(page: Page): void {
  fallback = page;
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  void render();
}

/** Renders the current path again (after login, or a language switch). */
export function rerender(): Promise<void> {
  return render();
}

/** An in-app link: a real <a href> (works with a new tab) that navigates without reloading. */
export function link(href: string, text: string, attrs: Record<string, string> = {}): HTMLAnchorElement {
  return h("a", { ...attrs, href, "data-nav": true }, text);
}

export function startRouter(root: HTMLElement): void {
  main = root;
  window.addEventListener("popstate", () => void render());
  document.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.("a[data-nav]") as HTMLAnchorElement | null;
    if (!a || a.target || a.origin !== location.origin) return;
    e.preventDefault();
    if (a.pathname !== location.pathname) navigate(a.pathname + a.search);
  });
  onLangChange(() => {
    if (handle && handle.relocalize) handle.relocalize();
    else void render();
  });
  void render();
}

async function render(): Promise<void> {
  const mine = ++generation;
  try {
    handle?.destroy?.();
  } catch (e) {
    console.error(e);
  }
  handle = undefined;
  clearMessages();
  setDisplayScreen(false);
  setLiveScreen(false);
  const container = h("div", { class: "page" });
  main.replaceChildren(container);
  window.scrollTo(0, 0);

  const path = decodePath(location.pathname);
  let page = fallback;
  let params: string[] = [];
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (m) {
      page = r.page;
      params = m.slice(1).map((p) => p ?? "");
      break;
    }
  }
  let result: PageHandle | void;
  try {
    result = await page(container, params);
  } catch (e) {
    console.error(e);
    if (mine === generation) showError(describeError(e));
    return;
  }
  if (mine !== generation) {
    // the user navigated away while the page was loading
    result?.destroy?.();
    return;
  }
  handle = result;
}

function decodePath(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, "") : p;
  try {
    return decodeURI(trimmed);
  } catch {
    return trimmed;
  }
}
