// The roster table of the class page: codes and join links, a new code, and removing one or several
// students at once (checkboxes and one confirm) with an undo; removed students can be brought back.
import { busy, h, replaceChildren, urlBox } from "../dom";
import { describeError } from "../errors";
import { t } from "../i18n";
import { api } from "../api";
import { clearMessages, showError, showNotice } from "../shell";
import type { ClassDetail, Student } from "../types";

export function joinUrl(code: string): string {
  return `${location.origin}/j/${encodeURIComponent(code)}`;
}

/** Renders the class into <paramref name="holder"/>; every change goes through <paramref name="update"/> (which renders again). */
export function renderRoster(holder: HTMLElement, cls: ClassDetail, update: (next: ClassDetail) => void, reload: () => Promise<void>): void {
  const undo = h("div", { class: "bulk-bar notice-box", testid: "roster-undo", hidden: true });

  async function remove(ids: string[]): Promise<void> {
    clearMessages();
    try {
      const next = await busy(holder, () => api.removeStudents(cls.id, ids));
      update(next);
      offerUndo(ids);
    } catch (e) {
      showError(describeError(e));
    }
  }

  function offerUndo(ids: string[]): void {
    const button = h("button", { type: "button", class: "small", testid: "students-undo" }, t("roster.undo"));
    button.addEventListener("click", async () => {
      clearMessages();
      try {
        update(await busy(holder, () => api.restoreStudents(cls.id, ids)));
        showNotice(t("roster.undone"));
      } catch (e) {
        showError(describeError(e));
      }
    });
    // The removal rendered the holder again: the undo bar is the new render's.
    const bar = holder.querySelector<HTMLElement>("[data-testid=roster-undo]");
    if (!bar) return;
    replaceChildren(bar, h("span", null, t("roster.removedNotice", { n: ids.length })), button);
    bar.hidden = false;
  }

  const removedList = removedSection(cls, update);
  if (cls.students.length === 0) {
    replaceChildren(holder, undo, h("p", { class: "muted", testid: "roster-empty" }, t("roster.empty")), removedList);
    return;
  }
  const boxes: HTMLInputElement[] = [];
  const removeSelected = h("button", { type: "button", class: "small danger", testid: "students-remove-selected", disabled: true });
  const selectAll = h("input", { type: "checkbox", testid: "student-select-all", "aria-label": t("roster.selectAll") });
  const refresh = () => {
    const n = boxes.filter((b) => b.checked).length;
    removeSelected.textContent = t("roster.removeSelected", { n });
    removeSelected.disabled = n === 0;
    selectAll.checked = n === boxes.length;
    selectAll.indeterminate = n > 0 && n < boxes.length;
  };
  selectAll.addEventListener("change", () => {
    boxes.forEach((b) => (b.checked = selectAll.checked));
    refresh();
  });
  removeSelected.addEventListener("click", () => {
    const ids = boxes.filter((b) => b.checked).map((b) => b.value);
    if (ids.length > 0 && confirm(t("roster.confirmRemoveSelected", { n: ids.length }))) void remove(ids);
  });
  const rows = cls.students.map((s, i) => {
    const box = h("input", { type: "checkbox", value: s.id, testid: "student-select", "aria-label": t("roster.select", { name: s.name }) });
    box.addEventListener("change", refresh);
    boxes.push(box);
    return studentRow(cls.id, s, i + 1, box, reload, (id) => {
      if (confirm(t("roster.confirmRemove", { name: s.name }))) void remove([id]);
    });
  });
  refresh();
  replaceChildren(
    holder,
    undo,
    h("div", { class: "bulk-bar" }, removeSelected),
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
            h("th", { class: "select" }, selectAll),
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
    removedList,
  );
}

function studentRow(classId: string, s: Student, n: number, box: HTMLInputElement, reload: () => Promise<void>, onRemove: (id: string) => void): HTMLElement {
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
  remove.addEventListener("click", () => onRemove(s.id));
  return h(
    "tr",
    { testid: "student-row", "data-student-id": s.id },
    h("td", { class: "select" }, box),
    h("td", null, String(n)),
    h("td", null, s.name),
    h("td", { class: "code", testid: "student-code" }, s.codeDisplay || s.code),
    h("td", null, urlBox(joinUrl(s.code), t("common.copy"), t("common.copied"))),
    h("td", { class: "row-actions" }, newCode, remove),
  );
}

function removedSection(cls: ClassDetail, update: (next: ClassDetail) => void): HTMLElement | null {
  const removed = cls.removed ?? [];
  if (removed.length === 0) return null;
  return h(
    "details",
    { class: "removed-students", testid: "removed-students" },
    h("summary", null, t("roster.removedTitle", { n: removed.length })),
    h(
      "ul",
      { class: "plain-list" },
      removed.map((r) => {
        const back = h("button", { type: "button", class: "small", testid: "student-restore" }, t("roster.restore"));
        back.addEventListener("click", async () => {
          clearMessages();
          try {
            update(await busy(back, () => api.restoreStudents(cls.id, [r.id])));
          } catch (e) {
            showError(describeError(e));
          }
        });
        return h("li", { testid: "removed-student", "data-student-id": r.id }, r.name, " ", back);
      }),
    ),
  );
}
