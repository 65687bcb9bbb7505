// The live connection to /hubs/classroom and the lesson state it maintains. No DOM here: the live
// page subscribes to changes and renders them.
import {
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
  type IRetryPolicy,
  type RetryContext,
} from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { errorCode } from "./errors";
import { toDate, toDateOr } from "./time";
import {
  Audience,
  JoinStatus,
  Perm,
  Phase,
  Role,
  isStaffRole,
  type ChatMessageView,
  type JoinRequest,
  type JoinResult,
  type LessonPhaseView,
  type LessonSnapshot,
  type ParticipantView,
  type SendChatRequest,
  type WaitingInfo,
} from "./types";

const retryDelays = [0, 1000, 2000, 5000, 10000];
const steadyDelay = 10000;

/** Keeps retrying forever: a phone in a village may be offline for many minutes. */
export const foreverRetry: IRetryPolicy = {
  nextRetryDelayInMilliseconds(ctx: RetryContext): number {
    return ctx.previousRetryCount < retryDelays.length ? retryDelays[ctx.previousRetryCount] : steadyDelay;
  },
};

export type Screen = "connecting" | "waiting" | "cabinet" | "ended" | "replaced" | "failed";
export type Link = "connecting" | "online" | "reconnecting" | "offline";

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

export interface LessonInfo {
  lessonId: string;
  cabinetName: string;
  subject: string;
  className: string;
  phase: number;
  startsAt: Date;
  endsAt: Date;
}

export interface Waiting {
  info: WaitingInfo;
  startsAt: Date;
  opensAt: Date | null;
  /** serverNow - Date.now() when the answer arrived. */
  offsetMs: number;
}

export type SessionEvent =
  | { type: "screen" }
  | { type: "link" }
  | { type: "participants" }
  | { type: "chat"; message: ChatMessage }
  | { type: "chatReset" }
  | { type: "phase" };

export interface SessionOptions {
  code?: string;
  lessonId?: string;
  displayName?: string;
  hubUrl?: string;
}

/** Role defaults (as in Classroom.Core RolePermissions), used only if a snapshot lacks permissions. */
function defaultPermissions(role: number): number {
  switch (role) {
    case Role.Teacher:
    case Role.CoTeacher:
      return Perm.ChatPublic | Perm.ChatToAnyone | Perm.Moderate | Perm.SeeParticipants;
    case Role.Student:
      return Perm.ChatPublic | Perm.ChatToStaff | Perm.SeeParticipants;
    case Role.Observer:
      return Perm.ChatToStaff | Perm.SeeParticipants;
    default:
      return 0;
  }
}

