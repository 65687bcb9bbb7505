// The cabinet view: lesson header, staff controls, participants, chat.
import { h, replaceChildren } from "../dom";
import { describeError } from "../errors";
import type { LiveSession, SessionEvent } from "../hub";
import { t, type Key } from "../i18n";
import { clearMessages, showError } from "../shell";
import { Phase, Role, type ParticipantView } from "../types";
import { chatPanel } from "./chat";
import { lessonTime, phaseBadge } from "./lessons";

export function cabinetView(session: LiveSession): { el: HTMLElement; update(e: SessionEvent): void } {
  const display = session.isDisplay;
  const header = h("header", { class: "lesson-head" });
  const people = h("ul", { class: "participants", testid: "participants" });
  const peopleTitle = h("h2");
  const chat = chatPanel(session, display);

  function renderHeader(): void {
    const lesson = session.lesson;
    if (!lesson) return;
    replaceChildren(
      header,
      h("h1", { testid: "cabinet-name" }, lesson.cabinetName),
      h("p", { class: "lesson-sub" }, [lesson.subject, lesson.className].filter(Boolean).join(" · ")),
      h("p", { class: "lesson-when" }, phaseBadge(lesson.phase), " ", lessonTime(lesson.startsAt, lesson.endsAt)),
      session.isStaff ? staffControls(session, lesson.phase) : null,
    );
  }

  function renderParticipants(): void {
    const list = Array.from(session.participants.values()).sort(
      (a, b) => a.role - b.role || a.name.localeCompare(b.name),
    );
    peopleTitle.textContent = t("live.participants", { n: list.length });
    replaceChildren(people, list.map((p) => participantEl(p, p.id === session.you?.id)));
  }

  renderHeader();
  renderParticipants();

  const el = h(
    "section",
    { class: display ? "cabinet display-mode" : "cabinet", testid: "cabinet" },
    header,
    h(
      "div",
      { class: "cabinet-body" },
      display ? null : h("aside", { class: "people" }, peopleTitle, people),
      chat.el,
    ),
  );

  return {
    el,
    update(e) {
      switch (e.type) {
        case "participants":
          renderParticipants();
          chat.participantsChanged();
          break;
        case "chat":
          chat.add(e.message);
          break;
        case "chatReset":
          chat.reset();
          break;
        case "phase":
          renderHeader();
          break;
      }
    },
  };
}

function participantEl(p: ParticipantView, isYou: boolean): HTMLElement {
  return h(
    "li",
    { class: `participant role-${p.role}`, testid: "participant", "data-id": p.id, "data-role": p.role },
    h("span", { class: "p-name" }, p.name),
    isYou ? h("span", { class: "muted" }, " " + t("live.you")) : null,
    h("span", { class: "p-role" }, t(`role.${p.role}` as Key)),
  );
}

function staffControls(session: LiveSession, phase: number): HTMLElement {
  const box = h("div", { class: "actions staff-controls" });
  const run = (button: HTMLButtonElement, call: () => Promise<void>) => {
    clearMessages();
    button.disabled = true;
    call()
      .catch((e) => showError(describeError(e)))
      .finally(() => (button.disabled = false));
  };
  if (phase === Phase.Scheduled) {
    const early = h("button", { type: "button", testid: "cabinet-open-early" }, t("live.openEarly"));
    early.addEventListener("click", () => run(early, () => session.openEarly()));
    box.append(early);
  }
  if (phase !== Phase.Ended) {
    const end = h("button", { type: "button", class: "danger", testid: "cabinet-end-lesson" }, t("live.endLesson"));
    end.addEventListener("click", () => {
      if (confirm(t("live.confirmEnd"))) run(end, () => session.endLesson());
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
