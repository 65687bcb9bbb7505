// The participant list: name, role, state badges; for staff, a grid of cards with each student's
// actions in a menu.
import { h, replaceChildren } from "../dom";
import type { LiveSession } from "../hub";
import { t, type Key } from "../i18n";
import { icon, type IconName } from "../icons";
import { Mod, cameraForbidden, chatDisabled, parseMinutes, screenGranted, type Participant } from "../moderation-state";
import { showError } from "../shell";
import { Role, isStaffRole } from "../types";
import { actionButton } from "./actions";
import { linkBadge } from "./reception";

export interface ParticipantList {
  el: HTMLElement;
  title: HTMLElement;
  /** Everything again (joins, leaves, snapshot). */
  render(): void;
  /** One participant's state changed. */
  update(id: string): void;
}

export function participantList(session: LiveSession): ParticipantList {
  const list = h("ul", { class: "participants", testid: "participants" });
  const title = h("h2");
  /** Rows whose action menu is open survive re-rendering. */
  const openMenus = new Set<string>();

  function row(p: Participant): HTMLElement {
    const el = participantRow(session, p);
    const menu = el.querySelector("details");
    if (menu) {
      menu.open = openMenus.has(p.id);
      menu.addEventListener("toggle", () => {
        if (!menu.open) {
          openMenus.delete(p.id);
          return;
        }
        // One student's menu at a time: an open menu spans the whole row of the grid.
        openMenus.clear();
        openMenus.add(p.id);
        for (const other of Array.from(list.querySelectorAll<HTMLDetailsElement>("details.p-more[open]"))) if (other !== menu) other.open = false;
      });
    }
    return el;
  }

  function render(): void {
    const people = Array.from(session.participants.values()).sort((a, b) => a.role - b.role || a.name.localeCompare(b.name));
    for (const id of Array.from(openMenus)) if (!session.participants.has(id)) openMenus.delete(id);
    title.textContent = t("live.participants", { n: people.length });
    replaceChildren(list, people.map(row));
  }

  function update(id: string): void {
    const p = session.participants.get(id);
    const existing = Array.from(list.children).find((li) => (li as HTMLElement).dataset.id === id) as HTMLElement | undefined;
    if (!p || !existing || existing.dataset.name !== p.name) {
      render();
      return;
    }
    existing.replaceWith(row(p));
  }

  render();
  return { el: list, title, render, update };
}

function participantRow(session: LiveSession, p: Participant): HTMLElement {
  const isYou = p.id === session.you?.id;
  const staffView = session.isStaff;
  const student = p.role === Role.Student;
  const mayAct = staffView && student && !isYou;
  const badges: HTMLElement[] = [];
  if (student || p.role === Role.Teacher || p.role === Role.CoTeacher) {
    badges.push(badge(p.micOn ? "mic" : "micOff", t(p.micOn ? "state.micOn" : "state.micOff"), p.micOn ? "mic-on" : "mic-off", staffView && student));
  }
  if (p.micLocked) badges.push(badge("lock", t("state.micLocked"), "mic-locked", staffView));
  if (p.handRaisedAt) badges.push(badge("hand", t("state.hand"), "hand", true));
  // Who shares comes from the participant (rules.screenSharerId is only refreshed with RulesChanged).
  if (p.sharing) badges.push(badge("screen", t("state.sharing"), "sharing", true));
  if (staffView && cameraForbidden(p)) badges.push(badge("cameraOff", t("state.cameraForbidden"), "camera-forbidden", true));
  if (staffView && chatDisabled(p)) badges.push(badge("chat", t("state.chatDisabled"), "chat-disabled", true));
  if (staffView && student && screenGranted(p) && !p.sharing) badges.push(badge("screen", t("state.screenGranted"), "screen-granted", true));
  const link = staffView && !isYou ? session.reception.quality.get(p.id) : undefined;
  if (link) badges.push(linkBadge(link));

  return h(
    "li",
    {
      class: `participant role-${p.role}${mayAct ? " moderated" : ""}${p.handRaisedAt ? " hand-up" : ""}`,
      testid: "participant",
      "data-id": p.id,
      "data-role": p.role,
      "data-name": p.name,
      "data-mic": p.micOn ? "on" : "off",
      "data-mic-locked": p.micLocked ? "true" : null,
      "data-hand": p.handRaisedAt ? "raised" : null,
      "data-sharing": p.sharing ? "true" : null,
      // forbidden (staff see why), else whether the camera is on: switched on by its owner and allowed.
      "data-camera": staffView && cameraForbidden(p) ? "forbidden" : student || isStaffRole(p.role) ? (p.cameraOn ? "on" : "off") : null,
      "data-chat": staffView && chatDisabled(p) ? "disabled" : null,
    },
    h(
      "span",
      { class: "p-head" },
      h("span", { class: "p-name" }, p.name),
      isYou ? h("span", { class: "muted" }, " " + t("live.you")) : null,
      h("span", { class: "p-role" }, t(`role.${p.role}` as Key)),
    ),
    badges.length ? h("span", { class: "p-states" }, badges) : null,
    mayAct ? rowActions(session, p) : null,
  );
}