function toMessage(m: ChatMessageView): ChatMessage {
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

export class LiveSession {
  screen: Screen = "connecting";
  link: Link = "connecting";
  error: unknown = null;
  waiting: Waiting | null = null;
  lesson: LessonInfo | null = null;
  you: ParticipantView | null = null;
  permissions = 0;
  readonly participants = new Map<string, ParticipantView>();
  private readonly chat = new Map<number, ChatMessage>();
  lastSeq = 0;
  /** serverNow - Date.now(), from the latest answer that carried the server's clock. */
  clockOffsetMs = 0;

  private readonly connection: HubConnection;
  private readonly listeners = new Set<(e: SessionEvent) => void>();
  private admittedOnce = false;
  private snapshots = 0;
  private disposed = false;
  /** True once the session must not reconnect: ended, replaced, refused or disposed. */
  private terminal = false;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private restartAttempt = 0;

  constructor(private readonly options: SessionOptions) {
    this.connection = new HubConnectionBuilder()
      .withUrl(options.hubUrl ?? "/hubs/classroom")
      .withHubProtocol(new MessagePackHubProtocol())
      .withAutomaticReconnect(foreverRetry)
      .withStatefulReconnect()
      .configureLogging(LogLevel.Warning)
      .build();

    this.connection.on("Admitted", (s: LessonSnapshot) => this.applySnapshot(s));
    this.connection.on("ParticipantJoined", (p: ParticipantView) => {
      this.participants.set(String(p.id), { id: String(p.id), name: p.name, role: Number(p.role) });
      this.emit({ type: "participants" });
    });
    this.connection.on("ParticipantLeft", (id: string) => {
      if (this.participants.delete(String(id))) this.emit({ type: "participants" });
    });
    this.connection.on("ChatReceived", (m: ChatMessageView) => this.addMessage(toMessage(m)));
    this.connection.on("LessonPhaseChanged", (p: LessonPhaseView) => {
      this.updateClock(p.serverNow);
      if (this.lesson) {
        this.lesson.phase = Number(p.phase);
        this.emit({ type: "phase" });
      }
    });
    this.connection.on("LessonEnded", () => this.finish("ended"));
    this.connection.on("Replaced", () => this.finish("replaced"));

    this.connection.onreconnecting(() => {
      if (this.terminal) return;
      this.setLink("reconnecting");
    });
    this.connection.onreconnected(() => {
      if (this.terminal) {
        void this.connection.stop();
        return;
      }
      this.setLink("online");
      // A new connection: the server no longer knows it; join again with what we already have.
      void this.join();
    });
    this.connection.onclose(() => {
      if (this.terminal || this.disposed) return;
      this.setLink("offline");
      this.scheduleRestart();
    });
  }

  on(listener: (e: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Messages in seq order. */
  messages(): ChatMessage[] {
    return Array.from(this.chat.values()).sort((a, b) => a.seq - b.seq);
  }

  get isStaff(): boolean {
    return this.you !== null && isStaffRole(this.you.role);
  }

  get isDisplay(): boolean {
    return this.you?.role === Role.Display;
  }

  /** The server's clock, as well as we know it. */
  serverNow(): number {
    return Date.now() + this.clockOffsetMs;
  }

  async start(): Promise<void> {
    this.terminal = false;
    this.error = null;
    if (this.screen === "failed" || this.screen === "replaced") this.setScreen("connecting");
    if (this.connection.state === HubConnectionState.Disconnected) {
      try {
        await this.connection.start();
      } catch {
        if (this.disposed) return;
        this.setLink("offline");
        this.scheduleRestart();
        return;
      }
    }
    if (this.disposed) {
      void this.connection.stop();
      return;
    }
    this.restartAttempt = 0;
    this.setLink("online");
    await this.join();
  }

  /** Leaves the lesson and closes the connection (page navigation). */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.terminal = true;
    clearTimeout(this.restartTimer);
    this.listeners.clear();
    try {
      if (this.connection.state === HubConnectionState.Connected && this.screen === "cabinet") {
        await this.connection.invoke("Leave");
      }
    } catch {
      // leaving is best effort
    }
    await this.connection.stop().catch(() => undefined);
  }

  async sendChat(text: string, toParticipantId?: string): Promise<void> {
    this.ensureConnected();
    const req: SendChatRequest = { text };
    if (toParticipantId) req.toParticipantId = toParticipantId;
    const seq = Number(await this.connection.invoke<number>("SendChat", req));
    // The server echoes the message to us too; if the echo has not come yet, show ours now.
    if (!this.chat.has(seq) && this.you) {
      const target = toParticipantId ? this.participants.get(toParticipantId) : undefined;
      this.addMessage({
        seq,
        senderId: this.you.id,
        senderName: this.you.name,
        senderRole: this.you.role,
        audience: !toParticipantId
          ? Audience.Everyone
          : this.permissions & Perm.ChatToAnyone
            ? Audience.Participant
            : target && isStaffRole(target.role)
              ? Audience.Staff
              : Audience.Participant,
        targetId: toParticipantId ?? null,
        text: text.trim(),
        sentAt: new Date(this.serverNow()),
      });
    }
  }

  async openEarly(): Promise<void> {
    this.ensureConnected();
    await this.connection.invoke("OpenEarly");
  }

  async endLesson(): Promise<void> {
    this.ensureConnected();
    await this.connection.invoke("EndLesson");
  }

  // ---- internals ----

  private ensureConnected(): void {
    if (this.connection.state !== HubConnectionState.Connected) throw new Error("[not_connected]");
  }

  private request(): JoinRequest {
    const req: JoinRequest = {};
    if (this.options.code) req.code = this.options.code;
    if (this.options.lessonId) req.lessonId = this.options.lessonId;
    if (this.options.displayName) req.displayName = this.options.displayName;
    if (this.admittedOnce) req.lastSeq = this.lastSeq;
    return req;
  }

  private async join(): Promise<void> {
    const snapshotsBefore = this.snapshots;
    let result: JoinResult;
    try {
      result = await this.connection.invoke<JoinResult>("Join", this.request());
    } catch (e) {
      if (this.disposed || this.terminal) return;
      if (this.connection.state !== HubConnectionState.Connected) return; // dropped mid-call: reconnect rejoins
      const code = errorCode(e);
      this.error = e;
      if (code === "entry.lesson_ended") {
        this.finish("ended");
      } else {
        this.terminal = true;
        this.setScreen("failed");
        void this.connection.stop();
      }
      return;
    }
    if (this.disposed || this.terminal) return;
    this.updateClock(result.serverNow);
    if (Number(result.status) === JoinStatus.Waiting) {
      if (this.snapshots !== snapshotsBefore) return; // Admitted overtook the answer
      const info = result.waiting;
      this.waiting = info
        ? { info, startsAt: toDateOr(info.startsAt), opensAt: toDate(result.opensAt), offsetMs: this.clockOffsetMs }
        : {
            info: { cabinetName: "", subject: "", className: "", startsAt: "", yourName: "" },
            startsAt: new Date(NaN),
            opensAt: toDate(result.opensAt),
            offsetMs: this.clockOffsetMs,
          };
      this.setScreen("waiting");
    } else if (result.snapshot) {
      this.applySnapshot(result.snapshot);
    }
  }

  private applySnapshot(s: LessonSnapshot): void {
    if (this.terminal) return;
    this.snapshots++;
    this.updateClock(s.serverNow);
    const rejoin = this.admittedOnce;
    this.admittedOnce = true;
    this.lesson = {
      lessonId: String(s.lessonId),
      cabinetName: s.cabinetName,
      subject: s.subject,
      className: s.className,
      phase: Number(s.phase),
      startsAt: toDateOr(s.startsAt),
      endsAt: toDateOr(s.endsAt),
    };
    this.you = { id: String(s.you.id), name: s.you.name, role: Number(s.you.role) };
    this.permissions = s.permissions === null || s.permissions === undefined ? defaultPermissions(this.you.role) : Number(s.permissions);
    this.participants.clear();
    for (const p of s.participants ?? []) {
      this.participants.set(String(p.id), { id: String(p.id), name: p.name, role: Number(p.role) });
    }
    if (!this.participants.has(this.you.id)) this.participants.set(this.you.id, this.you);
    // Merge, never duplicate: a rejoin snapshot carries only messages after our lastSeq.
    let added = false;
    for (const m of s.chat ?? []) {
      const msg = toMessage(m);
      if (!this.chat.has(msg.seq)) {
        this.chat.set(msg.seq, msg);
        added = true;
      }
    }
    this.lastSeq = Math.max(this.lastSeq, Number(s.lastSeq ?? 0), ...Array.from(this.chat.keys()));
    this.waiting = null;
    if (this.screen !== "cabinet" || !rejoin) {
      this.setScreen("cabinet");
    } else {
      this.emit({ type: "phase" });
      this.emit({ type: "participants" });
      if (added) this.emit({ type: "chatReset" });
    }
    if (this.lesson.phase === Phase.Ended && !this.isStaff) this.finish("ended");
  }

  private addMessage(msg: ChatMessage): void {
    const existing = this.chat.get(msg.seq);
    this.chat.set(msg.seq, msg);
    this.lastSeq = Math.max(this.lastSeq, msg.seq);
    if (existing) this.emit({ type: "chatReset" });
    else this.emit({ type: "chat", message: msg });
  }

  private finish(screen: "ended" | "replaced"): void {
    this.terminal = true;
    clearTimeout(this.restartTimer);
    if (screen === "ended" && this.lesson) this.lesson.phase = Phase.Ended;
    this.setScreen(screen);
    // The server closes our connection right after; stop it first so automatic reconnect does not
    // join again (which would take the lesson back from the other tab, or knock on an ended lesson).
    void this.connection.stop().catch(() => undefined);
  }

  private scheduleRestart(): void {
    if (this.terminal || this.disposed) return;
    clearTimeout(this.restartTimer);
    const delay = foreverRetry.nextRetryDelayInMilliseconds({
      previousRetryCount: this.restartAttempt++,
      elapsedMilliseconds: 0,
      retryReason: new Error("closed"),
    }) ?? steadyDelay;
    this.restartTimer = setTimeout(() => void this.start(), Math.max(delay, 1000));
  }

  private updateClock(serverNow: unknown): void {
    const d = toDate(serverNow as Date | string | null);
    if (d) this.clockOffsetMs = d.getTime() - Date.now();
  }

  private setScreen(screen: Screen): void {
    this.screen = screen;
    this.emit({ type: "screen" });
  }

  private setLink(link: Link): void {
    if (this.link === link) return;
    this.link = link;
    this.emit({ type: "link" });
  }

  private emit(e: SessionEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        console.error(err);
      }
    }
  }
}
