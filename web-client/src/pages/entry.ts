// Entry pages: /j (type a code), /j/{code}, /o/{token}, /d/{token}, /c/{token}, /cabinet/{lessonId}.
import { requireLogin } from "../auth";
import { field, h, replaceChildren } from "../dom";
import { t } from "../i18n";
import { navigate, type Page, type PageHandle } from "../router";
import { clearMessages, showError } from "../shell";
import { kioskPage } from "./kiosk";
import { livePage } from "./live";

const observerNameKey = "classroom.observerName";

/** What a person typed as a code: spaces and dashes go, letters are upper case (the server is forgiving too). */
export function normalizeCode(input: string): string {
  return input.replace(/[\s-]+/g, "").toUpperCase();
}

export const codeFormPage: Page = (root) => {
  const input = h("input", {
    type: "text",
    required: true,
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: "false",
    inputmode: "text",
    maxlength: 32,
    placeholder: t("code.placeholder"),
    class: "code-input",
    testid: "code-input",
  });
  const form = h(
    "form",
    { class: "card narrow", testid: "code-form" },
    h("h1", null, t("code.title")),
    field(t("code.label"), input),
    h("p", { class: "muted" }, t("code.hint")),
    h("button", { type: "submit", class: "primary", testid: "code-submit" }, t("code.submit")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const code = normalizeCode(input.value);
    if (code) navigate(`/j/${encodeURIComponent(code)}`);
  });
  root.append(form);
  input.focus();
};

export const studentPage: Page = (root, [code]) => livePage(root, { code: normalizeCode(code), retryHref: "/j" });

export const displayPage: Page = (root, [token]) => kioskPage(root, token);

export const coteacherPage: Page = requireLogin((root, [token]) => livePage(root, { code: token }));

export const teacherCabinetPage: Page = requireLogin((root, [lessonId]) => livePage(root, { lessonId }));

/** Observers give a name first; if the server refuses it, they are asked again. */
export const observerPage: Page = (root, [token]) => {
  let live: PageHandle | null = null;

  function askName(error?: string): void {
    live?.destroy?.();
    live = null;
    replaceChildren(root);
    let saved = "";
    try {
      saved = localStorage.getItem(observerNameKey) ?? "";
    } catch {
      // ignore
    }
    const name = h("input", { type: "text", required: true, maxlength: 60, autocomplete: "name", value: saved, testid: "observer-name" });
    const form = h(
      "form",
      { class: "card narrow", testid: "observer-form" },
      h("h1", null, t("observer.title")),
      field(t("observer.name"), name),
      h("button", { type: "submit", class: "primary", testid: "observer-submit" }, t("observer.submit")),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const displayName = name.value.replace(/\s+/g, " ").trim();
      if (!displayName) {
        showError(t("err.entry.name_required"));
        return;
      }
      clearMessages();
      try {
        localStorage.setItem(observerNameKey, displayName);
      } catch {
        // ignore
      }
      replaceChildren(root);
      live = livePage(root, { code: token, displayName, onNameRejected: (m) => askName(m) });
    });
    root.append(form);
    if (error) showError(error);
    name.focus();
  }

  askName();
  return {
    destroy: () => live?.destroy?.(),
    relocalize: () => (live ? live.relocalize?.() : askName()),
  };
};
