// The live connection to /hubs/classroom and the lesson state it maintains (participants with their
// microphone/hand/screen state, chat, lesson rules and, for staff, the moderation log, lobby and bans).
// No DOM here: the live page subscribes to changes and renders them.
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
import {
  defaultPermissions,
  defaultRules,
  toBan,
  toLobbyEntry,
  toLogEntry,
  toParticipant,
  toRemoval,
  toRules,
  type Ban,
  type LobbyEntry,
  type LogEntry,
  type Participant,
  type Removal,
  type Rules,
} from "./moderation-state";
import { toDate, toDateOr } from "./time";
import {
  Audience,
  JoinStatus,
  Perm,
  Phase,
  RemovalKind,
  Role,
  isStaffRole,
  type BanView,
  type ChatMessageView,
  type JoinRequest,
  type JoinResult,
  type LessonPhaseView,
  type LessonRulesView,
  type LessonSnapshot,
  type LobbyEntryView,
  type MediaAnswer,
  type MediaAnswerRequest,
  type MediaOfferRequest,
  type MediaSubscription,
  type MediaTrackView,
  type ModerateRequest,
  type ModerationEntryView,
  type ParticipantView,
  type RemovalView,
  type SendChatRequest,
  type SubscribeMediaRequest,
  type WaitingInfo,
} from "./types";

const retryDelays = [0, 1000, 2000, 5000, 10000];
/** The moderation log kept in memory (the report has the full one). */
const maxLog = 500;
const steadyDelay = 10000;

/** Keeps retrying forever: a phone in a village may be offline for many minutes. */
export const foreverRetry: IRetryPolicy = {
  nextRetryDelayInMilliseconds(ctx: RetryContext): number {
    return ctx.previousRetryCount < retryDelays.length ? retryDelays[ctx.previousRetryCount] : steadyDelay;
  },
};

export type Screen = "connecting" | "waiting" | "lobby" | "cabinet" | "ended" | "replaced" | "removed" | "failed";
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
  /** The lesson's topic and the school's name ("" when not set). */
  title: string;
  schoolName: string;
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
  | { type: "chatDeleted"; seq: number }
  | { type: "phase" }
  /** One participant's state changed (microphone, hand, screen, name, permissions). */
  | { type: "participant"; id: string }
  /** Our own state or permissions changed. */
  | { type: "you" }
  | { type: "rules" }
  /** A line was added to the moderation log; without `entry` the whole log was replaced. */
  | { type: "log"; entry?: LogEntry }
  | { type: "lobby" }
  | { type: "bans" }
  /** We are (again) in the cabinet with a fresh snapshot: first entry, after the lobby or on a new connection. */
  | { type: "admitted" }
  /** The lesson's published tracks changed (MediaTracksChanged). */
  | { type: "mediaTracks"; tracks: MediaTrackView[] }
  /** To staff: a participant came back on a new connection (another device or tab). */
  | { type: "connectionReplaced"; participantId: string; name: string };

