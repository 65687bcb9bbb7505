// Charts of the attendance reports, drawn in the browser as inline SVG (no chart library). Every
// label is a text node, so names are never parsed as markup.
import type { PresenceRow, StudentTerm, TimelineView } from "./types";
import { formatTime, toDate } from "./time";
import { s } from "./dom";

const width = 900;
const nameWidth = 190;
const rowHeight = 22;
const axisHeight = 26;
const maxShownName = 26;

function shortName(name: string): string {
  return name.length <= maxShownName ? name : name.slice(0, maxShownName - 1) + "…";
}

/** A tick every 5, 10, 15, 30 or 60 minutes, whichever gives at most ten. */
function tickStep(spanMs: number): number {
  const minutes = spanMs / 60_000;
  for (const step of [5, 10, 15, 30, 60, 120]) {
    if (minutes / step <= 10) return step * 60_000;
  }
  return 240 * 60_000;
}

export interface TimelineLabels {
  present: string;
  lobby: string;
  hand: string;
  start: string;
  end: string;
}

/** Who was present when: a row per student, green while present, amber while in the lobby, a dot per raised hand. */
export function presenceChart(view: TimelineView, labels: TimelineLabels): SVGSVGElement {
  const zone = view.timeZone;
  const from = toDate(view.from)?.getTime() ?? 0;
  // The axis spans the whole lesson as scheduled (or longer if it overran), so a short stay shows
  // where in the lesson it was; stretches themselves end at the server's "until".
  const until = Math.max(toDate(view.until)?.getTime() ?? from, toDate(view.endsAt)?.getTime() ?? from, from + 60_000);
  const plot = width - nameWidth - 12;
  const x = (t: number) => nameWidth + ((Math.min(Math.max(t, from), until) - from) / (until - from)) * plot;
  const height = axisHeight + view.rows.length * rowHeight + 8;
  const time = (ms: number) => formatTime(new Date(ms), zone);
  const span = (a: number, b: number) => `${time(a)}–${time(b)}`;

  const ticks: SVGElement[] = [];
  const step = tickStep(until - from);
  for (let t = Math.ceil(from / step) * step; t <= until; t += step) {
    ticks.push(
      s("line", { x1: x(t), x2: x(t), y1: axisHeight - 4, y2: height, class: "tick" }),
      s("text", { x: x(t), y: axisHeight - 9, "text-anchor": "middle", class: "tick-label" }, time(t)),
    );
  }
  const marker = (at: number, label: string, cls: string) =>
    at >= from && at <= until ? s("line", { x1: x(at), x2: x(at), y1: axisHeight - 4, y2: height, class: cls }, s("title", null, `${label} ${time(at)}`)) : null;

  const rows = view.rows.map((row: PresenceRow, i) => {
    const y = axisHeight + i * rowHeight;
    const bar = (kind: string, a: number, b: number, label: string) =>
      s("rect", { x: x(a), y: y + 4, width: Math.max(1.5, x(b) - x(a)), height: rowHeight - 8, rx: 2, class: kind, "data-kind": kind },
        s("title", null, `${row.name}: ${label} ${span(a, b)}`));
    return s(
      "g",
      { class: i % 2 ? "row odd" : "row", testid: "presence-row", "data-name": row.name, "data-id": row.participantId },
      s("rect", { x: 0, y, width, height: rowHeight, class: "row-bg" }),
      s("text", { x: 4, y: y + rowHeight / 2 + 4, class: "row-label" }, shortName(row.name), s("title", null, row.name)),
      row.lobby.map((st) => bar("lobby", toDate(st.from)!.getTime(), toDate(st.to)!.getTime(), labels.lobby)),
      row.present.map((st) => bar("present", toDate(st.from)!.getTime(), toDate(st.to)!.getTime(), labels.present)),
      row.hands.map((h) => {
        const at = toDate(h)!.getTime();
        return s("circle", { cx: x(at), cy: y + 5, r: 3.5, class: "hand", "data-kind": "hand" }, s("title", null, `${row.name}: ${labels.hand} ${time(at)}`));
      }),
    );
  });

  return s(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", class: "chart presence-chart", testid: "presence-chart", "aria-label": labels.present },
    ticks,
    rows,
    marker(toDate(view.startsAt)?.getTime() ?? 0, labels.start, "edge"),
    marker(toDate(view.endsAt)?.getTime() ?? 0, labels.end, "edge"),
  );
}

/** Attendance rate per student over a term: one bar each, with "67 % · 2/3". */
export function termChart(students: StudentTerm[], percentLabel: (rate: number, attended: number, expected: number) => string): SVGSVGElement {
  const plot = width - nameWidth - 120;
  const height = students.length * rowHeight + 8;
  const rows = students.map((st, i) => {
    const y = 4 + i * rowHeight;
    const rate = st.rate ?? 0;
    const label = st.rate === null ? "—" : percentLabel(rate, st.attended, st.expected);
    return s(
      "g",
      { class: i % 2 ? "row odd" : "row", testid: "term-bar", "data-name": st.name, "data-rate": st.rate === null ? "" : String(st.rate) },
      s("rect", { x: 0, y, width, height: rowHeight, class: "row-bg" }),
      s("text", { x: 4, y: y + rowHeight / 2 + 4, class: "row-label" }, shortName(st.name), s("title", null, st.name)),
      s("rect", { x: nameWidth, y: y + 4, width: plot, height: rowHeight - 8, rx: 2, class: "track" }),
      s("rect", { x: nameWidth, y: y + 4, width: Math.max(0, rate * plot), height: rowHeight - 8, rx: 2, class: rate < 0.5 ? "rate low" : "rate" }),
      s("text", { x: nameWidth + plot + 8, y: y + rowHeight / 2 + 4, class: "rate-label" }, label),
    );
  });
  return s("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", class: "chart term-chart", testid: "term-chart" }, rows);
}
