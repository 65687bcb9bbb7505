// A drop-down menu on <details>/<summary>: works without script for opening and closing, is a
// real button for keyboards and screen readers, and closes on a click elsewhere or Escape.
import { h } from "../dom";

let closerInstalled = false;

function installCloser(): void {
  if (closerInstalled) return;
  closerInstalled = true;
  document.addEventListener("click", (e) => {
    const target = e.target instanceof Node ? e.target : null;
    for (const d of Array.from(document.querySelectorAll<HTMLDetailsElement>("details.menu[open]"))) {
      if (!target || !d.contains(target)) d.open = false;
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    for (const d of Array.from(document.querySelectorAll<HTMLDetailsElement>("details.menu[open]"))) {
      d.open = false;
      d.querySelector("summary")?.focus();
    }
  });
}

export interface Menu {
  el: HTMLDetailsElement;
  summary: HTMLElement;
  body: HTMLElement;
}

export function menu(testid: string, cls = ""): Menu {
  installCloser();
  const summary = h("summary", { class: "menu-button", testid });
  const body = h("div", { class: "menu-body" });
  const el = h("details", { class: `menu ${cls}`.trim() }, summary, body);
  return { el, summary, body };
}
