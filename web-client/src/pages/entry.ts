// Entry pages: /j (type a code), /j/{code}, /o/{token}, /d/{token}, /c/{token}, /cabinet/{lessonId}.
import { requireLogin } from "../auth";
import { h, replaceChildren } from "../dom";
import { formField, onSubmit, reveal, setFieldError } from "../forms";
import { t } from "../i18n";
import { navigate, type Page, type PageHandle } from "../router";
import { DisplayName } from "../types";
import { kioskPage } from "./kiosk";
import { livePage } from "./live";

const observerNameKey = "classroom.observerName";

/** What a person typed as a code: spaces and dashes go, letters are upper case (the server is forgiving too). */
export function normalizeCode(input: string): string {
  return input.replace(/[\s-]+/g, "").toUpperCase();
}

/**
 * The personal-code form (the /j page and the class link page): a forgiving input, the error next to
 * it, and on to /j/{code}. The caller puts the form on the page and focuses the input.
 */
export function codeForm(heading: HTMLElement | null, label: string, hint: string | undefined, submit: string, cls: string): { form: HTMLFormElement; input: HTMLInputElement } {
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
    { class: cls, testid: "code-form" },
    heading,
    formField(label, input, hint),
    h("button", { type: "submit", class: "primary", testid: "code-submit" }, submit),
  );
  onSubmit(form, {
    check: () => (normalizeCode(input.value) ? [] : [[input, t("form.required")]]),
    run: async () => navigate(`/j/${encodeURIComponent(normalizeCode(input.value))}`),
  });
  return { form, input };
}

export const codeFormPage: Page = (root) => {
  const { form, input } = codeForm(h("h1", null, t("code.title")), t("code.label"), t("code.hint"), t("code.submit"), "card narrow");
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
    const name = h("input", { type: "text", required: true, maxlength: DisplayName.MaxLength, autocomplete: "name", value: saved, testid: "observer-name" });
    const form = h(
      "form",
      { class: "card narrow", testid: "observer-form" },
      h("h1", null, t("observer.title")),
      formField(t("observer.name"), name, t("form.nameRule", { n: DisplayName.MaxLength })),
      h("button", { type: "submit", class: "primary", testid: "observer-submit" }, t("observer.submit")),
    );
    const displayName = () => name.value.replace(/\s+/g, " ").trim();
    onSubmit(form, {
      check: () => (displayName() ? [] : [[name, t("err.entry.name_required")]]),
      run: async () => {
        try {
          localStorage.setItem(observerNameKey, displayName());
        } catch {
          // ignore
        }
        const chosen = displayName();
        replaceChildren(root);
        live = livePage(root, { code: token, displayName: chosen, onNameRejected: (m) => askName(m) });
      },
    });
    root.append(form);
    // The server refused the name: say why next to it.
    if (error) {
      setFieldError(name, error);
      reveal(name);
    } else {
      name.focus();
    }
  }

  askName();
  return {
    destroy: () => live?.destroy?.(),
    relocalize: () => (live ? live.relocalize?.() : askName()),
  };
};
