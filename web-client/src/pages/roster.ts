// /classes/{id}: the roster editor (paste names, CSV upload, codes, join links).
import { api } from "../api";
import { requireLogin } from "../auth";
import { h, replaceChildren, urlBox } from "../dom";
import { describeError } from "../errors";
import { formField, onSubmit } from "../forms";
import { t } from "../i18n";
import { link } from "../router";
import { clearMessages, showError, showNotice } from "../shell";
import type { ClassDetail, Student } from "../types";

export function joinUrl(code: string): string {
  return `${location.origin}/j/${encodeURIComponent(code)}`;
}

export const rosterPage = requireLogin(async (root, [classId]) => {
  replaceChildren(root, h("p", { class: "muted" }, t("common.loading")));
  let cls = await api.classDetail(classId);

  const title = h("h1");
  const tableHolder = h("div");
  const render = (c: ClassDetail) => {
    cls = c;
    title.textContent = t("roster.title", { name: c.name });
    renderTable(tableHolder, c, reload);
  };
  const reload = async () => render(await api.classDetail(classId));

  // paste names
  const names = h("textarea", { rows: 6, required: true, testid: "roster-text" });
  const pasteForm = h(
    "form",
    { class: "stack-form", testid: "roster-form" },
    formField(t("roster.addHint"), names),
    h("button", { type: "submit", class: "primary", testid: "roster-submit" }, t("roster.addSubmit")),
  );
  onSubmit(pasteForm, {
    fields: { "roster.empty": names, "roster.too_large": names },
    run: () => api.addStudents(classId, names.value),
    done: (c) => {
      render(c);
      names.value = "";
      showNotice(t("roster.added"));
    },
  });

  // CSV
  const file = h("input", { type: "file", accept: ".csv,text/csv,text/plain", testid: "roster-csv" });
  const csvForm = h(
    "form",
    { class: "stack-form", testid: "roster-csv-form" },
    formField(t("roster.csvHint"), file),
    h("button", { type: "submit", testid: "roster-csv-submit" }, t("roster.csvSubmit")),
  );
  onSubmit(csvForm, {
    check: () => (file.files?.[0] ? [] : [[file, t("roster.csvChoose")]]),
    fields: { "roster.empty": file, "roster.too_large": file, "roster.unreadable": file },
    run: () => api.uploadCsv(classId, file.files![0]),
    done: (c) => {
      render(c);
      csvForm.reset();
      showNotice(t("roster.added"));
    },
  });

  replaceChildren(
    root,
    h("p", { class: "no-print" }, link("/", t("common.back"))),
    title,
    h("p", null, link(`/classes/${encodeURIComponent(classId)}/print`, t("roster.print"), { class: "button", "data-testid": "roster-print" })),
    tableHolder,
    h(
      "div",
      { class: "two-col" },
      h("section", { class: "card" }, h("h2", null, t("roster.add")), pasteForm),
      h("section", { class: "card" }, h("h2", null, t("roster.csv")), csvForm),
    ),
  );
  render(cls);
});

function renderTable(holder: HTMLElement, cls: ClassDetail, reload: () => Promise<void>): void {
  if (cls.students.length === 0) {
    replaceChildren(holder, h("p", { class: "muted", testid: "roster-empty" }, t("roster.empty")));
    return;
  }
  const rows = cls.students.map((s, i) => studentRow(cls.id, s, i + 1, reload));
  replaceChildren(
    holder,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "roster", testid: "roster-table" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", null, t("roster.colN")),
            h("th", null, t("roster.colName")),
            h("th", null, t("roster.colCode")),
            h("th", null, t("roster.colLink")),
            h("th", null, t("roster.colActions")),
          ),
        ),
        h("tbody", null, rows),
      ),
    ),
  );
}

function studentRow(classId: string, s: Student, n: number, reload: () => Promise<void>): HTMLElement {
  const newCode = h("button", { type: "button", class: "small", testid: "student-new-code" }, t("roster.newCode"));
  newCode.addEventListener("click", async () => {
    if (!confirm(t("roster.confirmNewCode", { name: s.name }))) return;
    clearMessages();
    try {
      await api.regenerateCode(classId, s.id);
      await reload();
    } catch (e) {
      showError(describeError(e));
    }
  });
  const remove = h("button", { type: "button", class: "small danger", testid: "student-remove" }, t("roster.remove"));
  remove.addEventListener("click", async () => {
    if (!confirm(t("roster.confirmRemove", { name: s.name }))) return;
    clearMessages();
    try {
      await api.removeStudent(classId, s.id);
      await reload();
    } catch (e) {
      showError(describeError(e));
    }
  });
  return h(
    "tr",
    { testid: "student-row", "data-student-id": s.id },
    h("td", null, String(n)),
    h("td", null, s.name),
    h("td", { class: "code", testid: "student-code" }, s.codeDisplay || s.code),
    h("td", null, urlBox(joinUrl(s.code), t("common.copy"), t("common.copied"))),
    h("td", { class: "row-actions" }, newCode, remove),
  );
}
