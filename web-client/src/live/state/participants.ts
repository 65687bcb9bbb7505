// Who is in the lesson and in what state, ourselves included. No DOM here.
import { defaultPermissions, toParticipant, type Participant } from "../../moderation-state";
import type { LessonSnapshot, ParticipantView } from "../../types";

export class ParticipantsState {
  readonly all = new Map<string, Participant>();
  you: Participant | null = null;
  /** Our effective permissions (flags, types.ts Perm). */
  permissions = 0;

  /** A snapshot replaces everything: it is the whole truth at admission. */
  reset(s: LessonSnapshot): void {
    const you = toParticipant(s.you);
    this.permissions = s.permissions === null || s.permissions === undefined ? defaultPermissions(you.role) : Number(s.permissions);
    this.all.clear();
    for (const p of s.participants ?? []) {
      const participant = toParticipant(p);
      this.all.set(participant.id, participant);
    }
    // Our entry in the list may be fresher than `you`; the snapshot's permissions are ours.
    this.you = { ...(this.all.get(you.id) ?? you), permissions: this.permissions };
    this.all.set(this.you.id, this.you);
  }

  joined(p: ParticipantView): void {
    const participant = toParticipant(p);
    this.all.set(participant.id, participant);
  }

  /** ParticipantUpdated: "you", "other" or "ignored" (someone who already left: no ghost comes back). */
  updated(view: ParticipantView): "you" | "other" | "ignored" {
    const p = toParticipant(view);
    const isYou = p.id === this.you?.id;
    if (!isYou && !this.all.has(p.id)) return "ignored";
    this.all.set(p.id, p);
    if (!isYou) return "other";
    this.you = p;
    this.permissions = p.permissions;
    return "you";
  }

  left(id: string): boolean {
    return this.all.delete(String(id));
  }

  name(id: string): string {
    return this.all.get(id)?.name ?? "";
  }
}
