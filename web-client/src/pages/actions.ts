// Runs a live action from a control: clears old messages, disables the control meanwhile, shows a
// refusal as the page's one error box.
import { describeError } from "../errors";
import { clearMessages, showError } from "../shell";

type Control = HTMLButtonElement | HTMLInputElement | HTMLSelectElement;

export function runAction(control: Control | null, call: () => Promise<void>, onFail?: () => void): void {
  clearMessages();
  if (control) control.disabled = true;
  call()
    .catch((e) => {
      onFail?.();
      showError(describeError(e));
    })
    .finally(() => {
      if (control) control.disabled = false;
    });
}

/**
 * A button that runs an action when clicked. `call` may ask first (confirm(), prompt()) and return
 * null to do nothing.
 */
export function actionButton(
  label: string,
  testid: string,
  call: () => Promise<void> | null,
  attrs: { class?: string; title?: string } = {},
): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = attrs.class ?? "small";
  button.dataset.testid = testid;
  if (attrs.title) button.title = attrs.title;
  button.textContent = label;
  button.addEventListener("click", () => {
    const pending = call();
    if (pending) runAction(button, () => pending);
  });
  return button;
}
