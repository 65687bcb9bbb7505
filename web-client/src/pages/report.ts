// /lessons/{id}/report: attendance of one lesson.
import { api } from "../api";
import { requireLogin } from "../auth";
import { h, replaceChildren } from "../dom";
import { t } from "../i18n";
import { link } from "../router";
import { formatTime, toDate } from "../time";
import { lessonTime } from "./lessons";

export const reportPage = requireLogin(async (root, [lessonId]) => {
  replaceChildren(root, h("p", { class: "muted" }, t("common.loading")));
  const report = await api.report(lessonId);
  const attended = report.rows.filter((r) => r.attended).length;
  const yesNo = (b: boolean) => (b ? t("common.yes") : t("common.no"));
  const time = (x: Parameters<typeof toDate>[0]) => {
    const d = toDate(x);
    return d ? formatTime(d) : t("common.none");
  };
  replaceChildren(
    root,
    h("p", { class: "no-print" }, link("/", t("common.back"))),
    h("h1", null, t("report.title")),
    h(
      "p",
      null,
      h("strong", null, report.title || t("lesson.untitled")),
      " · ",
      report.className,
      " · ",
      lessonTime(toDate(report.startsAt), toDate(report.endsAt)),
    ),
    h("p", { testid: "report-summary" }, t("report.summary", { n: attended, total: report.rows.length })),
    h(
      "p",
      { class: "no-print" },
      h("a", { href: api.reportCsvUrl(lessonId), download: `report-${lessonId}.csv`, class: "button", testid: "report-csv" }, t("report.csv")),
    ),
    report.rows.length === 0
      ? h("p", { class: "muted" }, t("report.empty"))
      : h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "report", testid: "report-table" },
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                [
                  t("report.colName"),
                  t("report.colAttended"),
                  t("report.colFirst"),
                  t("report.colLast"),
                  t("report.colMinutes"),
                  t("report.colReconnects"),
                  t("report.colChat"),
                  t("report.colHands"),
                ].map((c) => h("th", null, c)),
              ),
            ),
            h(
              "tbody",
              null,
              report.rows.map((r) =>
                h(
                  "tr",
                  { class: r.attended ? "" : "absent", testid: "report-row", "data-attended": String(r.attended) },
                  h("td", null, r.name),
                  h("td", null, r.attended ? yesNo(true) : h("strong", null, t("report.never"))),
                  h("td", null, time(r.firstJoin)),
                  h("td", null, time(r.lastLeave)),
                  h("td", { class: "num" }, String(r.minutesPresent)),
                  h("td", { class: "num" }, String(r.reconnects)),
                  h("td", { class: "num" }, String(r.chatMessages)),
                  h("td", { class: "num" }, String(r.handsRaised)),
                ),
              ),
            ),
          ),
        ),
  );
});
