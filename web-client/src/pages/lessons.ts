// The lessons of one cabinet on the dashboard: list, schedule form, per-lesson actions and links.
import { api } from "../api";
import { busy, h, replaceChildren } from "../dom";
import { formField, onSubmit } from "../forms";
import { describeError } from "../errors";
import { t, type Key } from "../i18n";
import { link } from "../router";
import { clearMessages, showError } from "../shell";
import { formatDate, formatTime, localInputsToIso, nextQuarterHour, toDate } from "../time";
import { Phase, type Cabinet, type ClassSummary, type Lesson } from "../types";
import { renderLinks } from "./lesson-links";

const shownByDefault = 8;

export function lessonsBlock(cabinet: Cabinet, classes: ClassSummary[]): HTMLElement {
  const list = h("ul", { class: "lesson-list", testid: "lesson-list" });
  const more = h("div");
  const block = h(
    "div",
    { class: "lessons" },
    scheduleForm(cabinet, classes, () => void load()),
    h("h4", null, t("cab.lessons")),
    list,
    more,
  );

  async function load(): Promise<void> {
    replaceChildren(list, h("li", { class: "muted" }, t("common.loading")));
    replaceChildren(more);
    try {
      const lessons = await api.lessons(cabinet.id);
      replaceChildren(list);
      if (lessons.length === 0) list.append(h("li", { class: "muted" }, t("cab.noLessons")));
      lessons.slice(0, shownByDefault).forEach((l) => list.append(lessonRow(l)));
      if (lessons.length > shownByDefault) {
        const all = h("button", { type: "button", class: "link-button" }, t("cab.showAll", { n: lessons.length }));
        all.addEventListener("click", () => {
          lessons.slice(shownByDefault).forEach((l) => list.append(lessonRow(l)));
          replaceChildren(more);
        });
        more.append(all);
      }
    } catch (e) {
      replaceChildren(list, h("li", { class: "error-text" }, describeError(e)));
    }
  }

  void load();
  return block;
}

function scheduleForm(cabinet: Cabinet, classes: ClassSummary[], onCreated: () => void): HTMLElement {
  if (classes.length === 0) return h("p", { class: "muted" }, t("sched.needClass"));
  const defaults = nextQuarterHour();
  const classSelect = h(
    "select",
    { required: true, testid: "schedule-class" },
    h("option", { value: "" }, t("sched.chooseClass")),
    classes.map((c) => h("option", { value: c.id }, c.name)),
  );
  if (classes.length === 1) classSelect.value = classes[0].id;
  const title = h("input", { type: "text", maxlength: 200, testid: "schedule-title" });
  const date = h("input", { type: "date", required: true, value: defaults.date, testid: "schedule-date" });
  const time = h("input", { type: "time", required: true, value: defaults.time, testid: "schedule-time" });
  const duration = h("input", { type: "number", min: 5, max: 480, step: 5, value: 45, required: true, testid: "schedule-duration" });
  const opens = h("input", { type: "number", min: 0, max: 120, value: 10, required: true, testid: "schedule-opens" });
  const form = h(
    "form",
    { class: "form-grid", testid: "schedule-form" },
    formField(t("sched.class"), classSelect),
    formField(t("sched.lessonTitle"), title),
    formField(t("sched.date"), date),
    formField(t("sched.time"), time),
    formField(t("sched.duration"), duration, t("form.durationRule", { min: duration.min, max: duration.max })),
    formField(t("sched.opensBefore"), opens, t("form.opensRule", { max: opens.max })),
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary", testid: "schedule-submit" }, t("sched.submit"))),
  );
  const startsAt = () => localInputsToIso(date.value, time.value);
  onSubmit(form, {
    check: () => (date.value && time.value && !startsAt() ? [[date, t("err.lesson.invalid_schedule")]] : []),
    // The server's schedule rules beyond the fields' own ranges are about the date (not before yesterday, within a year).
    fields: { "lesson.invalid_schedule": date },
    run: () =>
      api.scheduleLesson(cabinet.id, {
        classId: classSelect.value,
        title: title.value.trim() || undefined,
        startsAt: startsAt()!,
        durationMinutes: Number(duration.value),
        entryOpensMinutesBefore: Number(opens.value),
      }),
    done: () => {
      title.value = "";
      details.open = false;
      onCreated();
    },
  });
  const details = h("details", { class: "schedule" }, h("summary", { class: "button-like" }, t("sched.title")), form);
  return details;
}

export function phaseBadge(phase: number): HTMLElement {
  const p = [0, 1, 2, 3].includes(phase) ? phase : 0;
  return h("span", { class: `badge phase-${p}`, testid: "phase" }, t(`phase.${p}` as Key));
}

/** "Mon, 1 December, 09:00–09:45" in the given zone (the school's), else the device's. */
export function lessonTime(startsAt: Date | null, endsAt: Date | null, zone?: string): string {
  return t("lesson.time", { date: formatDate(startsAt, zone), from: formatTime(startsAt, zone), to: formatTime(endsAt, zone) });
}

function lessonRow(lesson: Lesson): HTMLElement {
  const startsAt = toDate(lesson.startsAt);
  const endsAt = toDate(lesson.endsAt);
  const panel = h("div", { class: "links-panel", hidden: true });
  const actions = h("div", { class: "actions" });
  const row = h(
    "li",
    { class: `lesson phase-${lesson.phase}`, testid: "lesson", "data-lesson-id": lesson.id },
    h(
      "div",
      { class: "lesson-main" },
      h("strong", null, lesson.title || t("lesson.untitled")),
      " · ",
      h("span", null, lesson.className),
      " ",
      phaseBadge(lesson.phase),
      h("div", { class: "muted" }, lessonTime(startsAt, endsAt)),
    ),
    actions,
    panel,
  );

  const replaceWith = (updated: Lesson) => row.replaceWith(lessonRow(updated));

  if (lesson.phase !== Phase.Ended) {
    actions.append(link(`/cabinet/${encodeURIComponent(lesson.id)}`, t("lesson.enter"), { class: "button primary", "data-testid": "enter-cabinet" }));
  }
  if (lesson.phase === Phase.Scheduled) {
    const early = h("button", { type: "button", testid: "open-early" }, t("lesson.openEarly"));
    early.addEventListener("click", () => act(actions, () => api.openEarly(lesson.id), replaceWith));
    actions.append(early);
  }
  if (lesson.phase !== Phase.Ended) {
    const end = h("button", { type: "button", class: "danger", testid: "end-lesson" }, t("lesson.end"));
    end.addEventListener("click", () => {
      if (confirm(t("lesson.confirmEnd"))) act(actions, () => api.endLesson(lesson.id), replaceWith);
    });
    actions.append(end);
  }
  const linksButton = h("button", { type: "button", "aria-expanded": "false", testid: "links-toggle" }, t("lesson.links"));
  linksButton.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    linksButton.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) void renderLinks(panel, lesson.id);
  });
  actions.append(linksButton, link(`/lessons/${encodeURIComponent(lesson.id)}/report`, t("lesson.report"), { class: "button" }));
  return row;
}

function act(scope: HTMLElement, call: () => Promise<Lesson>, done: (l: Lesson) => void): void {
  clearMessages();
  busy(scope, call).then(done, (e) => showError(describeError(e)));
}

export { linkUrl } from "./lesson-links";
