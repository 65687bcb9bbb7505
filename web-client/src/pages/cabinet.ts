// The cabinet view: lesson header, own controls, staff controls, participants, chat, and for staff
// the moderation panel.
import { h, replaceChildren } from "../dom";
import type { LiveSession, SessionEvent } from "../hub";
import { t } from "../i18n";
import type { MediaController } from "../media/controller";
import { Phase, Role } from "../types";
import { runAction } from "./actions";
import { chatPanel } from "./chat";
import { selfControls } from "./controls";
import { lessonTime, phaseBadge } from "./lessons";
import { moderationPanel } from "./moderation";
import { participantList } from "./participants";

export function cabinetView(
  session: LiveSession,
  media: MediaController,
): { el: HTMLElement; update(e: SessionEvent): void; destroy(): void } {
  const display = session.isDisplay;
  const staff = session.isStaff;
  const header = h("header", { class: "lesson-head" });
  const people = participantList(session);
  const chat = chatPanel(session, display);
  const self = selfControls(session, media);
  const mod = staff ? moderationPanel(session) : null;

  function renderHeader(): void {
    const lesson = session.lesson;
    if (!lesson) return;
    replaceChildren(
      header,
      h("h1", { testid: "cabinet-name" }, lesson.cabinetName),
      h("p", { class: "lesson-sub" }, [lesson.subject, lesson.className].filter(Boolean).join(" · ")),
      h("p", { class: "lesson-when" }, phaseBadge(lesson.phase), " ", lessonTime(lesson.startsAt, lesson.endsAt)),
      session.isStaff ? staffControls(session, lesson.phase) : null,
      display ? null : self.el,
    );
  }

  renderHeader();

  const classes = ["cabinet"];
  if (display) classes.push("display-mode");
  if (staff) classes.push("staff-view");
  const el = h(
    "section",
    { class: classes.join(" "), testid: "cabinet" },
    header,
    media.stage.el,
    h(
      "div",
      { class: "cabinet-body" },
      display ? null : h("aside", { class: "people" }, people.title, people.el),
      chat.el,
      mod?.el,
    ),
  );

  media.attached();

  return {
    el,
    update(e) {
      mod?.update(e);
      switch (e.type) {
        case "participants":
          people.render();
          chat.participantsChanged();
          break;
        case "participant":
          people.update(e.id);
          chat.participantsChanged();
          break;
        case "you":
          self.update();
          chat.participantsChanged();
          break;
        case "rules":
          self.update();
          people.render();
          chat.rulesChanged();
          break;
        case "chat":
          chat.add(e.message);
          break;
        case "chatReset":
          chat.reset();
          break;
        case "chatDeleted":
          chat.remove(e.seq);
          break;
        case "phase":
          renderHeader();
          break;
      }
    },
    destroy() {
      mod?.destroy();
    },
  };
}

function staffControls(session: LiveSession, phase: number): HTMLElement {
  const box = h("div", { class: "actions staff-controls" });
  if (phase === Phase.Scheduled) {
    const early = h("button", { type: "button", testid: "cabinet-open-early" }, t("live.openEarly"));
    early.addEventListener("click", () => runAction(early, () => session.openEarly()));
    box.append(early);
  }
  if (phase !== Phase.Ended) {
    const end = h("button", { type: "button", class: "danger", testid: "cabinet-end-lesson" }, t("live.endLesson"));
    end.addEventListener("click", () => {
      if (confirm(t("live.confirmEnd"))) runAction(end, () => session.endLesson());
    });
    box.append(end);
  }
  if (session.you?.role === Role.Teacher && session.lesson) {
    box.append(
      h(
        "a",
        { href: `/lessons/${encodeURIComponent(session.lesson.lessonId)}/report`, target: "_blank", rel: "noopener", class: "button" },
        t("live.report"),
      ),
    );
  }
  return box;
}
