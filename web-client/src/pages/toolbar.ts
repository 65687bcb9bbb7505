// The console toolbar: the lesson's own buttons (open entry now, end, report) and every class-wide
// control in one row. Frequent actions are buttons; settings sit in small menus (microphones,
// cameras, chat, entry) so the row fits a 1366 px screen. Menus are built once and only their
// contents are refreshed, so an open menu stays open while the class changes.
import { h, replaceChildren } from "../dom";
import type { LiveSession } from "../hub";
import { t, type Key } from "../i18n";
import { Mod, slowModeChoices } from "../moderation-state";
import { Phase, Role } from "../types";
import { actionButton, runAction } from "./actions";
import { menu } from "./menu";

export interface ConsoleToolbar {
  el: HTMLElement;
  /** The lesson's phase changed (open-early and end buttons). */
  phaseChanged(): void;
  /** Rules or participants changed (states, stop-screen). */
  update(): void;
  relocalize(): void;
}

export function consoleToolbar(session: LiveSession): ConsoleToolbar {
  const lessonGroup = h("div", { class: "tb-group tb-lesson" });
  const mics = menu("toolbar-mics");
  const cameras = menu("toolbar-cameras");
  const chat = menu("toolbar-chat");
  const entry = menu("toolbar-entry");
  const muteAll = h("span", { class: "tb-slot" });
  const lowerHands = h("span", { class: "tb-slot" });
  const stopScreen = h("span", { class: "tb-slot" });
  const states = h("p", { class: "mod-states", testid: "mod-states" });
  const classGroup = h(
    "div",
    { class: "tb-group tb-class mod-controls", testid: "mod-controls" },
    muteAll,
    mics.el,
    cameras.el,
    chat.el,
    lowerHands,
    stopScreen,
    entry.el,
  );
  const el = h("div", { class: "console-toolbar", testid: "console-toolbar", role: "toolbar" }, lessonGroup, classGroup, states);

  const all = (action: number) => () => session.moderate(action);
  const b = (label: Key, testid: string, action: number, cls = "small") => actionButton(t(label), testid, all(action), { class: cls });
  const toggle = (label: Key, testid: string, checked: boolean, set: (on: boolean) => Promise<void>) => {
    const box = h("input", { type: "checkbox", testid, checked });
    box.addEventListener("change", () => {
      const on = box.checked;
      runAction(box, () => set(on), () => (box.checked = !on));
    });
    return h("label", { class: "mod-toggle" }, box, " ", t(label));
  };
  const boolSetting = (action: number) => (on: boolean) => session.moderate(action, null, on ? "true" : "false");

  function phaseChanged(): void {
    const lesson = session.lesson;
    const phase = lesson?.phase ?? Phase.Scheduled;
    const early =
      phase === Phase.Scheduled ? h("button", { type: "button", class: "small primary", testid: "cabinet-open-early" }, t("live.openEarly")) : null;
    early?.addEventListener("click", () => runAction(early, () => session.openEarly()));
    const end =
      phase !== Phase.Ended ? h("button", { type: "button", class: "small danger", testid: "cabinet-end-lesson" }, t("live.endLesson")) : null;
    end?.addEventListener("click", () => {
      if (confirm(t("live.confirmEnd"))) runAction(end, () => session.endLesson());
    });
    const report =
      session.you?.role === Role.Teacher && lesson
        ? h(
            "a",
            { href: `/lessons/${encodeURIComponent(lesson.lessonId)}/report`, target: "_blank", rel: "noopener", class: "button small", testid: "cabinet-report" },
            t("live.report"),
          )
        : null;
    replaceChildren(lessonGroup, early, end, report);
  }

  function update(): void {
    const r = session.rules;
    replaceChildren(muteAll, b("tb.muteAll", "mod-mute-all", Mod.MuteAll));
    replaceChildren(lowerHands, b("mod.lowerAllHands", "mod-lower-all-hands", Mod.LowerAllHands));
    // ParticipantUpdated keeps `sharing` current; the rules' sharer id only changes with RulesChanged.
    const sharer = Array.from(session.participants.values()).find((p) => p.sharing);
    const stop = b("mod.stopScreen", "mod-stop-screen", Mod.StopScreen);
    stop.disabled = !sharer;
    replaceChildren(stopScreen, stop);

    mics.summary.textContent = t("tb.mics");
    mics.summary.classList.toggle("tb-on", r.studentMicsLocked || r.studentsJoinMuted);
    replaceChildren(
      mics.body,
      b("mod.lockAll", "mod-lock-all", Mod.LockMic),
      b("mod.unlockAll", "mod-unlock-all", Mod.UnlockMic),
      toggle("mod.joinMuted", "mod-join-muted", r.studentsJoinMuted, boolSetting(Mod.StudentsJoinMuted)),
    );

    cameras.summary.textContent = t("tb.cameras");
    cameras.summary.classList.toggle("tb-on", !r.studentCamerasAllowed);
    replaceChildren(
      cameras.body,
      b("mod.forbidCameras", "mod-forbid-cameras", Mod.ForbidCamerasAll),
      b("mod.allowCameras", "mod-allow-cameras", Mod.AllowCamerasAll),
    );

    const slow = h("select", { testid: "mod-slow-mode", "aria-label": t("mod.slowMode") });
    const choices: number[] = [...slowModeChoices];
    if (!choices.includes(r.slowModeSeconds)) choices.push(r.slowModeSeconds);
    for (const s of choices.sort((a, c) => a - c)) {
      slow.append(h("option", { value: String(s) }, s === 0 ? t("mod.off") : t("mod.seconds", { n: s })));
    }
    slow.value = String(r.slowModeSeconds);
    slow.addEventListener("change", () => {
      const before = String(session.rules.slowModeSeconds);
      runAction(slow, () => session.moderate(Mod.SlowMode, null, slow.value), () => (slow.value = before));
    });
    chat.summary.textContent = t("tb.chat");
    chat.summary.classList.toggle("tb-on", !r.studentChatAllowed || r.slowModeSeconds > 0);
    replaceChildren(
      chat.body,
      b("mod.disableChatAll", "mod-disable-chat-all", Mod.DisableChatAll),
      b("mod.enableChatAll", "mod-enable-chat-all", Mod.EnableChatAll),
      h("label", { class: "mod-toggle" }, t("mod.slowMode"), " ", slow),
    );

    entry.summary.textContent = t("tb.entry");
    entry.summary.classList.toggle("tb-on", r.admitManually || r.lateToLobby || r.locked);
    replaceChildren(
      entry.body,
      toggle("mod.admitManually", "mod-admit-manually", r.admitManually, boolSetting(Mod.AdmitManually)),
      toggle("mod.lateToLobby", "mod-late-to-lobby", r.lateToLobby, boolSetting(Mod.LateToLobby)),
      toggle("mod.lockCabinet", "mod-lock-cabinet", r.locked, (on) => session.moderate(on ? Mod.Lock : Mod.Unlock)),
    );

    const list: string[] = [];
    if (r.studentMicsLocked) list.push(t("mod.stateMicsLocked"));
    if (!r.studentCamerasAllowed) list.push(t("mod.stateCamerasForbidden"));
    if (!r.studentChatAllowed) list.push(t("mod.stateChatDisabled"));
    if (r.slowModeSeconds > 0) list.push(t("mod.stateSlowMode", { n: r.slowModeSeconds }));
    if (r.locked) list.push(t("mod.stateLocked"));
    if (sharer) list.push(t("mod.stateSharing", { name: sharer.name }));
    replaceChildren(states, list.map((s) => h("span", { class: "badge warn" }, s)));
    states.hidden = list.length === 0;
  }

  function relocalize(): void {
    el.setAttribute("aria-label", t("tb.label"));
    phaseChanged();
    update();
  }

  relocalize();
  return { el, phaseChanged, update, relocalize };
}