export interface SessionOptions {
  code?: string;
  lessonId?: string;
  displayName?: string;
  hubUrl?: string;
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
  you: Participant | null = null;
  permissions = 0;
  readonly participants = new Map<string, Participant>();
  rules: Rules = defaultRules();
  /** Staff only: oldest first. */
  moderationLog: LogEntry[] = [];
  /** Staff only: who waits in the lobby, in arrival order. */
  lobby: LobbyEntry[] = [];
  /** Staff only: lesson and cabinet bans. */
  bans: Ban[] = [];
  /** Why we were taken out of the lesson (sent to the lobby, kicked, banned...). */
  removal: Removal | null = null;
  /** What the Join answer told about the lesson while we wait in the lobby (may be null). */
  lobbyInfo: WaitingInfo | null = null;
  private readonly chat = new Map<number, ChatMessage>();
  /** Seqs deleted before we had them (a ChatDeleted that overtook the message): never shown. */
  private readonly deleted = new Set<number>();
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
      const participant = toParticipant(p);
      this.participants.set(participant.id, participant);
      this.emit({ type: "participants" });
    });
    this.connection.on("ParticipantUpdated", (p: ParticipantView) => this.updateParticipant(toParticipant(p)));
    this.connection.on("RulesChanged", (r: LessonRulesView) => {
      this.rules = toRules(r);
      this.emit({ type: "rules" });
    });
    this.connection.on("ModerationLogged", (e: ModerationEntryView) => {
      const entry = toLogEntry(e);
      this.moderationLog.push(entry);
      if (this.moderationLog.length > maxLog) this.moderationLog.splice(0, this.moderationLog.length - maxLog);
      this.emit({ type: "log", entry });
    });
    this.connection.on("LobbyChanged", (lobby: LobbyEntryView[]) => {
      this.lobby = (lobby ?? []).map(toLobbyEntry);
      this.emit({ type: "lobby" });
    });
    this.connection.on("BansChanged", (bans: BanView[]) => {
      this.bans = (bans ?? []).map(toBan);
      this.emit({ type: "bans" });
    });
    this.connection.on("ConnectionReplaced", (id: string) => {
      const participantId = String(id);
      this.emit({ type: "connectionReplaced", participantId, name: this.participants.get(participantId)?.name ?? "" });
    });
    this.connection.on("ChatDeleted", (seq: number) => {
      const n = Number(seq);
      if (this.chat.delete(n)) this.emit({ type: "chatDeleted", seq: n });
      else this.deleted.add(n);
    });
    this.connection.on("Removed", (r: RemovalView) => this.removed(toRemoval(r)));
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
    this.connection.on("MediaTracksChanged", (tracks: MediaTrackView[] | null) => {
      if (this.screen !== "cabinet") return;
      this.emit({ type: "mediaTracks", tracks: tracks ?? [] });
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
    if (this.screen === "failed" || this.screen === "replaced" || this.screen === "removed") {
      this.removal = null;
      this.setScreen("connecting");
    }
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

  /** A teacher's moderation action (numbers in moderation-state.ts `Mod`). */
  async moderate(action: number, targetId?: string | null, value?: string | null): Promise<void> {
    this.ensureConnected();
    const req: ModerateRequest = { action };
    if (targetId !== undefined && targetId !== null) req.targetId = targetId;
    if (value !== undefined && value !== null) req.value = value;
    await this.connection.invoke("Moderate", req);
  }

  async raiseHand(raised: boolean): Promise<void> {
    this.ensureConnected();
    await this.connection.invoke("RaiseHand", raised);
  }

  async setMicrophone(on: boolean): Promise<void> {
    this.ensureConnected();
    await this.connection.invoke("SetMicrophone", on);
  }

  /** The signalling of a screen share; the media is published by media/controller.ts. */
  async setScreenShare(on: boolean): Promise<void> {
    this.ensureConnected();
    await this.connection.invoke("SetScreenShare", on);
  }

  /** Offers (or re-offers) our publishing connection to the relay; resolves with its answer. */
  async publishMedia(req: MediaOfferRequest): Promise<MediaAnswer> {
    this.ensureConnected();
    return await this.connection.invoke<MediaAnswer>("PublishMedia", req);
  }

  async unpublishMedia(): Promise<void> {
    this.ensureConnected();
    await this.connection.invoke("UnpublishMedia");
  }

  /** Asks the relay for an offer of everything we may receive. */
  async subscribeMedia(iceRestart: boolean): Promise<MediaSubscription> {
    this.ensureConnected();
    const req: SubscribeMediaRequest = { iceRestart };
    return await this.connection.invoke<MediaSubscription>("SubscribeMedia", req);
  }

  async answerMedia(version: number, sdp: string): Promise<void> {
    this.ensureConnected();
    const req: MediaAnswerRequest = { version, sdp };
    await this.connection.invoke("AnswerMedia", req);
  }

  /** A chat message by seq, if we have it. */
  message(seq: number | null): ChatMessage | undefined {
    return seq === null ? undefined : this.chat.get(seq);
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
    const status = Number(result.status);
    if (status === JoinStatus.Lobby) {
      if (this.snapshots !== snapshotsBefore) return; // Admitted overtook the answer
      this.lobbyInfo = result.waiting ?? null;
      this.waiting = null;
      this.setScreen("lobby");
    } else if (status === JoinStatus.Waiting) {
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
      title: s.title ?? "",
      schoolName: s.schoolName ?? "",
    };
    this.you = toParticipant(s.you);
    this.permissions = s.permissions === null || s.permissions === undefined ? defaultPermissions(this.you.role) : Number(s.permissions);
    this.you.permissions = this.permissions;
    this.participants.clear();
    for (const p of s.participants ?? []) {
      const participant = toParticipant(p);
      this.participants.set(participant.id, participant);
    }
    if (this.participants.has(this.you.id)) this.you = { ...this.participants.get(this.you.id)!, permissions: this.permissions };
    this.participants.set(this.you.id, this.you);
    this.rules = toRules(s.rules);
    this.moderationLog = (s.moderationLog ?? []).map(toLogEntry).slice(-maxLog);
    this.lobby = (s.lobby ?? []).map(toLobbyEntry);
    this.bans = (s.bans ?? []).map(toBan);
    this.removal = null;
    this.lobbyInfo = null;
    // Deleted while we were away: ChatDeleted never reached us.
    for (const seq of s.deletedSeqs ?? []) {
      const n = Number(seq);
      this.deleted.add(n);
      if (this.chat.delete(n)) this.emit({ type: "chatDeleted", seq: n });
    }
    // Merge, never duplicate: a rejoin snapshot carries only messages after our lastSeq.
    let added = false;
    for (const m of s.chat ?? []) {
      const msg = toMessage(m);
      if (!this.chat.has(msg.seq) && !this.deleted.has(msg.seq)) {
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
      this.emit({ type: "you" });
      this.emit({ type: "rules" });
      this.emit({ type: "log" });
      this.emit({ type: "lobby" });
      this.emit({ type: "bans" });
      if (added) this.emit({ type: "chatReset" });
    }
    if (this.lesson.phase === Phase.Ended && !this.isStaff) {
      this.finish("ended");
      return;
    }
    this.emit({ type: "admitted" });
  }

  private addMessage(msg: ChatMessage): void {
    if (this.deleted.has(msg.seq)) return;
    const existing = this.chat.get(msg.seq);
    this.chat.set(msg.seq, msg);
    this.lastSeq = Math.max(this.lastSeq, msg.seq);
    if (existing) this.emit({ type: "chatReset" });
    else this.emit({ type: "chat", message: msg });
  }

  private updateParticipant(p: Participant): void {
    const isYou = p.id === this.you?.id;
    // Only people we know are here (an update racing a ParticipantLeft must not bring a ghost back).
    if (!isYou && !this.participants.has(p.id)) return;
    this.participants.set(p.id, p);
    if (isYou) {
      this.you = p;
      this.permissions = p.permissions;
    }
    this.emit({ type: "participant", id: p.id });
    if (isYou) this.emit({ type: "you" });
  }

  private removed(r: Removal): void {
    if (this.terminal) return;
    this.removal = r;
    if (r.kind === RemovalKind.Lobby) {
      // Still connected: we wait in the lobby, and Admitted brings us back.
      this.lobbyInfo = null;
      this.setScreen("lobby");
      return;
    }
    this.finish("removed");
  }

  private finish(screen: "ended" | "replaced" | "removed"): void {
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
