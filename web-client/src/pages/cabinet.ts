// The cabinet view: the live lesson laid out to fit one screen with no page scroll.
//
// - Wide screens (a teacher's 1366 × 768 PC, a student's laptop): the lesson bar on top (staff: with
//   the console toolbar), the stage and, for staff, the participant grid in the main column; on the
//   right, staff keep raised hands and the lobby in view above tabs (chat, questions, journal),
//   students get tabs (chat, participants). Students' own controls sit under the stage.
// - Narrow screens (a 360 px phone): the stage on top with a bounded height, then tabs (chat,
//   participants; staff also questions and management), and own controls as a bottom bar.
// - Displays (a branch building's screen): the stage alone as big as the screen, with a discreet
//   caption (display.ts); the read-only chat while nothing is shown.
//
// Parts are built once and moved between places when the layout changes (rotation, window resize),
// so an input being typed, a scroll position or an open menu survive.
import { h } from "../dom";
import type { LiveSession, SessionEvent } from "../hub";
import { t } from "../i18n";
import type { MediaController } from "../media/controller";
import { Audience } from "../types";
import { chatPanel } from "./chat";
import { selfControls } from "./controls";
import { displayCaption } from "./display";
import { lessonBar } from "./lesson-bar";
import { moderationPanel } from "./moderation";
import { participantList } from "./participants";
import { tabs, type TabSpec } from "./tabs";
import { consoleToolbar } from "./toolbar";
import { receptionPanel } from "./reception";

/** Below this width the phone layout is used (also tablets in portrait). */
export const wideQuery = "(min-width: 1000px)";

