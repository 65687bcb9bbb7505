// /classes/{id}: the class page: the roster (codes, join links, removing several at once, undo),
// adding students with a preview, the standing class link, and starting a lesson now.
import "../styles/school.css";
import { api } from "../api";
import { requireLogin } from "../auth";
import { h, replaceChildren } from "../dom";
import { t } from "../i18n";
import { link } from "../router";
import type { ClassDetail } from "../types";
import { classLinkBox } from "./class-link";
import { quickStartForm } from "./quick-start";
import { renderRoster } from "./roster-table";
import { rosterImport } from "./roster-import";

export { joinUrl } from "./roster-table";

export const rosterPage = requireLogin(async (root, [classId]) => {
  replaceChildren(root, h("p", { class: "muted" }, t("common.loading")));
  const [first, cabinets] = await Promise.all([api.classDetail(classId), api.cabinets()]);

  const title = h("h1");
  const tableHolder = h("div");
  const render = (c: ClassDetail) => {
    title.textContent = t("roster.title", { name: c.name });
    renderRoster(tableHolder, c, render, reload);
  };
  const reload = async () => render(await api.classDetail(classId));
  const summary = { id: first.id, name: first.name, studentCount: first.students.length };

  replaceChildren(
    root,
    h("p", { class: "no-print" }, link("/", t("common.back"))),
    title,
    h(
      "p",
      { class: "actions" },
      link(`/classes/${encodeURIComponent(classId)}/print`, t("roster.print"), { class: "button", "data-testid": "roster-print" }),
      link(`/classes/${encodeURIComponent(classId)}/attendance`, t("roster.attendance"), { class: "button", "data-testid": "class-attendance" }),
    ),
    h("section", { class: "card", testid: "class-quick-start" }, h("h2", null, t("quick.title")), quickStartForm({ cabinets, classItem: summary })),
    first.linkToken
      ? h("section", { class: "card" }, h("h2", null, t("classLink.title")), h("p", { class: "muted small-text" }, t("classLink.hint")), classLinkBox(classId, first.linkToken, true))
      : null,
    tableHolder,
    rosterImport(classId, render),
  );
  render(first);
});
