// The chat panel of the cabinet view: messages in seq order, target select, input.
import { h, replaceChildren } from "../dom";
import { describeError } from "../errors";
import type { ChatMessage, LiveSession } from "../hub";
import { t, type Key } from "../i18n";
import { clearMessages } from "../shell";
import { formatTime } from "../time";
import { Audience, Perm, Role, isStaffRole, type ParticipantView } from "../types";

const maxLength = 1000;

export interface ChatPanel {
  el: HTMLElement;
  add(m: ChatMessage): void;
  reset(): void;
  participantsChanged(): void;
}

export function chatPanel(session: LiveSession, readOnly: boolean): ChatPanel {
  const log = h("ol", { class: "chat-log", testid: "chat-log", "aria-live": "polite" });
  const empty = h("li", { class: "muted chat-empty" }, t("live.chatEmpty"));
  const error = h("div", { class: "chat-error-slot" });

  const nearBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  const toBottom = () => (log.scrollTop = log.scrollHeight);

  function add(m: ChatMessage): void {
    const stick = nearBottom() || m.senderId === session.you?.id;
    empty.remove();
    const el = messageEl(session, m);
    const existing = log.querySelector(`[data-seq="${m.seq}"]`);
    if (existing) {
      existing.replaceWith(el);
      return;
    }
    // usually the last one; walk back for an older message that arrives late
    let after: Element | null = log.lastElementChild;
    while (after && Number((after as HTMLElement).dataset.seq) > m.seq) after = after.previousElementSibling;
    if (after && after !== empty) after.after(el);
    else log.prepend(el);
    if (stick) toBottom();
  }

  function reset(): void {
    const messages = session.messages();
    replaceChildren(log, messages.length ? messages.map((m) => messageEl(session, m)) : empty);
    toBottom();
  }

  const select = h("select", { class: "chat-target", testid: "chat-target", "aria-label": t("live.chatTo") });
  const input = h("input", {
    type: "text",
    class: "chat-input",
    maxlength: maxLength,
    autocomplete: "off",
    enterkeyhint: "send",
    placeholder: t("live.chatPlaceholder"),
    "aria-label": t("live.chatPlaceholder"),
    testid: "chat-input",
  });
  const send = h("button", { type: "submit", class: "primary", testid: "chat-send" }, t("live.chatSend"));
  const form = h("form", { class: "chat-form", testid: "chat-form" }, select, input, send);
  const note = h("p", { class: "muted chat-readonly", testid: "chat-readonly" }, t("live.readOnly"));

  function participantsChanged(): void {
    const previous = select.value;
    const options = targetOptions(session);
    replaceChildren(select, options);
    const enabled = options.filter((o) => !o.disabled);
    if (enabled.some((o) => o.value === previous)) select.value = previous;
    else if (enabled.length) select.value = enabled[0].value;
    const canWrite = !readOnly && enabled.length > 0;
    form.hidden = !canWrite;
    note.hidden = canWrite;
    select.hidden = options.length <= 1 && enabled.length === 1 && enabled[0].value === "";
  }

  const showChatError = (message: string) => {
    clearMessages();
    replaceChildren(error, h("div", { class: "error-box chat-error", role: "alert", testid: "error" }, message));
  };

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = input.value;
    if (!text.trim()) {
      showChatError(t("err.chat.empty"));
      return;
    }
    if (text.length > maxLength) {
      showChatError(t("err.chat.too_long"));
      return;
    }
    const selected = select.selectedOptions[0];
    if (selected?.disabled) return;
    send.disabled = true;
    try {
      await session.sendChat(text, select.value || undefined);
      input.value = "";
      replaceChildren(error);
    } catch (err) {
      showChatError(describeError(err));
    } finally {
      send.disabled = false;
      input.focus();
    }
  });
  input.addEventListener("input", () => replaceChildren(error));

  reset();
  participantsChanged();
  const el = h(
    "section",
    { class: "chat", testid: "chat" },
    h("h2", null, t("live.chat")),
    log,
    error,
    form,
    note,
  );
  return { el, add, reset, participantsChanged };
}

function targetOptions(session: LiveSession): HTMLOptionElement[] {
  const perms = session.permissions;
  const you = session.you;
  const options: HTMLOptionElement[] = [];
  if (perms & Perm.ChatPublic) options.push(h("option", { value: "" }, t("live.toAll")));
  const others = Array.from(session.participants.values())
    .filter((p) => p.id !== you?.id && p.role !== Role.Display)
    .sort(byRoleThenName);
  if (perms & Perm.ChatToAnyone) {
    for (const p of others) options.push(h("option", { value: p.id }, `${p.name} (${t(`role.${p.role}` as Key)})`));
  } else if (perms & Perm.ChatToStaff) {
    const teacher = others.find((p) => p.role === Role.Teacher) ?? others.find((p) => p.role === Role.CoTeacher);
    options.push(
      teacher
        ? h("option", { value: teacher.id }, t("live.toTeacher"))
        : h("option", { value: "-", disabled: true }, t("live.toTeacherAbsent")),
    );
  }
  return options;
}

function byRoleThenName(a: ParticipantView, b: ParticipantView): number {
  return a.role - b.role || a.name.localeCompare(b.name);
}

function messageEl(session: LiveSession, m: ChatMessage): HTMLElement {
  const mine = m.senderId === session.you?.id;
  let marker: string | null = null;
  if (m.audience === Audience.Staff) marker = t("live.privateStaff");
  else if (m.audience === Audience.Participant) {
    const target = m.targetId ? session.participants.get(m.targetId) : undefined;
    marker = mine && target ? t("live.privateTo", { name: target.name }) : t("live.privatePerson");
  }
  const classes = ["msg"];
  if (mine) classes.push("mine");
  if (marker) classes.push("private");
  if (isStaffRole(m.senderRole)) classes.push("from-staff");
  return h(
    "li",
    { class: classes.join(" "), testid: "chat-message", "data-seq": m.seq, "data-audience": m.audience },
    h(
      "div",
      { class: "msg-meta" },
      h("span", { class: "msg-sender" }, m.senderName),
      isStaffRole(m.senderRole) ? h("span", { class: "msg-role" }, t(`role.${m.senderRole}` as Key)) : null,
      marker ? h("span", { class: "msg-private", testid: "chat-private" }, marker) : null,
      h("time", { class: "msg-time", datetime: m.sentAt.toISOString() }, formatTime(m.sentAt)),
    ),
    h("div", { class: "msg-text" }, m.text),
  );
}