export function cabinetView(
  session: LiveSession,
  media: MediaController,
): { el: HTMLElement; update(e: SessionEvent): void; destroy(): void } {
  const display = session.isDisplay;
  const staff = session.isStaff;
  const people = participantList(session);
  const chat = chatPanel(session, display);
  const self = selfControls(session, media);
  const mod = staff ? moderationPanel(session) : null;
  const toolbar = staff ? consoleToolbar(session) : null;
  const bar = lessonBar(session);
  const caption = display ? displayCaption(session) : null;

  const stageArea = h("div", { class: "stage-area" }, media.stage.el, caption?.el);
  // Displays show the lesson in full: they choose nothing.
  const reception = display ? null : receptionPanel(session);
  const own = h("nav", { class: "own-controls", testid: "own-controls", "aria-label": t("self.controls") }, self.el, reception?.el);
  const main = h("div", { class: "live-main" });
  const side = h("div", { class: "live-side" });

  const panel = (id: string, ...children: (HTMLElement | null | undefined)[]) => h("section", { class: `live-panel panel-${id}` }, children);
  const chatPanelEl = panel("chat", chat.el);
  const questionsPanelEl = panel("questions");
  const peoplePanelEl = panel("people", people.title, people.el);
  const managePanelEl = panel("manage");
  const journalPanelEl = panel("journal");
  const tabset = tabs("live-tabs", (id) => {
    // Chat and questions are one chat panel with a filter: it moves to the tab being shown.
    if (id === "chat" || id === "questions") {
      (id === "chat" ? chatPanelEl : questionsPanelEl).append(chat.el);
      chat.setMode(id === "questions" ? "questions" : "all");
    }
  });

  const chatTab: TabSpec = { id: "chat", label: () => t("live.chat"), panel: chatPanelEl };
  const questionsTab: TabSpec = { id: "questions", label: () => t("tabs.questions"), panel: questionsPanelEl };
  const peopleTab: TabSpec = { id: "people", label: () => t("tabs.people", { n: session.participants.size }), panel: peoplePanelEl };
  const manageTab: TabSpec = { id: "manage", label: () => t("tabs.manage"), panel: managePanelEl };
  const journalTab: TabSpec = { id: "journal", label: () => t("tabs.journal"), panel: journalPanelEl };

  const classes = ["cabinet", "live-layout"];
  if (display) classes.push("display-mode");
  else if (staff) classes.push("staff-view");
  else classes.push("student-view");
  const el = h("section", { class: classes.join(" "), testid: "cabinet" }, bar.el, main, side, own);

  const wide = window.matchMedia(wideQuery);
  let layout: "wide" | "narrow" | "display" | null = null;

  function arrange(): void {
    const next = display ? "display" : wide.matches ? "wide" : "narrow";
    if (next === layout) return;
    layout = next;
    el.classList.toggle("layout-wide", next === "wide");
    el.classList.toggle("layout-narrow", next === "narrow");
    el.classList.toggle("layout-display", next === "display");
    if (next === "display") {
      main.replaceChildren(stageArea);
      side.replaceChildren(chatPanelEl);
      chatPanelEl.append(chat.el);
      own.hidden = true;
      return;
    }
    own.hidden = false;
    if (staff && mod && toolbar) {
      if (next === "wide") {
        bar.tools.replaceChildren(toolbar.el);
        main.replaceChildren(stageArea, own, h("section", { class: "people-grid-area", "aria-label": t("tabs.peopleTitle") }, people.title, people.el));
        side.replaceChildren(mod.queue, tabset.el);
        journalPanelEl.replaceChildren(mod.journal);
        tabset.set([chatTab, questionsTab, journalTab]);
      } else {
        bar.tools.replaceChildren();
        el.append(own);
        main.replaceChildren(stageArea);
        peoplePanelEl.replaceChildren(people.title, people.el);
        managePanelEl.replaceChildren(toolbar.el, mod.queue, mod.journal);
        side.replaceChildren(tabset.el);
        tabset.set([chatTab, questionsTab, peopleTab, manageTab]);
      }
    } else {
      main.replaceChildren(stageArea);
      if (next === "wide") main.append(own);
      else el.append(own);
      peoplePanelEl.replaceChildren(people.title, people.el);
      side.replaceChildren(tabset.el);
      tabset.set([chatTab, peopleTab]);
    }
    // The chat panel lives in whichever of chat/questions is selected.
    const selected = tabset.selected();
    if (selected === "questions") questionsPanelEl.append(chat.el);
    else chatPanelEl.append(chat.el);
    chat.setMode(selected === "questions" ? "questions" : "all");
  }

  arrange();
  wide.addEventListener("change", arrange);
  media.attached();

  /** A phone's manage tab counts who waits for the teacher: raised hands and the lobby. */
  function countWaiting(): void {
    if (!staff) return;
    const hands = Array.from(session.participants.values()).filter((p) => !!p.handRaisedAt).length;
    tabset.setBadge("manage", hands + session.lobby.length);
  }
  countWaiting();

  /** Unread counts on tabs that are not shown. */
  function noteMessage(audience: number, mine: boolean): void {
    if (mine) return;
    if (staff && audience === Audience.Staff) tabset.bump("questions");
    else tabset.bump("chat");
  }

  return {
    el,
    update(e) {
      mod?.update(e);
      if (e.type === "participants" || e.type === "participant" || e.type === "lobby") countWaiting();
      switch (e.type) {
        case "participants":
          people.render();
          chat.participantsChanged();
          toolbar?.update();
          tabset.relabel();
          break;
        case "participant":
          people.update(e.id);
          chat.participantsChanged();
          toolbar?.update();
          break;
        case "you":
          self.update();
          chat.participantsChanged();
          break;
        case "rules":
          self.update();
          people.render();
          chat.rulesChanged();
          toolbar?.update();
          break;
        case "chat":
          chat.add(e.message);
          noteMessage(e.message.audience, e.message.senderId === session.you?.id);
          break;
        case "chatReset":
          chat.reset();
          break;
        case "chatDeleted":
          chat.remove(e.seq);
          break;
        case "reception":
          reception?.update();
          break;
        case "linkQuality":
          if (e.participantId === session.you?.id) reception?.update();
          if (staff) people.update(e.participantId);
          break;
        case "phase":
          bar.render();
          caption?.render();
          toolbar?.phaseChanged();
          break;
      }
    },
    destroy() {
      wide.removeEventListener("change", arrange);
      bar.destroy();
      caption?.destroy();
      mod?.destroy();
    },
  };
}
