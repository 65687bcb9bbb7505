// /classes/{id}/attendance: a class's attendance rate per student over a date range (a term),
// as a bar chart and a table. Dates are the school's (the server counts days in its time zone).
import "../styles/school.css";
import { requireLogin } from "../auth";
import { termChart } from "../charts";
import { busy, field, h, replaceChildren } from "../dom";
import { describeError } from "../errors";
import { t } from "../i18n";
import { link } from "../router";
import { api } from "../api";
import type { TermReport } from "../types";
import { clearMessages, showError } from "../shell";
import { isoDate } from "../time";

/** The school year starts on the 1st of September: before it, the range reaches back to last year's. */
function termStart(today: string): string {
  const [y, m] = today.split("-").map(Number);
  return `${m >= 9 ? y : y - 1}-09-01`;
}

const percent = (rate: number) => Math.round(rate * 100);

export const termPage = requireLogin(async (root, [classId]) => {
  replaceChildren(root, h("p", { class: "muted" }, t("common.loading")));
  const today = isoDate(new Date());
  const from = h("input", { type: "date", required: true, value: termStart(today), testid: "term-from" });
  const to = h("input", { type: "date", required: true, value: today, testid: "term-to" });
  const title = h("h1");
  const body = h("div", { testid: "term-body" });
  const form = h(
    "form",
    { class: "term-range no-print", testid: "term-form" },
    field(t("term.from"), from),
    field(t("term.to"), to),
    h("button", { type: "submit", class: "primary", testid: "term-show" }, t("term.show")),
  );
  const show = (report: TermReport) => {
    title.textContent = t("term.title", { name: report.className });
    // The server's school-zone dates win over the device's guess.
    from.value = report.from;
    to.value = report.to;
    const shown = report.students;
    replaceChildren(
      body,
      h("p", { testid: "term-lessons", "data-count": report.lessons.length }, t("term.lessons", { n: report.lessons.length })),
      report.lessons.length === 0 || shown.length === 0
        ? h("p", { class: "muted" }, t("term.none"))
        : [
            termChart(shown, (rate, a, e) => t("term.percent", { p: percent(rate), a, e })),
            h(
              "div",
              { class: "table-wrap" },
              h(
                "table",
                { class: "report", testid: "term-table" },
                h("thead", null, h("tr", null, [t("term.colName"), t("term.colAttended"), t("term.colExpected"), t("term.colRate")].map((x) => h("th", null, x)))),
                h(
                  "tbody",
                  null,
                  shown.map((s) =>
                    h(
                      "tr",
                      { testid: "term-row", class: s.rate !== null && s.rate < 0.5 ? "absent" : "" },
                      h("td", null, s.name),
                      h("td", { class: "num" }, String(s.attended)),
                      h("td", { class: "num" }, String(s.expected)),
                      h("td", { class: "num" }, s.rate === null ? t("common.none") : `${percent(s.rate)} %`),
                    ),
                  ),
                ),
              ),
            ),
          ],
    );
  };
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearMessages();
    try {
      show(await busy(form, () => api.term(classId, from.value, to.value)));
    } catch (err) {
      showError(describeError(err));
    }
  });
  const first = await api.term(classId, from.value, to.value);
  replaceChildren(
    root,
    h("p", { class: "no-print" }, link(`/classes/${encodeURIComponent(classId)}`, "← " + first.className)),
    title,
    form,
    body,
  );
  show(first);
});
