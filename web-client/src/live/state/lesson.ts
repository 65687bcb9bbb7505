// The live lesson's state as one reducer: every hub event and every Join answer goes in, the state
// changes, and the SessionEvents the pages must hear come out. Pure: no connection, no DOM, no timers;
// the clock is injected. Tests replay recorded event sequences through it (lesson.test.ts).
import { defaultRules, toRemoval, toRules, type Rules } from "../../moderation-state";
import { toDate, toDateOr } from "../../wire/dates";
import {
  Audience,
  Perm,
  Phase,
  Role,
  isStaffRole,
  type ClassroomClientEvents,
  type JoinRequest,
  type JoinResult,
  type LessonSnapshot,
  type MediaTrackView,
} from "../../types";
import { ChatLog, toMessage, type ChatMessage } from "./chat";
import type { SessionEvent } from "./events";
import { JoinMachine, type Finish } from "./join";
import { ParticipantsState } from "./participants";
import { ReceptionState } from "./reception";
import { StaffState } from "./staff";

export interface LessonInfo {
  lessonId: string;
  cabinetName: string;
  subject: string;
  className: string;
  phase: number;
  startsAt: Date;
  endsAt: Date;
  /** The lesson's topic and the school's name ("" when not set). */
  title: string;
  schoolName: string;
}

/** How this page enters: a code (student code or link token), or as signed-in staff a lesson id. */
export interface JoinOptions {
  code?: string;
  lessonId?: string;
  displayName?: string;
}

type Handlers = { [K in keyof ClassroomClientEvents]: (...args: ClassroomClientEvents[K]) => SessionEvent[] };

export class LessonState {
  readonly join = new JoinMachine();
  readonly people = new ParticipantsState();
  readonly chat = new ChatLog();
  readonly staff = new StaffState();
  /** What this page receives, which videos are forwarded, link quality (issue 13). */
  readonly reception = new ReceptionState();
  lesson: LessonInfo | null = null;
  rules: Rules = defaultRules();
  /** The lesson's published tracks as last announced. */
  tracks: MediaTrackView[] = [];
  /** serverNow - now(), from the latest message that carried the server's clock. */
  clockOffsetMs = 0;

  /** One handler per server event: the compiler checks that none is missing. */
  private readonly handlers: Handlers = {
    Admitted: (s) => this.snapshot(s),
    ParticipantJoined: (p) => {
      this.people.joined(p);
      return [{ type: "participants" }];
    },
    ParticipantLeft: (id) => (this.people.left(id) ? [{ type: "participants" }] : []),
    ChatReceived: (m) => this.addMessage(toMessage(m)),
    LessonPhaseChanged: (p) => {
      this.updateClock(p.serverNow);
      if (!this.lesson) return [];
      this.lesson.phase = Number(p.phase);
      return [{ type: "phase" }];
    },
    LessonEnded: () => this.finish("ended"),
    Replaced: () => this.finish("replaced"),
    ParticipantUpdated: (p) => {
      const who = this.people.updated(p);
      if (who === "ignored") return [];
      const events: SessionEvent[] = [{ type: "participant", id: String(p.id) }];
      if (who === "you") events.push({ type: "you" });
      return events;
    },
    RulesChanged: (r) => {
      this.rules = toRules(r);
      return [{ type: "rules" }];
    },
    ModerationLogged: (e) => [{ type: "log", entry: this.staff.logged(e) }],
    LobbyChanged: (lobby) => {
      this.staff.setLobby(lobby);
      return [{ type: "lobby" }];
    },
    BansChanged: (bans) => {
      this.staff.setBans(bans);
      return [{ type: "bans" }];
    },
    ConnectionReplaced: (id) => [{ type: "connectionReplaced", participantId: String(id), name: this.people.name(String(id)) }],
    ChatDeleted: (seq) => (this.chat.delete(Number(seq)) ? [{ type: "chatDeleted", seq: Number(seq) }] : []),
    Removed: (r) => (this.join.removed(toRemoval(r)) ? [{ type: "screen" }] : []),
    MediaTracksChanged: (tracks) => {
      if (this.join.screen !== "cabinet") return [];
      this.tracks = tracks ?? [];
      return [{ type: "mediaTracks", tracks: this.tracks }];
    },
    ReceptionChanged: (r) => {
      this.reception.set(r);
      return [{ type: "reception" }];
    },
    ClassReceptionChanged: (mode) => {
      this.reception.setClassDefault(mode);
      return [{ type: "reception" }];
    },
    MediaForwarding: (f) => {
      this.reception.forwarding(f);
      return [{ type: "reception" }];
    },
    LinkQuality: (q) => [{ type: "linkQuality", participantId: this.reception.link(q) }],
  };

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Every server event name, for the transport to subscribe to. */
  static readonly eventNames = Object.keys(new LessonState().handlers) as (keyof ClassroomClientEvents)[];

