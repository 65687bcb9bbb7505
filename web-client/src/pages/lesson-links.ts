// The links of one lesson for guests and co-teachers: create with a name and a cap of people at once,
// see who is in by each, copy, revoke (whoever came in by a revoked link is disconnected).
import "../styles/school.css";
import { api } from "../api";
import { busy, field, h, replaceChildren, urlBox } from "../dom";
import { describeError } from "../errors";
import { t, type Key } from "../i18n";
import { clearMessages, showError } from "../shell";
import { DisplayName, GuestLinks, type LessonLink, type LinkRole } from "../types";

const linkPrefix: Record<LinkRole, string> = { observer: "/o/", display: "/d/", coteacher: "/c/" };
// A co-teacher signs in with their own account: one person, no cap to set.
const defaultCap: Record<LinkRole, number | null> = { observer: GuestLinks.DefaultObserverCap, display: GuestLinks.DefaultDisplayCap, coteacher: null };
const maxCap: Record<LinkRole, number> = { observer: GuestLinks.MaxObserverCap, display: GuestLinks.MaxDisplayCap, coteacher: 1 };

function linkRole(role: LessonLink["role"] | string): LinkRole {
  if (typeof role === "string") {
    const r = role.toLowerCase().replace(/[^a-z]/g, "");
    if (r === "observer" || r === "display" || r === "coteacher") return r;
  }
  if (role === 1) return "coteacher";
  if (role === 4) return "display";
  return "observer";
}

export function linkUrl(role: LinkRole, token: string): string {
  return location.origin + linkPrefix[role] + encodeURIComponent(token);
}

function createForm(lessonId: string, done: () => void): HTMLElement {
  const role = h(
    "select",
    { testid: "link-role" },
    (["observer", "display", "coteacher"] as const).map((r) => h("option", { value: r }, t(`links.role.${r}` as Key))),
  );
  const name = h("input", { type: "text", maxlength: DisplayName.MaxLength, testid: "link-name" });
  const cap = h("input", { type: "number", min: 1, step: 1, testid: "link-cap" });
  const capField = field(t("links.form.cap"), cap);
  // Each role's defaults, written into the fields so the teacher sees and edits them.
  const applyRole = () => {
    const r = role.value as LinkRole;
    name.value = r === "display" ? t("links.defaultDisplayName") : "";
    capField.hidden = defaultCap[r] === null;
    cap.value = String(defaultCap[r] ?? "");
    cap.max = String(maxCap[r]);
  };
  role.addEventListener("change", applyRole);
  applyRole();
  const form = h(
    "form",
    { class: "link-form", testid: "link-form" },
    field(t("links.form.role"), role),
    field(t("links.form.name"), name),
    capField,
    h("button", { type: "submit", class: "small primary", testid: "link-create" }, t("links.form.create")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearMessages();
    const r = role.value as LinkRole;
    try {
      await busy(form, () => api.createLink(lessonId, r, name.value.trim(), defaultCap[r] === null ? undefined : Number(cap.value) || undefined));
      done();
    } catch (err) {
      showError(describeError(err));
    }
  });
  return form;
}

export async function renderLinks(panel: HTMLElement, lessonId: string): Promise<void> {
  replaceChildren(panel, h("p", { class: "muted" }, t("common.loading")));
  let links: LessonLink[];
  try {
    links = await api.links(lessonId);
  } catch (e) {
    replaceChildren(panel, h("p", { class: "error-text" }, describeError(e)));
    return;
  }
  const again = () => void renderLinks(panel, lessonId);
  const list = h("ul", { class: "link-list" });
  for (const l of links) {
    const role = linkRole(l.role);
    const revoke = h("button", { type: "button", class: "small danger", testid: "link-revoke" }, t("links.revoke"));
    revoke.addEventListener("click", async () => {
      if (!confirm(t("links.confirmRevoke"))) return;
      try {
        await api.deleteLink(lessonId, l.token);
        again();
      } catch (e) {
        showError(describeError(e));
      }
    });
    list.append(
      h(
        "li",
        { testid: "lesson-link", "data-role": role, "data-in-use": l.inUse ?? 0, "data-name": l.name ?? "" },
        h("span", { class: "link-role" }, t(`links.role.${role}` as Key)),
        l.name ? h("span", { class: "link-name" }, l.name) : null,
        urlBox(linkUrl(role, l.token), t("common.copy"), t("common.copied")),
        typeof l.cap === "number" ? h("span", { class: "link-use", testid: "link-use" }, t("links.inUse", { n: l.inUse ?? 0, cap: l.cap })) : null,
        revoke,
      ),
    );
  }
  replaceChildren(
    panel,
    h("h5", null, t("links.title")),
    links.length ? list : h("p", { class: "muted" }, t("links.none")),
    createForm(lessonId, again),
    h("p", { class: "muted small-text" }, t("links.capHint"), " ", t("links.hint")),
  );
}
