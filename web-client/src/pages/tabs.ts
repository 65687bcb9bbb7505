// Tabs for the live screens (chat, questions, participants, management): one panel visible at a
// time, each tab a 44 px target, an unread count on tabs that are not shown. Panels are moved in
// and out by the cabinet layout (cabinet.ts), never rebuilt, so scroll positions and inputs survive.
import { h, replaceChildren } from "../dom";

export interface TabSpec {
  id: string;
  label(): string;
  panel: HTMLElement;
}

export interface Tabs {
  el: HTMLElement;
  /** Replaces the set of tabs (the layout changed); keeps the selected one if it is still there. */
  set(specs: TabSpec[]): void;
  select(id: string): void;
  selected(): string | null;
  /** Adds to a tab's unread count unless it is the one shown. */
  bump(id: string, n?: number): void;
  /** A count that stays shown while it is not zero (raised hands and the lobby on a phone's manage tab). */
  setBadge(id: string, n: number): void;
  /** Labels again (language switch, participant count). */
  relabel(): void;
}

export function tabs(testid: string, onSelect?: (id: string) => void): Tabs {
  const list = h("div", { class: "tab-list", role: "tablist" });
  const panels = h("div", { class: "tab-panels" });
  const el = h("div", { class: "tabs", testid }, list, panels);
  let specs: TabSpec[] = [];
  let current: string | null = null;
  const unread = new Map<string, number>();
  const badges = new Map<string, number>();
  const buttons = new Map<string, HTMLButtonElement>();

  function render(): void {
    buttons.clear();
    replaceChildren(
      list,
      specs.map((s) => {
        const b = h("button", {
          type: "button",
          role: "tab",
          class: "tab",
          id: `tab-${testid}-${s.id}`,
          testid: `tab-${s.id}`,
          "aria-controls": `panel-${testid}-${s.id}`,
        });
        b.addEventListener("click", () => select(s.id));
        buttons.set(s.id, b);
        return b;
      }),
    );
    replaceChildren(panels, specs.map((s) => s.panel));
    for (const s of specs) {
      s.panel.id = `panel-${testid}-${s.id}`;
      s.panel.setAttribute("role", "tabpanel");
      s.panel.setAttribute("aria-labelledby", `tab-${testid}-${s.id}`);
    }
    list.hidden = specs.length < 2;
    relabel();
    show();
  }

  function relabel(): void {
    for (const s of specs) {
      const b = buttons.get(s.id);
      if (!b) continue;
      const n = unread.get(s.id) ?? 0;
      const badge = badges.get(s.id) ?? 0;
      replaceChildren(
        b,
        h("span", { class: "tab-label" }, s.label()),
        badge > 0 ? h("span", { class: "tab-count tab-badge", testid: "tab-badge" }, String(badge)) : null,
        n > 0 ? h("span", { class: "tab-count", testid: "tab-unread" }, n > 99 ? "99+" : String(n)) : null,
      );
    }
  }

  function show(): void {
    for (const s of specs) {
      const on = s.id === current;
      s.panel.hidden = !on;
      const b = buttons.get(s.id);
      if (b) {
        b.setAttribute("aria-selected", on ? "true" : "false");
        b.tabIndex = on ? 0 : -1;
      }
    }
  }

  function select(id: string): void {
    if (!specs.some((s) => s.id === id)) return;
    current = id;
    unread.delete(id);
    relabel();
    show();
    onSelect?.(id);
  }

  // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
  list.addEventListener("keydown", (e) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    const i = specs.findIndex((s) => s.id === current);
    const next = specs[(i + (e.key === "ArrowRight" ? 1 : specs.length - 1)) % specs.length];
    if (!next) return;
    select(next.id);
    buttons.get(next.id)?.focus();
  });

  return {
    el,
    set(next) {
      specs = next;
      if (!specs.some((s) => s.id === current)) current = specs[0]?.id ?? null;
      render();
    },
    select,
    selected: () => current,
    bump(id, n = 1) {
      if (id === current || !specs.some((s) => s.id === id)) return;
      unread.set(id, (unread.get(id) ?? 0) + n);
      relabel();
    },
    setBadge(id, n) {
      if ((badges.get(id) ?? 0) === n) return;
      badges.set(id, n);
      relabel();
    },
    relabel,
  };
}
