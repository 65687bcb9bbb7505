// "Start a lesson now": one click from the dashboard's cabinet card or the class page to a running
// lesson (entry open at once, so the printed codes and the class link lead straight into it).
import "../styles/school.css";
import { busy, field, h } from "../dom";
import { describeError } from "../errors";
import { t } from "../i18n";
import { navigate } from "../router";
import { api } from "../api";
import { clearMessages, showError } from "../shell";
import type { Cabinet, ClassSummary } from "../types";

const lastClassKey = (cabinetId: string) => `classroom.quickStartClass.${cabinetId}`;
const lastCabinetKey = (classId: string) => `classroom.quickStartCabinet.${classId}`;

function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: the choice is simply not remembered
  }
}

function select(items: Array<{ id: string; name: string }>, preferred: string | null, testid: string): HTMLSelectElement {
  const el = h("select", { required: true, testid }, items.map((i) => h("option", { value: i.id }, i.name)));
  if (preferred && items.some((i) => i.id === preferred)) el.value = preferred;
  return el;
}

/**
 * The start-now form. With one cabinet and one class fixed it is a single button; otherwise the
 * other one is a select that remembers the last choice, so the next time it is one click again.
 */
export function quickStartForm(opts: { cabinet?: Cabinet; cabinets?: Cabinet[]; classItem?: ClassSummary; classes?: ClassSummary[] }): HTMLElement | null {
  const cabinets = opts.cabinet ? [opts.cabinet] : (opts.cabinets ?? []);
  const classes = opts.classItem ? [opts.classItem] : (opts.classes ?? []);
  if (classes.length === 0) return null;
  if (cabinets.length === 0) return h("p", { class: "muted", testid: "quick-start-no-cabinet" }, t("quick.needCabinet"));
  const cabinetSelect = opts.cabinet ? null : select(cabinets, opts.classItem ? remembered(lastCabinetKey(opts.classItem.id)) : null, "quick-start-cabinet");
  const classSelect = opts.classItem ? null : select(classes, opts.cabinet ? remembered(lastClassKey(opts.cabinet.id)) : null, "quick-start-class");
  const duration = h("input", { type: "number", min: 5, max: 480, step: 5, value: 45, required: true, testid: "quick-start-duration" });
  const submit = h("button", { type: "submit", class: "primary", testid: "quick-start-submit" }, t("quick.submit"));
  const form = h(
    "form",
    { class: "quick-start", testid: "quick-start" },
    cabinetSelect && cabinets.length > 1 ? field(t("quick.cabinet"), cabinetSelect) : null,
    classSelect && classes.length > 1 ? field(t("quick.class"), classSelect) : null,
    h("label", { class: "field duration" }, h("span", { class: "field-label" }, t("quick.duration")), duration),
    submit,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearMessages();
    const cabinetId = opts.cabinet?.id ?? cabinetSelect!.value;
    const classId = opts.classItem?.id ?? classSelect!.value;
    try {
      const lesson = await busy(form, () => api.startNow(cabinetId, classId, Number(duration.value) || undefined));
      remember(lastClassKey(cabinetId), classId);
      remember(lastCabinetKey(classId), cabinetId);
      navigate(`/cabinet/${encodeURIComponent(lesson.id)}`);
    } catch (err) {
      showError(describeError(err));
    }
  });
  return form;
}
