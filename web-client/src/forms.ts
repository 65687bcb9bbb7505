// Forms people can get right the first time: the rule of a field is written under it before anyone
// breaks it, an error appears next to the field it concerns (or, for the form as a whole, above its
// button), and the first error is scrolled into view below the sticky top bar and focused.
// Server refusals come back as problem+json codes; a form says which codes belong to which field.
import "./styles/forms.css";
import { busy, h, type Attrs } from "./dom";
import { describeError, errorCode } from "./errors";
import { t } from "./i18n";
import { clearMessages } from "./shell";

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The longest password the server takes is far away; the shortest is the rule people break. */
export const minPasswordLength = 8;
/** Identity's user names: Latin letters, digits and - . _ @ +, at most 64 characters. */
export const maxUserNameLength = 64;
export const userNamePattern = "[A-Za-z0-9._@+\\-]+";

const errorSlots = new WeakMap<Control, HTMLElement>();
const formSlots = new WeakMap<HTMLFormElement, HTMLElement>();
let nextId = 0;

/**
 * A labelled field with its rule under it and a place for its error, both tied to the control
 * (aria-describedby) so screen readers say them too. Use instead of dom.ts `field()` in forms.
 */
export function formField(label: string, control: Control, rule?: string): HTMLLabelElement {
  const id = `ff${++nextId}`;
  const hint = rule ? h("span", { class: "field-hint", id: `${id}-hint`, testid: "field-hint" }, rule) : null;
  const error = h("span", { class: "field-error", id: `${id}-error`, testid: "field-error", hidden: true });
  control.setAttribute("aria-describedby", hint ? `${hint.id} ${error.id}` : error.id);
  errorSlots.set(control, error);
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), control, hint, error);
}

/** The rule under every new-password field. */
export function passwordRule(): string {
  return t("form.passwordRule", { n: minPasswordLength });
}

/** A new-password input: the length rule is enforced here and stated by formField(…, passwordRule()). */
export function newPasswordInput(attrs: Attrs): HTMLInputElement {
  return h("input", { type: "password", required: true, minlength: minPasswordLength, maxlength: 128, autocomplete: "new-password", ...attrs });
}

/** Shows an error next to its field and marks the field invalid. */
export function setFieldError(control: Control, message: string): void {
  control.setAttribute("aria-invalid", "true");
  const slot = errorSlots.get(control);
  if (slot) {
    slot.textContent = message;
    slot.hidden = false;
  }
}

/** Shows an error about the form as a whole, just above its submit button. */
export function setFormError(form: HTMLFormElement, message: string): HTMLElement {
  const slot = formSlot(form);
  slot.textContent = message;
  slot.hidden = false;
  return slot;
}

export function clearFormErrors(form: HTMLFormElement): void {
  for (const control of controlsOf(form)) {
    control.removeAttribute("aria-invalid");
    const slot = errorSlots.get(control);
    if (slot) {
      slot.textContent = "";
      slot.hidden = true;
    }
  }
  const slot = formSlots.get(form);
  if (slot) {
    slot.textContent = "";
    slot.hidden = true;
  }
}

/** Brings an element (and the error under it) into the middle of the screen, clear of the sticky bar. */
export function reveal(element: HTMLElement): void {
  const target = element.closest<HTMLElement>(".field") ?? element;
  target.scrollIntoView?.({ block: "center" });
  if (element.matches("input, select, textarea, button")) element.focus({ preventScroll: true });
}

/** What the browser's own constraint check would say, in the page's language; null if the value is fine. */
export function brokenRule(control: Control): string | null {
  if (control.disabled || (control instanceof HTMLInputElement && control.type === "file")) return null;
  const value = control.value;
  if (control.required && value.trim() === "") return t("form.required");
  if (value === "") return null;
  if (control instanceof HTMLInputElement && control.type === "number") {
    const n = Number(value);
    const min = control.min === "" ? -Infinity : Number(control.min);
    const max = control.max === "" ? Infinity : Number(control.max);
    if (!Number.isFinite(n) || n < min || n > max) return t("form.range", { min: control.min, max: control.max });
    return null;
  }
  if (!(control instanceof HTMLSelectElement)) {
    if (control.minLength > 0 && value.length < control.minLength) return t("form.tooShort", { n: control.minLength });
    if (control.maxLength > 0 && value.length > control.maxLength) return t("form.tooLong", { n: control.maxLength });
  }
  if (control instanceof HTMLInputElement && control.pattern && !new RegExp(`^(?:${control.pattern})$`).test(value)) {
    return control.dataset.patternRule ?? t("form.invalid");
  }
  return null;
}

export interface SubmitOptions<T> {
  /** Checks beyond each field's own attributes: one [control, message] per broken rule. */
  check?: () => Array<[Control, string]>;
  /** Server error codes that concern one field: the message goes next to it. */
  fields?: Record<string, Control>;
  run: () => Promise<T>;
  done?: (result: T) => void | Promise<void>;
  /** After a refusal is shown (e.g. empty the password the server did not take). */
  failed?: (err: unknown) => void;
}

/**
 * Handles the form's submit: the rules first (every broken one shown, the first revealed), then the
 * call with the form disabled, then the server's answer next to its field or above the button.
 */
export function onSubmit<T>(form: HTMLFormElement, options: SubmitOptions<T>): void {
  // Our own checks and messages (in the page's language, next to the field) instead of the browser's bubbles.
  form.noValidate = true;
  formSlot(form);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearMessages();
    clearFormErrors(form);
    const broken: Array<[Control, string]> = [];
    for (const control of controlsOf(form)) {
      const message = brokenRule(control);
      if (message) broken.push([control, message]);
    }
    for (const [control, message] of options.check?.() ?? []) {
      if (!broken.some(([c]) => c === control)) broken.push([control, message]);
    }
    if (broken.length > 0) {
      broken.forEach(([control, message]) => setFieldError(control, message));
      reveal(broken[0][0]);
      return;
    }
    try {
      const result = await busy(form, options.run);
      await options.done?.(result);
    } catch (err) {
      const code = errorCode(err);
      const control = code ? options.fields?.[code] : undefined;
      if (control) {
        setFieldError(control, describeError(err));
        reveal(control);
      } else {
        reveal(setFormError(form, describeError(err)));
      }
      options.failed?.(err);
    }
  });
}

function controlsOf(form: HTMLFormElement): Control[] {
  return Array.from(form.querySelectorAll<Control>("input, select, textarea"));
}

function formSlot(form: HTMLFormElement): HTMLElement {
  let slot = formSlots.get(form);
  if (!slot) {
    slot = h("p", { class: "form-error", role: "alert", testid: "form-error", hidden: true });
    const button = form.querySelector<HTMLElement>('button[type="submit"]');
    const anchor = button?.closest<HTMLElement>(".form-actions") ?? button;
    if (anchor?.parentElement) anchor.parentElement.insertBefore(slot, anchor);
    else form.append(slot);
    formSlots.set(form, slot);
  }
  return slot;
}
