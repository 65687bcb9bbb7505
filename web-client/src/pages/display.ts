// What a branch building's display shows over the lesson's picture: the school and the lesson, small
// and semi-transparent in a corner, so the room knows what it is watching without the caption
// covering the teacher's slides.
import { h, replaceChildren } from "../dom";
import type { LiveSession } from "../hub";

export function displayCaption(session: LiveSession): { el: HTMLElement; render(): void; destroy(): void } {
  const el = h("div", { class: "display-caption", testid: "display-caption" });

  function render(): void {
    const lesson = session.lesson;
    if (!lesson) return;
    const title = lesson.title || lesson.cabinetName;
    const sub = [lesson.subject, lesson.className, lesson.title ? lesson.cabinetName : ""].filter(Boolean).join(" · ");
    replaceChildren(
      el,
      lesson.schoolName ? h("span", { class: "display-school", testid: "display-school" }, lesson.schoolName) : null,
      h("span", { class: "display-title", testid: "display-title" }, title),
      sub ? h("span", { class: "display-sub" }, sub) : null,
    );
  }

  render();
  return { el, render, destroy: () => undefined };
}
