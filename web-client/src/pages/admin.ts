// Admin: teacher accounts. Everyone: change own password.
import { api } from "../api";
import { h, replaceChildren } from "../dom";
import { describeError } from "../errors";
import { formField, maxUserNameLength, newPasswordInput, onSubmit, passwordRule, userNamePattern } from "../forms";
import { t } from "../i18n";
import { showError, showNotice } from "../shell";
import { DisplayName, type Teacher } from "../types";

/** Longest display name the server keeps (Core's DisplayName.MaxLength). */

export function adminSection(): HTMLElement {
  const table = h("div", null, h("p", { class: "muted" }, t("common.loading")));

  async function load(): Promise<void> {
    try {
      renderTeachers(table, await api.teachers(), load);
    } catch (e) {
      replaceChildren(table, h("p", { class: "error-text" }, describeError(e)));
    }
  }

  const userName = h("input", {
    type: "text",
    required: true,
    autocomplete: "off",
    autocapitalize: "none",
    spellcheck: "false",
    maxlength: maxUserNameLength,
    pattern: userNamePattern,
    "data-pattern-rule": t("form.userNameRule", { n: maxUserNameLength }),
    testid: "teacher-username",
  });
  const displayName = h("input", { type: "text", required: true, maxlength: DisplayName.MaxLength, testid: "teacher-displayname" });
  // Shown as text: the admin passes it on to the teacher, who changes it after the first sign-in.
  const password = newPasswordInput({ type: "text", autocomplete: "off", testid: "teacher-password" });
  const form = h(
    "form",
    { class: "inline-form", testid: "teacher-form" },
    formField(t("admin.userName"), userName, t("form.userNameRule", { n: maxUserNameLength })),
    formField(t("admin.displayName"), displayName, t("form.nameRule", { n: DisplayName.MaxLength })),
    formField(t("admin.password"), password, passwordRule()),
    h("button", { type: "submit", testid: "teacher-submit" }, t("admin.create")),
  );
  onSubmit(form, {
    fields: {
      "auth.user_exists": userName,
      "auth.invalid_user_name": userName,
      invalid_name: displayName,
      "auth.password_rejected": password,
    },
    run: () => api.createTeacher(userName.value.trim(), displayName.value.trim(), password.value),
    done: async () => {
      form.reset();
      await load();
    },
  });

  void load();
  return h("section", { class: "card", testid: "admin" }, h("h2", null, t("admin.title")), table, h("h3", { class: "form-title" }, t("admin.new")), form);
}

function renderTeachers(container: HTMLElement, teachers: Teacher[], reload: () => Promise<void>): void {
  const rows = teachers.map((teacher) => {
    const cell = h("td");
    const name = teacher.displayName || teacher.userName;
    const open = h("button", { type: "button", class: "small", testid: "teacher-reset" }, t("admin.reset"));
    const unlock = teacher.lockedOut ? h("button", { type: "button", class: "small", testid: "teacher-unlock" }, t("admin.unlock")) : null;
    const buttons = () => replaceChildren(cell, open, unlock);
    open.addEventListener("click", () => replaceChildren(cell, resetForm(teacher, buttons)));
    unlock?.addEventListener("click", async () => {
      unlock.disabled = true;
      try {
        await api.unlockTeacher(teacher.id);
        showNotice(t("admin.unlocked", { name }));
        await reload();
      } catch (e) {
        unlock.disabled = false;
        showError(describeError(e));
      }
    });
    buttons();
    return h(
      "tr",
      { testid: "teacher-row", "data-user-name": teacher.userName },
      h("td", null, teacher.userName),
      h("td", null, teacher.displayName),
      h(
        "td",
        null,
        teacher.isAdmin ? h("span", { class: "badge" }, t("admin.admin")) : null,
        teacher.lockedOut ? h("span", { class: "badge warn", testid: "teacher-locked" }, t("admin.locked")) : null,
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
  const password = newPasswordInput({ type: "text", autocomplete: "off", testid: "teacher-new-password" });
  const cancel = h("button", { type: "button", class: "small link-button" }, t("common.cancel"));
  cancel.addEventListener("click", done);
  const form = h(
    "form",
    { class: "row-form", testid: "teacher-reset-form" },
    formField(t("admin.newPassword"), password, passwordRule()),
    h("button", { type: "submit", class: "small", testid: "teacher-reset-submit" }, t("common.save")),
    cancel,
  );
  onSubmit(form, {
    fields: { "auth.password_rejected": password },
    run: () => api.resetTeacherPassword(teacher.id, password.value),
    done: () => {
      showNotice(t("admin.resetDone", { name: teacher.displayName || teacher.userName }));
      done();
    },
  });
  queueMicrotask(() => password.focus());
  return form;
}

export function accountSection(): HTMLElement {
  const current = h("input", { type: "password", required: true, autocomplete: "current-password", testid: "password-current" });
  const next = newPasswordInput({ testid: "password-new" });
  const form = h(
    "form",
    { class: "inline-form", testid: "password-form" },
    formField(t("account.current"), current),
    formField(t("account.new"), next, passwordRule()),
    h("button", { type: "submit", testid: "password-submit" }, t("account.change")),
  );
  onSubmit(form, {
    fields: { "auth.wrong_password": current, "auth.password_rejected": next },
    run: () => api.changePassword(current.value, next.value),
    done: () => {
      form.reset();
      showNotice(t("account.changed"));
    },
  });
  return h("section", { class: "card", testid: "account" }, h("h2", null, t("account.title")), form);
}
