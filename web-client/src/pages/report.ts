// /lessons/{id}/report: attendance of one lesson in the school's time zone, the presence timeline,
// the teacher's moderation log, and both CSVs.
import "../styles/school.css";
import { api } from "../api";
import { requireLogin } from "../auth";
import { h, replaceChildren } from "../dom";
import { presenceChart } from "../charts";
import { describeError } from "../errors";
import { t } from "../i18n";
import { link } from "../router";
import { formatDateTime, formatTime, toDate } from "../time";
import type { LessonReport, ModerationEntryView, WireDate } from "../types";
import { lessonTime } from "./lessons";
import { actionLabel } from "./moderation";

export const reportPage = requireLogin(async (root, [lessonId]) => {
  replaceChildren(root, h("p", { class: "muted" }, t("common.loading")));
  const report = await api.report(lessonId);
  const zone = report.timeZone;
  const starts = toDate(report.startsAt);
  const timeline = h("div", { testid: "report-timeline" }, h("p", { class: "muted" }, t("common.loading")));
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
      lessonTime(starts, toDate(report.endsAt), zone),
    ),
    zone ? h("p", { class: "muted small-text", testid: "report-zone" }, t("report.zone", { zone })) : null,
    h("p", { testid: "report-summary" }, t("report.summary", { n: report.rows.filter((r) => r.attended).length, total: report.rows.length })),
    h(
      "p",
      { class: "no-print actions" },
      h("a", { href: api.reportCsvUrl(lessonId), download: `report-${lessonId}.csv`, class: "button", testid: "report-csv" }, t("report.csv")),
      h("a", { href: api.moderationCsvUrl(lessonId), download: `moderation-${lessonId}.csv`, class: "button", testid: "report-log-csv" }, t("report.logCsv")),
    ),
    attendanceTable(report),
    h("h2", null, t("report.timeline")),
    timeline,
    h("h2", null, t("report.logTitle")),
    logTable(report.moderationLog ?? [], zone),
  );
  try {
    const view = await api.timeline(lessonId);
    replaceChildren(
      timeline,
      view.rows.length === 0
        ? h("p", { class: "muted" }, t("report.timelineEmpty"))
        : [
            h(
              "p",
              { class: "chart-legend" },
              h("span", null, h("span", { class: "swatch present" }), t("chart.present")),
              h("span", null, h("span", { class: "swatch lobby" }), t("chart.lobby")),
              h("span", null, h("span", { class: "swatch hand" }), t("chart.hand")),
            ),
            presenceChart(view, { present: t("chart.present"), lobby: t("chart.lobby"), hand: t("chart.hand"), start: t("chart.start"), end: t("chart.end") }),
          ],
    );
  } catch (e) {
    replaceChildren(timeline, h("p", { class: "error-text" }, describeError(e)));
  }
});

function attendanceTable(report: LessonReport): HTMLElement {
  const zone = report.timeZone;
  const time = (x: WireDate | null) => {
    const d = toDate(x);
    return d ? formatTime(d, zone) : t("common.none");
  };
  if (report.rows.length === 0) return h("p", { class: "muted" }, t("report.empty"));
  const headings = [
    t("report.colName"),
    t("report.colAttended"),
    t("report.colFirst"),
    t("report.colLast"),
    t("report.colMinutes"),
    t("report.colReconnects"),
    t("report.colChat"),
    t("report.colHands"),
  ];
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "report", testid: "report-table" },
      h("thead", null, h("tr", null, headings.map((x) => h("th", null, x)))),
      h(
        "tbody",
        null,
        report.rows.map((r) =>
          h(
            "tr",
            { class: r.attended ? "" : "absent", testid: "report-row", "data-attended": String(r.attended) },
            h("td", null, r.name),
            h("td", null, r.attended ? t("common.yes") : h("strong", null, t("report.never"))),
            h("td", { testid: "report-first-join" }, time(r.firstJoin)),
            h("td", null, time(r.lastLeave)),
            h("td", { class: "num" }, String(Math.round(r.minutesPresent))),
            h("td", { class: "num" }, String(r.reconnects)),
            h("td", { class: "num" }, String(r.chatMessages)),
            h("td", { class: "num" }, String(r.handsRaised)),
          ),
        ),
      ),
    ),
  );
}

function logTable(log: ModerationEntryView[], zone: string | undefined): HTMLElement {
  if (log.length === 0) return h("p", { class: "muted", testid: "report-log-empty" }, t("report.logEmpty"));
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "report", testid: "report-log" },
      h("thead", null, h("tr", null, [t("report.log.time"), t("report.log.by"), t("report.log.action"), t("report.log.to"), t("report.log.detail")].map((x) => h("th", null, x)))),
      h(
        "tbody",
        null,
        log.map((e) =>
          h(
            "tr",
            { testid: "report-log-entry", "data-action": e.action },
            h("td", null, formatDateTime(toDate(e.at), zone)),
            h("td", null, e.actorName),
            h("td", null, actionLabel(e.action, e.targetId !== null && e.targetId !== undefined, e.detail ?? null)),
            h("td", null, e.targetName ?? ""),
            h("td", null, e.detail ?? ""),
          ),
        ),
      ),
    ),
  );
}