  receive<K extends keyof ClassroomClientEvents>(name: K, ...args: ClassroomClientEvents[K]): SessionEvent[] {
    const handler = this.handlers[name] as (...a: ClassroomClientEvents[K]) => SessionEvent[];
    return handler(...args);
  }

  get isStaff(): boolean {
    return this.people.you !== null && isStaffRole(this.people.you.role);
  }

  get isDisplay(): boolean {
    return this.people.you?.role === Role.Display;
  }

  serverNow(): number {
    return this.now() + this.clockOffsetMs;
  }

  /** The Join to send now: a rejoin after an admission carries our lastSeq, so only newer chat comes. */
  joinRequest(o: JoinOptions): JoinRequest {
    const req: JoinRequest = { code: o.code ?? null };
    if (o.lessonId) req.lessonId = o.lessonId;
    if (o.displayName) req.displayName = o.displayName;
    if (this.join.admittedOnce) req.lastSeq = this.chat.lastSeq;
    return req;
  }

  restart(): SessionEvent[] {
    return this.join.restart() ? [{ type: "screen" }] : [];
  }

  joinAnswered(result: JoinResult, snapshotsBefore: number): SessionEvent[] {
    if (this.join.terminal) return [];
    this.updateClock(result.serverNow);
    switch (this.join.answered(result, snapshotsBefore, this.clockOffsetMs)) {
      case "screen":
        return [{ type: "screen" }];
      case "snapshot":
        return this.snapshot(result.snapshot!);
      default:
        return [];
    }
  }

  joinRefused(error: unknown, code: string | null): SessionEvent[] {
    if (this.join.terminal) return [];
    this.join.refused(error, code);
    if (this.join.screen === "ended" && this.lesson) this.lesson.phase = Phase.Ended;
    return [{ type: "screen" }];
  }

  /** Our own message, shown at once if the server's echo has not come yet. */
  localEcho(seq: number, text: string, toParticipantId?: string): SessionEvent[] {
    const you = this.people.you;
    if (this.chat.has(seq) || !you) return [];
    const target = toParticipantId ? this.people.all.get(toParticipantId) : undefined;
    return this.addMessage({
      seq,
      senderId: you.id,
      senderName: you.name,
      senderRole: you.role,
      audience: !toParticipantId
        ? Audience.Everyone
        : this.people.permissions & Perm.ChatToAnyone
          ? Audience.Participant
          : target && isStaffRole(target.role)
            ? Audience.Staff
            : Audience.Participant,
      targetId: toParticipantId ?? null,
      text: text.trim(),
      sentAt: new Date(this.serverNow()),
    });
  }

  private snapshot(s: LessonSnapshot): SessionEvent[] {
    if (this.join.terminal) return [];
    this.updateClock(s.serverNow);
    const { screenChanged } = this.join.admitted();
    this.lesson = {
      lessonId: String(s.lessonId),
      cabinetName: s.cabinetName,
      subject: s.subject,
      className: s.className,
      phase: Number(s.phase),
      startsAt: toDateOr(s.startsAt),
      endsAt: toDateOr(s.endsAt),
      title: s.title ?? "",
      schoolName: s.schoolName ?? "",
    };
    this.people.reset(s);
    this.rules = toRules(s.rules);
    this.staff.reset(s.moderationLog, s.lobby, s.bans);
    this.reception.reset(s.reception);
    // Deleted while we were away (ChatDeleted never reached us), then newer messages merged.
    const { removed, added } = this.chat.merge(s.chat ?? [], s.deletedSeqs ?? [], s.lastSeq);
    const events: SessionEvent[] = removed.map((seq) => ({ type: "chatDeleted", seq }));
    if (screenChanged) events.push({ type: "screen" });
    else {
      for (const type of ["phase", "participants", "you", "rules", "log", "lobby", "bans", "reception"] as const) events.push({ type });
      if (added) events.push({ type: "chatReset" });
    }
    if (this.lesson.phase === Phase.Ended && !this.isStaff) return [...events, ...this.finish("ended")];
    events.push({ type: "admitted" });
    return events;
  }

  private addMessage(msg: ChatMessage): SessionEvent[] {
    switch (this.chat.add(msg)) {
      case "added":
        return [{ type: "chat", message: msg }];
      case "replaced":
        return [{ type: "chatReset" }];
      default:
        return [];
    }
  }

  private finish(screen: Finish): SessionEvent[] {
    if (this.join.terminal) return [];
    this.join.finish(screen);
    if (screen === "ended" && this.lesson) this.lesson.phase = Phase.Ended;
    return [{ type: "screen" }];
  }

  private updateClock(serverNow: unknown): void {
    const d = toDate(serverNow as Date | string | null);
    if (d) this.clockOffsetMs = d.getTime() - this.now();
  }
}