function badge(name: IconName, label: string, kind: string, showLabel: boolean): HTMLElement {
  return h(
    "span",
    { class: `p-state state-${kind}`, title: label, "data-state": kind },
    icon(name),
    showLabel ? h("span", { class: "p-state-label" }, label) : h("span", { class: "sr-only" }, label),
  );
}

/**
 * Every action on one student sits in the row's menu (a console with 30 students has no room for
 * buttons in each row), the frequent ones first. A toggle shows only the action that applies now.
 */
function rowActions(session: LiveSession, p: Participant): HTMLElement {
  const mod = (action: number, value?: string) => () => session.moderate(action, p.id, value);
  const b = (label: Key, testid: string, call: () => Promise<void> | null, cls = "small") =>
    actionButton(t(label, { name: p.name }), testid, call, { class: cls });

  const items = [
    p.micOn ? b("mod.mute", "mod-mute", mod(Mod.Mute)) : b("mod.unmute", "mod-unmute", mod(Mod.Unmute)),
    p.micLocked ? b("mod.unlockMic", "mod-unlock-mic", mod(Mod.UnlockMic)) : b("mod.lockMic", "mod-lock-mic", mod(Mod.LockMic)),
    b("mod.giveFloor", "mod-give-floor", mod(Mod.GiveFloor), "small primary"),
    p.handRaisedAt ? b("mod.lowerHand", "mod-lower-hand", mod(Mod.LowerHand)) : null,
    cameraForbidden(p)
      ? b("mod.allowCamera", "mod-allow-camera", mod(Mod.AllowCamera))
      : b("mod.forbidCamera", "mod-forbid-camera", mod(Mod.ForbidCamera)),
    screenGranted(p)
      ? b("mod.revokeScreen", "mod-revoke-screen", mod(Mod.RevokeScreen))
      : b("mod.grantScreen", "mod-grant-screen", mod(Mod.GrantScreen)),
    chatDisabled(p)
      ? b("mod.enableChat", "mod-enable-chat", mod(Mod.EnableChat))
      : b("mod.disableChat", "mod-disable-chat", mod(Mod.DisableChat)),
    b("mod.rename", "mod-rename", () => {
      const name = prompt(t("mod.renamePrompt", { name: p.name }), p.name);
      if (name === null || !name.trim() || name.trim() === p.name) return null;
      return session.moderate(Mod.Rename, p.id, name.trim());
    }),
    b("mod.sendToLobby", "mod-send-to-lobby", () =>
      confirm(t("mod.confirmSendToLobby", { name: p.name })) ? session.moderate(Mod.SendToLobby, p.id) : null,
    ),
    b("mod.timeout", "mod-timeout", () => {
      const text = prompt(t("mod.timeoutPrompt", { name: p.name }), "5");
      if (text === null) return null;
      const minutes = parseMinutes(text);
      if (minutes === null) {
        showError(t("mod.timeoutInvalid"));
        return null;
      }
      return session.moderate(Mod.Timeout, p.id, String(minutes));
    }),
    b("mod.kick", "mod-kick", () => (confirm(t("mod.confirmKick", { name: p.name })) ? session.moderate(Mod.Kick, p.id) : null), "small danger"),
    b("mod.banLesson", "mod-ban-lesson", () => ban(session, p, Mod.BanFromLesson, "mod.confirmBanLesson"), "small danger"),
    b("mod.banCabinet", "mod-ban-cabinet", () => ban(session, p, Mod.BanFromCabinet, "mod.confirmBanCabinet"), "small danger"),
  ];

  return h(
    "details",
    { class: "p-more p-actions" },
    h("summary", { testid: "mod-menu", class: "p-menu-button", title: t("mod.menuOf", { name: p.name }), "aria-label": t("mod.menuOf", { name: p.name }) }, icon("more")),
    h("span", { class: "p-menu actions" }, items),
  );
}

function ban(session: LiveSession, p: Participant, action: number, confirmKey: Key): Promise<void> | null {
  if (!confirm(t(confirmKey, { name: p.name }))) return null;
  const reason = prompt(t("mod.banReason", { name: p.name }), "");
  if (reason === null) return null;
  return session.moderate(action, p.id, reason.trim());
}
