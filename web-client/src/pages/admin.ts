// Admin: teacher accounts. Everyone: change own password.
import { api } from "../api";
import { busy, field, h, replaceChildren } from "../dom";
import { describeError } from "../errors";
import { t } from "../i18n";
import { clearMessages, showError, showNotice } from "../shell";
import type { Teacher } from "../types";

export function adminSection(): HTMLElement {
  const table = h("div", null, h("p", { class: "muted" }, t("common.loading")));

  async function load(): Promise<void> {
    try {
      renderTeachers(table, await api.teachers());
    } catch (e) {
      replaceChildren(table, h("p", { class: "error-text" }, describeError(e)));
    }
  }

  const userName = h("input", { type: "text", required: true, autocomplete: "off", autocapitalize: "none", testid: "teacher-username" });
  const displayName = h("input", { type: "text", required: true, maxlength: 60, testid: "teacher-displayname" });
  const password = h("input", { type: "text", required: true, autocomplete: "new-password", testid: "teacher-password" });
  const form = h(
    "form",
    { class: "inline-form", testid: "teacher-form" },
    field(t("admin.userName"), userName),
    field(t("admin.displayName"), displayName),
    field(t("admin.password"), password),
    h("button", { type: "submit", testid: "teacher-submit" }, t("admin.create")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearMessages();
    try {
      await busy(form, () => api.createTeacher(userName.value.trim(), displayName.value.trim(), password.value));
      form.reset();
      await load();
    } catch (err) {
      showError(describeError(err));
    }
  });

  void load();
  return h("section", { class: "card", testid: "admin" }, h("h2", null, t("admin.title")), table, h("h3", { class: "form-title" }, t("admin.new")), form);
}

function renderTeachers(container: HTMLElement, teachers: Teacher[]): void {
  const rows = teachers.map((teacher) => {
    const cell = h("td");
    const open = h("button", { type: "button", class: "small" }, t("admin.reset"));
    open.addEventListener("click", () => replaceChildren(cell, resetForm(teacher, () => replaceChildren(cell, open))));
    cell.append(open);
    return h(
      "tr",
      { testid: "teacher-row" },
      h("td", null, teacher.userName),
      h("td", null, teacher.displayName),
      h(
        "td",
        null,
        teacher.isAdmin ? h("span", { class: "badge" }, t("admin.admin")) : null,
        teacher.lockedOut ? h("span", { class: "badge warn" }, t("admin.locked")) : null,
      ),
      cell,
    );
  });
  replaceChildren(
    container,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        null,
        h("thead", null, h("tr", null, h("th", null, t("admin.userName")), h("th", null, t("admin.displayName")), h("th"), h("th"))),
        h("tbody", null, rows),
      ),
    ),
  );
}

function resetForm(teacher: Teacher, done: () => void): HTMLElement {
  const password = h("input", { type: "text", required: true, autocomplete: "new-password", "aria-label": t("admin.newPassword"), placeholder: t("admin.newPassword") });
  const cancel = h("button", { type: "button", class: "small link-button" }, t("common.cancel"));
  cancel.addEventListener("click", done);
  const form = h("form", { class: "row-form" }, password, h("button", { type: "submit", class: "small" }, t("common.save")), cancel);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearMessages();
    try {
      await busy(form, () => api.resetTeacherPassword(teacher.id, password.value));
      showNotice(t("admin.resetDone", { name: teacher.displayName || teacher.userName }));
      done();
    } catch (err) {
      showError(describeError(err));
    }
  });
  queueMicrotask(() => password.focus());
  return form;
}

export function accountSection(): HTMLElement {
  const current = h("input", { type: "password", required: true, autocomplete: "current-password", testid: "password-current" });
  const next = h("input", { type: "password", required: true, autocomplete: "new-password", testid: "password-new" });
  const form = h(
    "form",
    { class: "inline-form", testid: "password-form" },
    field(t("account.current"), current),
    field(t("account.new"), next),
    h("button", { type: "submit", testid: "password-submit" }, t("account.change")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearMessages();
    try {
      await busy(form, () => api.changePassword(current.value, next.value));
      form.reset();
      showNotice(t("account.changed"));
    } catch (err) {
      showError(describeError(err));
    }
  });
  return h("section", { class: "card", testid: "account" }, h("h2", null, t("account.title")), form);
}
