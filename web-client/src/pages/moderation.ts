// The staff moderation panel in two parts the console lays out apart: the queue (notices, raised
// hands, the lobby; always in view) and the journal (bans and the moderation log; a tab). The
// class-wide controls are the console toolbar (toolbar.ts). Every name, reason and detail is text.
import { h, replaceChildren } from "../dom";
import type { LiveSession, SessionEvent } from "../hub";
import { hasKey, t, type Key } from "../i18n";
import { Mod, handQueue, lastModAction, type Ban, type LobbyEntry, type LogEntry, type Participant } from "../moderation-state";
import { formatDateTime, formatTime } from "../time";
import { BanScope } from "../types";
import { actionButton } from "./actions";

const noticeMs = 10000;

export interface ModerationPanel {
  /** Notices, raised hands and the lobby (`mod-panel`). */
  queue: HTMLElement;
  /** Bans and the moderation log. */
  journal: HTMLElement;
  update(e: SessionEvent): void;
  destroy(): void;
}

export function moderationPanel(session: LiveSession): ModerationPanel {
  const notices = h("div", { class: "mod-notices", testid: "mod-notices", "aria-live": "polite" });
  const hands = h("ol", { class: "mod-list hand-queue", testid: "hand-queue" });
  const handsTitle = h("h3");
  const lobby = h("ul", { class: "mod-list lobby-list", testid: "lobby-list" });
  const lobbyTitle = h("h3");
  const lobbyActions = h("div", { class: "actions" });
  const bans = h("ul", { class: "mod-list ban-list", testid: "ban-list" });
  const log = h("ol", { class: "mod-list moderation-log", testid: "moderation-log" });
  const timers = new Set<ReturnType<typeof setTimeout>>();

  function renderHands(): void {
    const queue = handQueue(session.participants.values());
    handsTitle.textContent = t("mod.handsTitle", { n: queue.length });
    replaceChildren(hands, queue.length ? queue.map((p, i) => handItem(session, p, i + 1)) : h("li", { class: "muted" }, t("mod.handsEmpty")));
  }

  function renderLobby(): void {
    const entries = session.lobby;
    lobbyTitle.textContent = t("mod.lobbyTitle", { n: entries.length });
    replaceChildren(
      lobbyActions,
      entries.length > 1 ? actionButton(t("mod.admitAll"), "lobby-admit-all", () => session.moderate(Mod.AdmitAll), { class: "small primary" }) : null,
    );
    replaceChildren(lobby, entries.length ? entries.map((e) => lobbyItem(session, e)) : h("li", { class: "muted" }, t("mod.lobbyEmpty")));
  }

  function renderBans(): void {
    replaceChildren(bans, session.bans.length ? session.bans.map((b) => banItem(session, b)) : h("li", { class: "muted" }, t("mod.bansEmpty")));
  }

  function renderLog(): void {
    replaceChildren(log, session.moderationLog.length ? session.moderationLog.map(logItem) : h("li", { class: "muted log-empty" }, t("mod.logEmpty")));
    log.scrollTop = log.scrollHeight;
  }

  function appendLog(entry: LogEntry): void {
    const stick = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    log.querySelector(".log-empty")?.remove();
    log.append(logItem(entry));
    while (log.children.length > session.moderationLog.length && log.firstElementChild) log.firstElementChild.remove();
    if (stick) log.scrollTop = log.scrollHeight;
  }

  function notice(text: string): void {
    const item = h("div", { class: "notice-box mod-notice", role: "status", testid: "mod-notice" }, text);
    notices.append(item);
    const timer = setTimeout(() => {
      item.remove();
      timers.delete(timer);
    }, noticeMs);
    timers.add(timer);
  }

  renderHands();
  renderLobby();
  renderBans();
  renderLog();

  const section = (cls: string, title: HTMLElement | string, ...body: (HTMLElement | null)[]) =>
    h("section", { class: `mod-section ${cls}` }, typeof title === "string" ? h("h3", null, title) : title, body);

  const queue = h(
    "aside",
    { class: "mod-panel", testid: "mod-panel", "aria-label": t("mod.panel") },
    notices,
    section("mod-hands", handsTitle, hands),
    section("mod-lobby", lobbyTitle, lobbyActions, lobby),
  );
  const journal = h(
    "div",
    { class: "mod-journal", testid: "mod-journal" },
    section("mod-log", t("mod.logTitle"), log),
    section("mod-bans", t("mod.bansTitle"), bans),
  );

  return {
    queue,
    journal,
    update(e) {
      switch (e.type) {
        case "participants":
        case "participant":
          renderHands();
          break;
        case "log":
          if (e.entry) appendLog(e.entry);
          else renderLog();
          break;
        case "lobby":
          renderLobby();
          break;
        case "bans":
          renderBans();
          break;
        case "connectionReplaced":
          notice(t("mod.connectionReplaced", { name: e.name || t("role.2") }));
          break;
      }
    },
    destroy() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

function handItem(session: LiveSession, p: Participant, n: number): HTMLElement {
  return h(
    "li",
    { class: "mod-item", testid: "hand-queue-item", "data-id": p.id },
    h("span", { class: "mod-item-main" }, h("span", { class: "queue-n" }, `${n}.`), " ", h("strong", null, p.name), " ", h("span", { class: "muted" }, formatTime(p.handRaisedAt))),
    h(
      "span",
      { class: "actions" },
      actionButton(t("mod.giveFloor"), "mod-give-floor", () => session.moderate(Mod.GiveFloor, p.id), { class: "small primary" }),
      actionButton(t("mod.lowerHand"), "mod-lower-hand", () => session.moderate(Mod.LowerHand, p.id)),
    ),
  );
}

function lobbyItem(session: LiveSession, e: LobbyEntry): HTMLElement {
  return h(
    "li",
    { class: "mod-item", testid: "lobby-entry", "data-id": e.id },
    h(
      "span",
      { class: "mod-item-main" },
      h("strong", null, e.name),
      " ",
      h("span", { class: "p-role" }, t(`role.${e.role}` as Key)),
      " ",
      h("span", { class: "muted" }, t("mod.lobbySince", { time: formatTime(e.since) })),
      e.returning ? h("span", { class: "badge warn" }, t("mod.lobbyReturning")) : null,
    ),
    h(
      "span",
      { class: "actions" },
      actionButton(t("mod.admit"), "lobby-admit", () => session.moderate(Mod.AdmitFromLobby, e.id), { class: "small primary" }),
      actionButton(t("mod.reject"), "lobby-reject", () => {
        const reason = prompt(t("mod.rejectReason", { name: e.name }), "");
        if (reason === null) return null;
        return session.moderate(Mod.RejectFromLobby, e.id, reason.trim() || null);
      }, { class: "small danger" }),
    ),
  );
}

function banItem(session: LiveSession, b: Ban): HTMLElement {
  return h(
    "li",
    { class: "mod-item", testid: "ban-entry", "data-id": b.id, "data-scope": b.scope },
    h(
      "span",
      { class: "mod-item-main" },
      h("strong", null, b.name),
      " ",
      h("span", { class: "badge" }, t(b.scope === BanScope.Cabinet ? "mod.banScopeCabinet" : "mod.banScopeLesson")),
      " ",
      h("span", { class: "muted" }, formatDateTime(b.at)),
      b.reason ? h("span", { class: "ban-reason" }, t("removed.reason", { reason: b.reason })) : null,
    ),
    h("span", { class: "actions" }, actionButton(t("mod.liftBan"), "ban-lift", () => session.moderate(Mod.Unban, b.id))),
  );
}

/** The label of a moderation action for the log. */
export function actionLabel(action: number, hasTarget: boolean, detail: string | null): string {
  if (action === Mod.PinMessage && !detail) return t("mod.action.36.off");
  if ((action === Mod.LockMic || action === Mod.UnlockMic) && !hasTarget) return t(`mod.action.${action}.all` as Key);
  const key = `mod.action.${action}`;
  return action >= 0 && action <= lastModAction && hasKey(key) ? t(key) : t("mod.action.unknown", { n: action });
}

function detailText(action: number, detail: string | null): string | null {
  if (detail === null || detail === "") return null;
  switch (action) {
    case Mod.StudentsJoinMuted:
    case Mod.AdmitManually:
    case Mod.LateToLobby:
      return detail === "true" ? t("mod.on") : detail === "false" ? t("mod.off") : detail;
    case Mod.SlowMode:
      return detail === "0" ? t("mod.off") : t("mod.seconds", { n: detail });
    case Mod.Timeout:
      return t("mod.minutes", { n: detail });
    case Mod.DeleteMessage:
    case Mod.PinMessage:
      return /^\d+$/.test(detail) ? `#${detail}` : detail;
    default:
      return detail;
  }
}

function logItem(e: LogEntry): HTMLElement {
  const detail = detailText(e.action, e.detail);
  return h(
    "li",
    { class: "log-entry", testid: "moderation-entry", "data-action": e.action },
    h("time", { class: "log-time", datetime: e.at.toISOString() }, formatTime(e.at)),
    " ",
    h("span", { class: "log-actor" }, e.actorName),
    " · ",
    h("span", { class: "log-action" }, actionLabel(e.action, e.targetId !== null, e.detail)),
    e.targetName ? [" · ", h("span", { class: "log-target" }, e.targetName)] : null,
    detail ? [" · ", h("span", { class: "log-detail" }, detail)] : null,
  );
}
