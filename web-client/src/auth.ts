// Who is signed in, the sign-in form, and a guard for pages that need a teacher account.
import { api } from "./api";
import { busy, field, h } from "./dom";
import { describeError, isUnauthorized } from "./errors";
import { t } from "./i18n";
import { link, navigate, rerender, type Page, type PageHandle } from "./router";
import { clearMessages, setUser, showError } from "./shell";
import type { Me } from "./types";

let cached: Me | null | undefined;

/** The signed-in teacher, or null. Cached after the first answer. */
export async function currentUser(force = false): Promise<Me | null> {
  if (cached !== undefined && !force) return cached;
  try {
    cached = await api.me();
  } catch (e) {
    if (!isUnauthorized(e)) throw e;
    cached = null;
  }
  setUser(cached);
  return cached;
}

export function forgetUser(): void {
  cached = null;
  setUser(null);
}

export async function logout(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // the cookie may already be gone
  }
  forgetUser();
  navigate("/");
}

/** Wraps a page that needs a signed-in teacher: shows the sign-in form first when needed. */
export function requireLogin(page: (root: HTMLElement, params: string[], me: Me) => ReturnType<Page>): Page {
  return async (root, params): Promise<PageHandle | void> => {
    const me = await currentUser();
    if (!me) {
      renderLogin(root, location.pathname !== "/");
      return;
    }
    return page(root, params, me);
  };
}

export function renderLogin(root: HTMLElement, explain: boolean): void {
  const user = h("input", {
    type: "text",
    name: "username",
    autocomplete: "username",
    required: true,
    autocapitalize: "none",
    spellcheck: "false",
    testid: "login-user",
  });
  const password = h("input", {
    type: "password",
    name: "password",
    autocomplete: "current-password",
    required: true,
    testid: "login-password",
  });
  const form = h(
    "form",
    { class: "card narrow", testid: "login-form" },
    h("h1", null, t("auth.title")),
    explain ? h("p", { class: "muted" }, t("auth.needLogin")) : null,
    field(t("auth.user"), user),
    field(t("auth.password"), password),
    h("button", { type: "submit", class: "primary", testid: "login-submit" }, t("auth.submit")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearMessages();
    try {
      const me = await busy(form, () => api.login(user.value.trim(), password.value));
      cached = me;
      setUser(me);
      await rerender();
    } catch (err) {
      showError(describeError(err));
      password.value = "";
      password.focus();
    }
  });
  root.append(form, h("p", { class: "center" }, link("/j", t("auth.studentHint"))));
  user.focus();
}
