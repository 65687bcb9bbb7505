// The lesson bar at the top of a live screen: cabinet, subject, class and topic, the phase as the
// server last said it, and a timer (time to the start, elapsed and remaining, or the overrun). The
// timer runs on the server's clock (LiveSession.serverNow: the device clock plus the offset measured
// from the server's answers), so a classroom PC whose clock is wrong still shows the right minutes.
import { h, replaceChildren } from "../dom";
import type { LiveSession } from "../hub";
import { t } from "../i18n";
import { formatCountdown } from "../time";
import { Phase } from "../types";
import { phaseBadge } from "./lessons";

export interface LessonBar {
  el: HTMLElement;
  /** The slot at the end of the bar where the console puts its toolbar (or own controls). */
  tools: HTMLElement;
  render(): void;
  destroy(): void;
}

export function lessonBar(session: LiveSession): LessonBar {
  const title = h("div", { class: "lesson-title" });
  const phase = h("span", { class: "lesson-phase", testid: "lesson-phase" });
  const timer = h("span", { class: "lesson-timer", testid: "lesson-timer", "aria-live": "off" });
  const status = h("div", { class: "lesson-status" }, phase, timer);
  const tools = h("div", { class: "lesson-tools" });
  const el = h("header", { class: "lesson-head lesson-bar", testid: "lesson-bar" }, title, status, tools);

  function render(): void {
    const lesson = session.lesson;
    if (!lesson) return;
    const sub = [lesson.subject, lesson.className, lesson.title].filter(Boolean).join(" · ");
    replaceChildren(
      title,
      session.isDisplay && lesson.schoolName ? h("p", { class: "kiosk-school", testid: "bar-school" }, lesson.schoolName) : null,
      h("h1", { testid: "cabinet-name" }, lesson.cabinetName),
      sub ? h("p", { class: "lesson-sub", testid: "lesson-sub" }, sub) : null,
    );
    phase.dataset.phase = String(lesson.phase);
    replaceChildren(phase, phaseBadge(lesson.phase));
    tick();
  }

  function tick(): void {
    const lesson = session.lesson;
    if (!lesson || lesson.phase === Phase.Ended) {
      timer.hidden = true;
      return;
    }
    const now = session.serverNow();
    const starts = lesson.startsAt.getTime();
    const ends = lesson.endsAt.getTime();
    let text: string;
    let state: string;
    if (now < starts) {
      text = t("timer.startsIn", { time: formatCountdown(starts - now) });
      state = "before";
    } else if (now <= ends) {
      text = t("timer.running", { elapsed: formatCountdown(now - starts), left: formatCountdown(ends - now) });
      state = "running";
    } else {
      text = t("timer.over", { elapsed: formatCountdown(now - starts), over: formatCountdown(now - ends) });
      state = "over";
    }
    timer.hidden = false;
    timer.dataset.state = state;
    if (timer.textContent !== text) timer.textContent = text;
  }

  render();
  const interval = setInterval(tick, 1000);
  return { el, tools, render, destroy: () => clearInterval(interval) };
}
