// "/" for a signed-in teacher: cabinets with their lessons, classes, admin tools, own password.
import { api } from "../api";
import { requireLogin } from "../auth";
import { h, replaceChildren } from "../dom";
import { formField, onSubmit } from "../forms";
import { t } from "../i18n";
import { link, rerender } from "../router";
import type { Cabinet, ClassSummary } from "../types";
import { accountSection, adminSection } from "./admin";
import { lessonsBlock } from "./lessons";
import { quickStartForm } from "./quick-start";

export const dashboardPage = requireLogin(async (root, _params, me) => {
  replaceChildren(root, h("p", { class: "muted" }, t("common.loading")));
  const [cabinets, classes] = await Promise.all([api.cabinets(), api.classes()]);
  replaceChildren(
    root,
    h("h1", { testid: "dashboard" }, t("dash.hello", { name: me.displayName || me.userName })),
    cabinetsSection(cabinets, classes),
    classesSection(classes),
    me.isAdmin ? adminSection() : null,
    accountSection(),
  );
});

function cabinetsSection(cabinets: Cabinet[], classes: ClassSummary[]): HTMLElement {
  const name = h("input", { type: "text", required: true, maxlength: 100, testid: "cabinet-name" });
  const subject = h("input", { type: "text", required: true, maxlength: 100, testid: "cabinet-subject" });
  const form = h(
    "form",
    { class: "inline-form", testid: "cabinet-form" },
    formField(t("cab.name"), name),
    formField(t("cab.subject"), subject),
    h("button", { type: "submit", testid: "cabinet-submit" }, t("cab.create")),
  );
  onSubmit(form, { fields: { invalid_name: name }, run: () => api.createCabinet(name.value.trim(), subject.value.trim()), done: rerender });
  return h(
    "section",
    { class: "card", testid: "cabinets" },
    h("h2", null, t("cab.title")),
    cabinets.length === 0 ? h("p", { class: "muted" }, t("cab.none")) : null,
    cabinets.map((c) =>
      h(
        "article",
        { class: "cabinet-card", testid: "cabinet-item", "data-cabinet-id": c.id },
        h("h3", null, c.name, " ", h("span", { class: "muted" }, c.subject)),
        quickStartForm({ cabinet: c, classes }),
        lessonsBlock(c, classes),
      ),
    ),
    h("h3", { class: "form-title" }, t("cab.new")),
    form,
  );
}

function classesSection(classes: ClassSummary[]): HTMLElement {
  const name = h("input", { type: "text", required: true, maxlength: 100, testid: "class-name" });
  const form = h(
    "form",
    { class: "inline-form", testid: "class-form" },
    formField(t("cls.name"), name),
    h("button", { type: "submit", testid: "class-submit" }, t("cls.create")),
  );
  onSubmit(form, { fields: { invalid_name: name }, run: () => api.createClass(name.value.trim()), done: rerender });
  return h(
    "section",
    { class: "card", testid: "classes" },
    h("h2", null, t("cls.title")),
    classes.length === 0
      ? h("p", { class: "muted" }, t("cls.none"))
      : h(
          "ul",
          { class: "plain-list" },
          classes.map((c) =>
            h(
              "li",
              { testid: "class-item", "data-class-id": c.id },
              link(`/classes/${encodeURIComponent(c.id)}`, c.name),
              " ",
              h("span", { class: "muted" }, t("cls.students", { n: c.studentCount })),
            ),
          ),
        ),
    h("h3", { class: "form-title" }, t("cls.new")),
    form,
  );
}
