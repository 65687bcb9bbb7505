// The chat as a client keeps it: one message per seq (an echo, a replay after lastSeq or a rejoin
// snapshot never duplicates one), in seq order whatever order they arrived in, and deletions that
// stick even when ChatDeleted overtakes the message or arrives while we were away. No DOM here.
import { toDateOr } from "../../wire/dates";
import type { ChatMessageView } from "../../types";

export interface ChatMessage {
  seq: number;
  senderId: string;
  senderName: string;
  senderRole: number;
  audience: number;
  targetId: string | null;
  text: string;
  sentAt: Date;
}

export function toMessage(m: ChatMessageView): ChatMessage {
  return {
    seq: Number(m.seq),
    senderId: String(m.senderId),
    senderName: m.senderName,
    senderRole: Number(m.senderRole),
    audience: Number(m.audience),
    targetId: m.targetId ?? null,
    text: m.text,
    sentAt: toDateOr(m.sentAt, new Date()),
  };
}

export class ChatLog {
  private readonly bySeq = new Map<number, ChatMessage>();
  /** Seqs deleted before we had them (a ChatDeleted that overtook the message): never shown. */
  private readonly deleted = new Set<number>();
  /** The highest seq we have seen: a rejoin asks only for newer messages. */
  lastSeq = 0;

  /** Messages in seq order. */
  messages(): ChatMessage[] {
    return Array.from(this.bySeq.values()).sort((a, b) => a.seq - b.seq);
  }

  get(seq: number | null): ChatMessage | undefined {
    return seq === null ? undefined : this.bySeq.get(seq);
  }

  has(seq: number): boolean {
    return this.bySeq.has(seq);
  }

  /**
   * A message from ChatReceived or our own echo: "added", "replaced" (the same seq again: the newer copy
   * wins, the list must be redrawn) or "ignored" (deleted).
   */
  add(msg: ChatMessage): "added" | "replaced" | "ignored" {
    if (this.deleted.has(msg.seq)) return "ignored";
    const existing = this.bySeq.has(msg.seq);
    this.bySeq.set(msg.seq, msg);
    this.lastSeq = Math.max(this.lastSeq, msg.seq);
    return existing ? "replaced" : "added";
  }

  /** ChatDeleted: true if a shown message went away; otherwise it is remembered, so it never shows. */
  delete(seq: number): boolean {
    this.deleted.add(seq);
    return this.bySeq.delete(seq);
  }

  /**
   * A snapshot's chat: every deleted seq goes (returned, to take off the screen), then its messages
   * are merged without duplicates (a rejoin snapshot carries only those after our lastSeq).
   */
  merge(chat: ChatMessageView[], deletedSeqs: number[], lastSeq: number): { removed: number[]; added: boolean } {
    const removed: number[] = [];
    for (const seq of deletedSeqs) {
      const n = Number(seq);
      if (this.delete(n)) removed.push(n);
    }
    let added = false;
    for (const m of chat) {
      const msg = toMessage(m);
      if (!this.bySeq.has(msg.seq) && !this.deleted.has(msg.seq)) {
        this.bySeq.set(msg.seq, msg);
        added = true;
      }
    }
    this.lastSeq = Math.max(this.lastSeq, Number(lastSeq ?? 0), ...Array.from(this.bySeq.keys()));
    return { removed, added };
  }
}
