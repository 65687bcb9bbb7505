// Tiny DOM builder. Text children become text nodes, so user data is never parsed as HTML.
// There is deliberately no way to set innerHTML through it.

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (ev: never) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;

const forbidden = new Set(["innerHTML", "outerHTML", "srcdoc"]);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (forbidden.has(key)) throw new Error(`h(): ${key} is not allowed`);
      if (typeof value === "function") {
        if (!key.startsWith("on")) throw new Error(`h(): function for ${key}`);
        el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
      } else if (key.startsWith("on")) {
        throw new Error(`h(): string handler for ${key}`);
      } else if (key === "class") {
        el.className = String(value);
      } else if (key === "testid") {
        el.dataset.testid = String(value);
      } else {
        el.setAttribute(key, value === true ? "" : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replaceChildren(el: Node, ...children: Child[]): void {
  clear(el);
  append(el, children);
}

const svgNs = "http://www.w3.org/2000/svg";

/** The SVG twin of h() (charts, icons): attributes as given, text children as text nodes. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Record<string, string | number> | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    el.setAttribute(key === "testid" ? "data-testid" : key, String(value));
  }
  append(el, children);
  return el;
}

/** A labelled form field: <label><span>text</span>control</label>. */
export function field(label: string, control: HTMLElement): HTMLLabelElement {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), control);
}

/** Disables the form's controls while the action runs. */
export async function busy<T>(form: HTMLElement, action: () => Promise<T>): Promise<T> {
  const controls = Array.from(form.querySelectorAll<HTMLButtonElement | HTMLInputElement>("button, input, select, textarea"));
  const before = controls.map((c) => c.disabled);
  controls.forEach((c) => (c.disabled = true));
  try {
    return await action();
  } finally {
    controls.forEach((c, i) => (c.disabled = before[i]));
  }
}

/** Copies text to the clipboard; falls back to selecting an input for older phones. */
export async function copyText(text: string, fallbackInput?: HTMLInputElement): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through
  }
  if (fallbackInput) {
    fallbackInput.focus();
    fallbackInput.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
  return false;
}

/** A read-only URL box with a copy button. */
export function urlBox(url: string, copyLabel: string, copiedLabel: string): HTMLElement {
  const input = h("input", { type: "text", readonly: true, class: "url-input", value: url, "aria-label": url });
  input.addEventListener("focus", () => input.select());
  const button = h("button", { type: "button", class: "small" }, copyLabel);
  button.addEventListener("click", async () => {
    if (await copyText(url, input)) {
      button.textContent = copiedLabel;
      setTimeout(() => (button.textContent = copyLabel), 1500);
    }
  });
  return h("span", { class: "url-box" }, input, button);
}
