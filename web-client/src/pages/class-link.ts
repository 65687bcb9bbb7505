// The standing class link: the box on the class page and the code sheet (copy, renew), and the page
// /k/{token} that shows the class's current or next lesson and asks for the student's code.
import "../styles/school.css";
import { api, ApiError } from "../api";
import { busy, h, replaceChildren, urlBox } from "../dom";
import { describeError } from "../errors";
import { t } from "../i18n";
import type { Page } from "../router";
import { clearMessages, showError } from "../shell";
import { toDate } from "../time";
import { Phase, type ClassLessonView } from "../types";
import { codeForm } from "./entry";
import { lessonTime } from "./lessons";

export function classLinkUrl(token: string): string {
  return `${location.origin}/k/${encodeURIComponent(token)}`;
}

/** The class link with a copy button, and (for the teacher) a button that issues a new one. */
export function classLinkBox(classId: string, token: string, renewable: boolean): HTMLElement {
  const holder = h("div", { class: "class-link-box", testid: "class-link" });
  const render = (current: string) => {
    const renew = renewable ? h("button", { type: "button", class: "small", testid: "class-link-renew" }, t("classLink.renew")) : null;
    renew?.addEventListener("click", async () => {
      if (!confirm(t("classLink.confirmRenew"))) return;
      clearMessages();
      try {
        render((await busy(holder, () => api.renewClassLink(classId))).linkToken);
      } catch (e) {
        showError(describeError(e));
      }
    });
    replaceChildren(holder, urlBox(classLinkUrl(current), t("common.copy"), t("common.copied")), renew);
    holder.dataset.url = classLinkUrl(current);
  };
  render(token);
  return holder;
}

function lessonBlock(lesson: ClassLessonView, zone: string, testid: string, heading: string): HTMLElement {
  const starts = toDate(lesson.startsAt);
  const ends = toDate(lesson.endsAt);
  return h(
    "section",
    { class: testid === "class-link-current" ? "lesson-now" : "lesson-next", testid },
    h("h2", null, heading),
    h("p", { class: "lead" }, lesson.title || t("lesson.untitled")),
    h("p", null, [lesson.cabinetName, lesson.subject].filter(Boolean).join(" · ")),
    h("p", null, lessonTime(starts, ends, zone)),
  );
}

/** /k/{token}: what the class has now or next, and a code form that leads into it. */
export const classLinkPage: Page = async (root, [token]) => {
  replaceChildren(root, h("p", { class: "muted" }, t("common.loading")));
  let view;
  try {
    view = await api.classLink(token);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      replaceChildren(root, h("section", { class: "card narrow center", testid: "class-link-invalid" }, h("p", { class: "lead" }, t("classLink.invalid"))));
      return;
    }
    throw e;
  }
  const zone = view.timeZone;
  const { form, input } = codeForm(null, t("classLink.codeHint"), undefined, t("classLink.enter"), "stack-form");
  const current = view.current;
  replaceChildren(
    root,
    h(
      "article",
      { class: "card narrow class-link-page", testid: "class-link-page" },
      h("h1", null, t("classLink.pageTitle", { name: view.className })),
      current
        ? lessonBlock(current, zone, "class-link-current", current.phase === Phase.InProgress ? t("classLink.now") : t("classLink.openNow"))
        : h("p", { class: "lead", testid: "class-link-none" }, view.next ? t("classLink.noneNow") : t("classLink.noLessons")),
      view.next ? lessonBlock(view.next, zone, "class-link-next", t("classLink.next")) : null,
      form,
    ),
  );
  input.focus();
};
