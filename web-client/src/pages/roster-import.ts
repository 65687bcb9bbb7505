// Adding students to a class: paste a list or upload a CSV, see what the server would do (added,
// back with old codes, already there, skipped lines and why), then import. Importing the same list
// again adds nobody twice: the server merges by name.
import { busy, h, replaceChildren } from "../dom";
import { formField, onSubmit } from "../forms";
import { describeError } from "../errors";
import { hasKey, t } from "../i18n";
import { api } from "../api";
import type { ClassDetail, RosterReport } from "../types";
import { clearMessages, showError } from "../shell";

type Source = { kind: "text"; text: string } | { kind: "csv"; file: File };

export function rosterImport(classId: string, onImported: (next: ClassDetail) => void): HTMLElement {
  const result = h("div", { testid: "roster-result" });

  /** Shows what the server would do with the list, and the button that does it. */
  function showPreview(source: Source, report: RosterReport): void {
    const changes = report.added.length + report.restored.length > 0;
    const importButton = changes ? h("button", { type: "button", class: "primary", testid: "roster-import" }, t("roster.import")) : null;
    importButton?.addEventListener("click", async () => {
      clearMessages();
      try {
        const next = await busy(result, () => (source.kind === "text" ? api.importText(classId, source.text) : api.importCsv(classId, source.file)));
        onImported(next);
        if (source.kind === "text") names.value = "";
        else csvForm.reset();
        replaceChildren(result, next.import ? reportView(next.import, true) : null);
      } catch (e) {
        showError(describeError(e));
      }
    });
    replaceChildren(result, reportView(report, false), importButton);
  }

  const names = h("textarea", { rows: 6, required: true, testid: "roster-text" });
  const pasteForm = h(
    "form",
    { class: "stack-form", testid: "roster-form" },
    formField(t("roster.addHint"), names),
    h("button", { type: "submit", class: "primary", testid: "roster-preview" }, t("roster.preview")),
  );
  onSubmit(pasteForm, {
    fields: { "roster.empty": names, "roster.too_large": names },
    run: () => api.previewText(classId, names.value),
    done: (report) => showPreview({ kind: "text", text: names.value }, report),
    failed: () => replaceChildren(result),
  });

  const file = h("input", { type: "file", accept: ".csv,text/csv,text/plain", testid: "roster-csv" });
  const csvForm = h(
    "form",
    { class: "stack-form", testid: "roster-csv-form" },
    formField(t("roster.csvHint"), file),
    h("button", { type: "submit", testid: "roster-csv-preview" }, t("roster.preview")),
  );
  onSubmit(csvForm, {
    check: () => (file.files?.[0] ? [] : [[file, t("roster.csvChoose")]]),
    fields: { "roster.empty": file, "roster.too_large": file, "roster.unreadable": file },
    run: () => api.previewCsv(classId, file.files![0]),
    done: (report) => showPreview({ kind: "csv", file: file.files![0] }, report),
    failed: () => replaceChildren(result),
  });

  return h(
    "div",
    null,
    h("p", { class: "muted small-text" }, t("roster.mergeHint")),
    h(
      "div",
      { class: "two-col" },
      h("section", { class: "card" }, h("h2", null, t("roster.add")), pasteForm),
      h("section", { class: "card" }, h("h2", null, t("roster.csv")), csvForm),
    ),
    result,
  );
}

function reportView(report: RosterReport, done: boolean): HTMLElement {
  const list = (names: string[], testid: string) =>
    names.length ? h("ul", { testid }, names.map((n) => h("li", null, n))) : null;
  return h(
    "section",
    { class: "roster-report", testid: "roster-report", "data-state": done ? "done" : "preview" },
    h("h3", null, t(done ? "roster.report.done" : "roster.report.preview")),
    h("p", { testid: "roster-report-added", "data-count": report.added.length }, t("roster.report.added", { n: report.added.length })),
    list(report.added, "roster-report-added-names"),
    report.restored.length ? h("p", { testid: "roster-report-restored", "data-count": report.restored.length }, t("roster.report.restored", { n: report.restored.length })) : null,
    list(report.restored, "roster-report-restored-names"),
    h("p", { testid: "roster-report-unchanged", "data-count": report.unchanged.length }, t("roster.report.unchanged", { n: report.unchanged.length })),
    report.skipped.length
      ? [
          h("p", { testid: "roster-report-skipped", "data-count": report.skipped.length }, t("roster.report.skipped", { n: report.skipped.length })),
          h(
            "ul",
            { class: "skipped" },
            report.skipped.map((s) =>
              h("li", { testid: "roster-skipped-line", "data-reason": s.reason }, t("roster.skip.line", { line: s.line, text: s.text, reason: reason(s.reason) })),
            ),
          ),
        ]
      : null,
    !done && report.added.length + report.restored.length === 0 ? h("p", { class: "muted" }, t("roster.report.nothing")) : null,
  );
}

function reason(code: string): string {
  const key = `roster.skip.${code}`;
  return hasKey(key) ? t(key) : code;
}
