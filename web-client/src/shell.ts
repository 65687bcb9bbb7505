// The page frame: top bar (title, user, language switch), one error box, one notice box, <main>.
import { h, replaceChildren } from "./dom";
import { lang, onLangChange, setLang, t } from "./i18n";
import type { Me } from "./types";

let brand: HTMLAnchorElement;
let userArea: HTMLElement;
let langButton: HTMLButtonElement;
let messages: HTMLElement;
let main: HTMLElement;
let user: Me | null = null;
let onLogout: (() => void) | null = null;

export function mountShell(app: HTMLElement, logout: () => void): HTMLElement {
  onLogout = logout;
  brand = h("a", { href: "/", class: "brand", "data-nav": true });
  userArea = h("div", { class: "user-area" });
  langButton = h("button", { type: "button", class: "lang-toggle small", testid: "lang-toggle" });
  langButton.addEventListener("click", () => setLang(lang() === "ru" ? "en" : "ru"));
  messages = h("div", { class: "messages", "aria-live": "polite" });
  main = h("main", { id: "page" });
  replaceChildren(app, h("header", { class: "topbar no-print" }, brand, userArea, langButton), messages, main);
  renderTop();
  onLangChange(renderTop);
  return main;
}

function renderTop(): void {
  brand.textContent = t("app.title");
  document.title = t("app.title");
  langButton.textContent = t("lang.switch");
  langButton.title = t("lang.switchTitle");
  replaceChildren(userArea);
  if (user) {
    const out = h("button", { type: "button", class: "small link-button", testid: "logout" }, t("auth.logout"));
    out.addEventListener("click", () => onLogout?.());
    replaceChildren(userArea, h("span", { class: "user-name" }, user.displayName || user.userName), out);
  }
}

export function setUser(me: Me | null): void {
  user = me;
  renderTop();
}

export function showError(message: string): void {
  clearMessages();
  const box = h("div", { class: "error-box", role: "alert", testid: "error" }, message);
  messages.appendChild(box);
  box.scrollIntoView?.({ block: "nearest" });
}

export function showNotice(message: string): void {
  clearMessages();
  messages.appendChild(h("div", { class: "notice-box", role: "status", testid: "notice" }, message));
}

export function clearMessages(): void {
  replaceChildren(messages);
}

/** The classroom projector: no top bar at all, the whole width for the lesson. */
export function setDisplayScreen(on: boolean): void {
  document.body.classList.toggle("display-screen", on);
}

/**
 * A live lesson screen: the page becomes an app frame as tall as the visible viewport (--app-height,
 * viewport.ts) and the lesson lays itself out inside it, with no page scroll.
 */
export function setLiveScreen(on: boolean): void {
  document.documentElement.classList.toggle("live-screen", on);
}
