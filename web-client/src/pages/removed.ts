// The screen after the teacher took us out of the lesson (timed out, kicked, banned, rejected, flooding).
import { h } from "../dom";
import type { LiveSession } from "../hub";
import { t, type Key } from "../i18n";
import type { Removal } from "../moderation-state";
import { formatDateTime, formatTime } from "../time";
import { RemovalKind } from "../types";

/** Kinds after which the person may knock again (through the lobby). A ban is final. */
const mayRetry = new Set<number>([RemovalKind.TimedOut, RemovalKind.Kicked, RemovalKind.Rejected, RemovalKind.Flooding]);

export function removedView(session: LiveSession): { el: HTMLElement; destroy(): void } {
  const removal: Removal = session.removal ?? { kind: RemovalKind.Kicked, reason: null, until: null };
  const titleKey = (`removed.title.${removal.kind}` as Key);
  const hintKey = (`removed.hint.${removal.kind}` as Key);
  const known = removal.kind >= RemovalKind.TimedOut && removal.kind <= RemovalKind.Flooding;
  let timer: ReturnType<typeof setInterval> | undefined;

  let until: HTMLElement | null = null;
  if (removal.kind === RemovalKind.TimedOut && removal.until) {
    const sameDay = removal.until.toDateString() === new Date().toDateString();
    until = h(
      "p",
      { class: "lead", testid: "removed-until" },
      t("removed.until", { time: sameDay ? formatTime(removal.until) : formatDateTime(removal.until) }),
    );
  }

  let retry: HTMLButtonElement | null = null;
  if (mayRetry.has(removal.kind)) {
    retry = h("button", { type: "button", class: "primary", testid: "removed-retry" }, t("removed.retry"));
    retry.addEventListener("click", () => void session.start());
    const until = removal.kind === RemovalKind.TimedOut ? removal.until : null;
    if (until) {
      const button = retry;
      const check = () => {
        const wait = until.getTime() - session.serverNow();
        button.disabled = wait > 0;
        if (wait <= 0 && timer !== undefined) clearInterval(timer);
      };
      check();
      if (button.disabled) timer = setInterval(check, 1000);
    }
  }

  const el = h(
    "section",
    { class: "card center", testid: "removed", "data-kind": removal.kind },
    h("h1", null, t(known ? titleKey : "removed.title.2")),
    until,
    removal.reason ? h("p", { class: "removed-reason", testid: "removed-reason" }, t("removed.reason", { reason: removal.reason })) : null,
    h("p", null, t(known ? hintKey : "removed.hint.2")),
    retry ? h("p", { class: "actions center-actions" }, retry) : null,
  );
  return { el, destroy: () => clearInterval(timer) };
}
