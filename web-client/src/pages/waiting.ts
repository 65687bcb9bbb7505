// The waiting screen: lesson facts and a countdown on the server's clock. On a branch display (kiosk)
// the same, big, with the school's name: the room sees when the lesson begins.
import { h } from "../dom";
import type { Waiting } from "../hub";
import { t } from "../i18n";
import { formatCountdown, formatDate, formatTime } from "../time";

export function waitingView(w: Waiting, kiosk = false): { el: HTMLElement; destroy(): void } {
  const countdown = h("div", { class: "countdown", testid: "countdown", "aria-live": "off" });
  const label = h("p", { class: "countdown-label" });
  const target = w.opensAt ?? w.startsAt;
  const info = w.info;
  const starts = Number.isNaN(w.startsAt.getTime()) ? "—" : `${formatDate(w.startsAt)}, ${formatTime(w.startsAt)}`;

  const tick = () => {
    const remaining = target.getTime() - (Date.now() + w.offsetMs);
    countdown.textContent = formatCountdown(remaining);
    label.textContent = remaining > 0 ? t("live.waitCountdown") : t("live.waitOpening");
  };
  tick();
  const timer = setInterval(tick, 500);

  const row = (name: string, value: string) => [h("dt", null, name), h("dd", null, value || "—")];
  const el = h(
    "section",
    { class: `card waiting center${kiosk ? " kiosk-screen" : ""}`, testid: "waiting" },
    info.schoolName ? h("p", { class: "kiosk-school", testid: "waiting-school" }, info.schoolName) : null,
    h("h1", null, t("live.waitTitle")),
    info.yourName && !kiosk ? h("p", { class: "lead" }, t("live.waitHello", { name: info.yourName })) : null,
    info.title ? h("p", { class: "lead waiting-title", testid: "waiting-title" }, info.title) : null,
    h(
      "dl",
      { class: "facts" },
      row(t("live.waitCabinet"), info.cabinetName),
      row(t("live.waitSubject"), info.subject),
      row(t("live.waitClass"), info.className),
      row(t("live.waitStarts"), starts),
    ),
    label,
    countdown,
    kiosk ? null : h("p", { class: "muted" }, t("live.waitKeep")),
  );
  return { el, destroy: () => clearInterval(timer) };
}
