// The chat panel of the cabinet view: the pinned message, messages in seq order (staff may delete and
// pin them), target select, input; the teacher's chat rules (disabled, slow mode) shown to students.
import { h, replaceChildren } from "../dom";
import { describeError } from "../errors";
import type { ChatMessage, LiveSession } from "../hub";
import { t, type Key } from "../i18n";
import { icon } from "../icons";
import { Mod, canChat } from "../moderation-state";
import { clearMessages } from "../shell";
import { formatTime } from "../time";
import { Audience, Perm, Role, isStaffRole } from "../types";
import { actionButton } from "./actions";

const maxLength = 1000;

export interface ChatPanel {
  el: HTMLElement;
  add(m: ChatMessage): void;
  reset(): void;
  participantsChanged(): void;
  /** A message was deleted by the teacher. */
  remove(seq: number): void;
  /** Pinned message, chat disabled, slow mode. */
  rulesChanged(): void;
  /**
   * Staff: "all" is the whole chat; "questions" shows only private messages (students' questions and
   * the replies) and addresses the form to the latest asker.
   */
  setMode(mode: "all" | "questions"): void;
}

export function chatPanel(session: LiveSession, readOnly: boolean): ChatPanel {
  const log = h("ol", { class: "chat-log", testid: "chat-log", "aria-live": "polite" });
  const empty = h("li", { class: "muted chat-empty" }, t("live.chatEmpty"));
  const error = h("div", { class: "chat-error-slot" });
  const pinned = h("div", { class: "chat-pinned-slot" });
  const slowHint = h("p", { class: "muted chat-hint", testid: "chat-slow-mode", hidden: true });
  const disabledNote = h("p", { class: "chat-disabled-note", testid: "chat-disabled", role: "status", hidden: true });
  const questionsEmpty = h("p", { class: "muted chat-questions-empty", hidden: true }, t("chat.questionsEmpty"));
  let mode: "all" | "questions" = "all";

  const nearBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  const toBottom = () => (log.scrollTop = log.scrollHeight);

  function add(m: ChatMessage): void {
    const stick = nearBottom() || m.senderId === session.you?.id;
    empty.remove();
    const el = messageEl(session, m, readOnly, replyTo);
    const existing = log.querySelector(`[data-seq="${m.seq}"]`);
    if (m.seq === session.rules.pinnedSeq) renderPinned();
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
    refreshQuestionsEmpty();
  }

  function reset(): void {
    const messages = session.messages();
    replaceChildren(log, messages.length ? messages.map((m) => messageEl(session, m, readOnly, replyTo)) : empty);
    toBottom();
    renderPinned();
    refreshQuestionsEmpty();
  }

  function refreshQuestionsEmpty(): void {
    questionsEmpty.hidden = mode !== "questions" || log.querySelector(".msg.private") !== null;
  }

  /** Staff answer a question privately: the form is addressed to its sender. */
  function replyTo(senderId: string): void {
    if (!Array.from(select.options).some((o) => o.value === senderId && !o.disabled)) return;
    select.value = senderId;
    input.focus();
  }

  function setMode(next: "all" | "questions"): void {
    mode = next;
    el.classList.toggle("questions-mode", next === "questions");
    if (next === "questions") {
      if (select.value === "") {
        const asker = session
          .messages()
          .reverse()
          .find((m) => m.audience === Audience.Staff && m.senderId !== session.you?.id && session.participants.has(m.senderId));
        if (asker) replyTo(asker.senderId);
      }
    } else if (Array.from(select.options).some((o) => o.value === "")) {
      select.value = "";
    }
    refreshQuestionsEmpty();
    toBottom();
  }

  function remove(seq: number): void {
    log.querySelector(`[data-seq="${seq}"]`)?.remove();
    if (!log.querySelector("[data-seq]")) replaceChildren(log, empty);
    renderPinned();
    refreshQuestionsEmpty();
  }

  function renderPinned(): void {
    const m = session.message(session.rules.pinnedSeq);
    if (!m) {
      replaceChildren(pinned);
      return;
    }
    const unpin =
      session.isStaff && !readOnly
        ? actionButton(t("chat.unpin"), "chat-unpin", () => session.moderate(Mod.PinMessage, null, ""), { class: "small link-button" })
        : null;
    replaceChildren(
      pinned,
      h(
        "div",
        { class: "chat-pinned", testid: "pinned-message", "data-seq": m.seq },
        h("div", { class: "msg-meta" }, h("span", { class: "pin-mark" }, icon("pin"), t("chat.pinned")), h("span", { class: "msg-sender" }, m.senderName), unpin),
        h("div", { class: "msg-text" }, m.text),
      ),
    );
  }

  function rulesChanged(): void {
    renderPinned();
    for (const button of Array.from(log.querySelectorAll<HTMLButtonElement>('[data-testid="chat-pin"]'))) {
      const isPinned = Number(button.dataset.seq) === session.rules.pinnedSeq;
      button.textContent = t(isPinned ? "chat.unpin" : "chat.pin");
      button.setAttribute("aria-pressed", isPinned ? "true" : "false");
    }
    participantsChanged();
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
    // A student whose chat the teacher switched off keeps the form, disabled, with the reason.
    const silenced = !readOnly && session.you?.role === Role.Student && !canChat(session.permissions);
    const canWrite = !readOnly && enabled.length > 0;
    form.hidden = !canWrite && !silenced;
    note.hidden = canWrite || silenced;
    select.hidden = options.length <= 1 && enabled.length === 1 && enabled[0].value === "";
    for (const c of [select, input, send]) c.disabled = silenced;
    disabledNote.hidden = !silenced;
    disabledNote.textContent = silenced ? t(session.rules.studentChatAllowed ? "chat.disabledYou" : "chat.disabledAll") : "";
    const slow = session.rules.slowModeSeconds;
    slowHint.hidden = readOnly || slow <= 0 || silenced;
    slowHint.textContent = slow > 0 ? t(session.isStaff ? "chat.slowModeStaff" : "chat.slowMode", { n: slow }) : "";
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
  // Pressing send keeps the focus in the input: moving it closed a phone's keyboard mid-press,
  // the layout moved the button, and the release missed it (the message was never sent).
  send.addEventListener("mousedown", (e) => e.preventDefault());

  reset();
  participantsChanged();
  const el = h(
    "section",
    { class: "chat", testid: "chat" },
    h("h2", null, t("live.chat")),
    pinned,
    questionsEmpty,
    log,
    error,
    disabledNote,
    slowHint,
    form,
    note,
  );
  return { el, add, reset, participantsChanged, remove, rulesChanged, setMode };
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

function byRoleThenName(a: { role: number; name: string }, b: { role: number; name: string }): number {
  return a.role - b.role || a.name.localeCompare(b.name);
}

function messageEl(session: LiveSession, m: ChatMessage, readOnly: boolean, replyTo: (senderId: string) => void): HTMLElement {
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
      session.isStaff && !readOnly ? staffTools(session, m) : null,
    ),
    session.isStaff && !readOnly && m.audience === Audience.Staff && !mine ? replyButton(m, replyTo) : null,
    h("div", { class: "msg-text" }, m.text),
  );
}

function replyButton(m: ChatMessage, replyTo: (senderId: string) => void): HTMLElement {
  const reply = h("button", { type: "button", class: "small link-button chat-reply", testid: "chat-reply" }, t("chat.reply", { name: m.senderName }));
  reply.addEventListener("click", () => replyTo(m.senderId));
  return reply;
}

function staffTools(session: LiveSession, m: ChatMessage): HTMLElement {
  const isPinned = session.rules.pinnedSeq === m.seq;
  const pin = actionButton(
    t(isPinned ? "chat.unpin" : "chat.pin"),
    "chat-pin",
    () => session.moderate(Mod.PinMessage, null, session.rules.pinnedSeq === m.seq ? "" : String(m.seq)),
    { class: "small link-button", title: t("chat.pinTitle") },
  );
  pin.dataset.seq = String(m.seq);
  pin.setAttribute("aria-pressed", isPinned ? "true" : "false");
  const del = actionButton(t("chat.delete"), "chat-delete", () => session.moderate(Mod.DeleteMessage, null, String(m.seq)), {
    class: "small link-button danger",
    title: t("chat.deleteTitle"),
  });
  del.dataset.seq = String(m.seq);
  return h("span", { class: "msg-tools" }, pin, del);
}
