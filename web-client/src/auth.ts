// Who is signed in, the sign-in form, and a guard for pages that need a teacher account.
import { api } from "./api";
import { h } from "./dom";
import { isUnauthorized } from "./errors";
import { formField, maxUserNameLength, onSubmit } from "./forms";
import { t } from "./i18n";
import { link, navigate, rerender, type Page, type PageHandle } from "./router";
import { setUser } from "./shell";
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
    maxlength: maxUserNameLength,
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
    formField(t("auth.user"), user),
    formField(t("auth.password"), password),
    h("button", { type: "submit", class: "primary", testid: "login-submit" }, t("auth.submit")),
  );
  onSubmit(form, {
    run: () => api.login(user.value.trim(), password.value),
    done: async (me) => {
      cached = me;
      setUser(me);
      await rerender();
    },
    failed: () => {
      password.value = "";
      password.focus();
    },
  });
  root.append(form, h("p", { class: "center" }, link("/j", t("auth.studentHint"))));
  user.focus();
}
