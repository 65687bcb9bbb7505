// The lobby screen: connected, waiting for the teacher to let us in (Join status 2, or sent back).
import { h } from "../dom";
import type { LiveSession } from "../hub";
import { t } from "../i18n";
import { RemovalKind } from "../types";

export function lobbyView(session: LiveSession, kiosk = false): { el: HTMLElement } {
  const info = session.lobbyInfo;
  const lesson = session.lesson;
  const cabinet = info?.cabinetName || lesson?.cabinetName || "";
  const details = [info?.subject || lesson?.subject, info?.className || lesson?.className].filter(Boolean).join(" · ");
  const sentBack = session.removal?.kind === RemovalKind.Lobby;
  const name = info?.yourName || session.you?.name || "";
  const el = h(
    "section",
    { class: `card waiting center${kiosk ? " kiosk-screen" : ""}`, testid: "lobby" },
    info?.schoolName ? h("p", { class: "kiosk-school" }, info.schoolName) : null,
    h("h1", null, t("lobby.title")),
    name ? h("p", { class: "lead" }, t("lobby.hello", { name })) : null,
    cabinet ? h("p", { class: "lobby-cabinet" }, cabinet) : null,
    details ? h("p", { class: "muted" }, details) : null,
    info?.title ? h("p", { class: "lead" }, info.title) : null,
    sentBack ? h("p", { class: "notice-box", testid: "lobby-sent-back" }, t("lobby.sentBack")) : null,
    sentBack && session.removal?.reason ? h("p", { class: "muted" }, t("removed.reason", { reason: session.removal.reason })) : null,
    h("p", { class: "lobby-wait", "aria-live": "polite" }, h("span", { class: "spinner", "aria-hidden": "true" }), " ", t("lobby.wait")),
    h("p", { class: "muted" }, t("live.waitKeep")),
  );
  return { el };
}
