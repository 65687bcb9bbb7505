// LiveSession: what the live pages use. It ties the transport (connection, reconnects), the state
// (a pure reducer of hub events) and the typed calls together, and tells listeners what changed.
// Its public surface is the one the pages were written against; the logic lives in the parts.
import { errorCode } from "../errors";
import type { Ban, LobbyEntry, LogEntry, Participant, Removal, Rules } from "../moderation-state";
import type { IceServerView, MediaAnswer, MediaOfferRequest, MediaSubscription, WaitingInfo } from "../types";
import * as calls from "./calls";
import type { ChatMessage } from "./state/chat";
import type { SessionEvent } from "./state/events";
import type { ReceptionState } from "./state/reception";
import type { Screen, Waiting } from "./state/join";
import { LessonState, type JoinOptions, type LessonInfo } from "./state/lesson";
import { Transport, type Link } from "./transport";

export interface SessionOptions extends JoinOptions {
  hubUrl?: string;
}

export class LiveSession {
  private readonly state = new LessonState();
  private readonly transport: Transport;
  private readonly listeners = new Set<(e: SessionEvent) => void>();
  private disposed = false;

  constructor(private readonly options: SessionOptions) {
    this.transport = new Transport(
      {
        link: () => this.emit({ type: "link" }),
        // A new connection: the server no longer knows it; join again with what we already have.
        reconnected: () => void this.join(),
      },
      options.hubUrl,
    );
    for (const name of LessonState.eventNames) {
      this.transport.on(name, (...args) => this.apply(this.state.receive(name, ...args)));
    }
  }

  // ---- state, read by the pages ----

  get screen(): Screen {
    return this.state.join.screen;
  }
  get link(): Link {
    return this.transport.link;
  }
  get error(): unknown {
    return this.state.join.error;
  }
  get waiting(): Waiting | null {
    return this.state.join.waiting;
  }
  get lesson(): LessonInfo | null {
    return this.state.lesson;
  }
  get you(): Participant | null {
    return this.state.people.you;
  }
  /** Our effective permissions (types.ts Perm flags). */
  get permissions(): number {
    return this.state.people.permissions;
  }
  get participants(): ReadonlyMap<string, Participant> {
    return this.state.people.all;
  }
  get rules(): Rules {
    return this.state.rules;
  }
  /** Staff only: oldest first. */
  get moderationLog(): LogEntry[] {
    return this.state.staff.moderationLog;
  }
  /** Staff only: who waits in the lobby, in arrival order. */
  get lobby(): LobbyEntry[] {
    return this.state.staff.lobby;
  }
  /** Staff only: lesson and cabinet bans. */
  get bans(): Ban[] {
    return this.state.staff.bans;
  }
  /** Why we were taken out of the lesson (sent to the lobby, kicked, banned...). */
  get removal(): Removal | null {
    return this.state.join.removal;
  }
  /** What the Join answer told about the lesson while we wait in the lobby (may be null). */
  get lobbyInfo(): WaitingInfo | null {
    return this.state.join.lobbyInfo;
  }
  get lastSeq(): number {
    return this.state.chat.lastSeq;
  }
  /** serverNow - Date.now(), from the latest answer that carried the server's clock. */
  get clockOffsetMs(): number {
    return this.state.clockOffsetMs;
  }
  get isStaff(): boolean {
    return this.state.isStaff;
  }
  /** What this page receives, which of its videos are forwarded, and link quality (issue 13). */
  get reception(): ReceptionState {
    return this.state.reception;
  }
  get isDisplay(): boolean {
    return this.state.isDisplay;
  }

  on(listener: (e: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Messages in seq order. */
  messages(): ChatMessage[] {
    return this.state.chat.messages();
  }

  /** A chat message by seq, if we have it. */
  message(seq: number | null): ChatMessage | undefined {
    return this.state.chat.get(seq);
  }

  /** The server's clock, as well as we know it. */
  serverNow(): number {
    return this.state.serverNow();
  }

  // ---- lifecycle ----

  async start(): Promise<void> {
    this.apply(this.state.restart());
    if (!(await this.transport.open())) return;
    if (this.disposed) {
      void this.transport.halt();
      return;
    }
    await this.join();
  }

  /** Leaves the lesson and closes the connection (page navigation). */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.listeners.clear();
    try {
      if (this.transport.connected && this.screen === "cabinet") await calls.leave(this.transport);
    } catch {
      // leaving is best effort
    }
    await this.transport.halt();
  }

  // ---- calls ----

  async sendChat(text: string, toParticipantId?: string): Promise<void> {
    const seq = Number(await calls.sendChat(this.transport, toParticipantId ? { text, toParticipantId } : { text }));
    // The server echoes the message to us too; if the echo has not come yet, show ours now.
    this.apply(this.state.localEcho(seq, text, toParticipantId));
  }

  /** A teacher's moderation action (numbers in moderation-state.ts `Mod`). */
  moderate(action: number, targetId?: string | null, value?: string | null): Promise<void> {
    return calls.moderate(this.transport, {
      action,
      ...(targetId !== undefined && targetId !== null ? { targetId } : {}),
      ...(value !== undefined && value !== null ? { value } : {}),
    });
  }

  raiseHand(raised: boolean): Promise<void> {
    return calls.raiseHand(this.transport, raised);
  }

  setMicrophone(on: boolean): Promise<void> {
    return calls.setMicrophone(this.transport, on);
  }

  /** Our own camera on or off at the server (the relay forwards our video only while on); media/controller.ts captures. */
  setCamera(on: boolean): Promise<void> {
    return calls.setCamera(this.transport, on);
  }

  /** The signalling of a screen share; the media is published by media/controller.ts. */
  setScreenShare(on: boolean): Promise<void> {
    return calls.setScreenShare(this.transport, on);
  }

  /** Offers (or re-offers) our publishing connection to the relay; resolves with its answer. */
  publishMedia(req: MediaOfferRequest): Promise<MediaAnswer> {
    return calls.publishMedia(this.transport, req);
  }

  unpublishMedia(): Promise<void> {
    return calls.unpublishMedia(this.transport);
  }

  /** Asks the relay for an offer of everything we may receive. */
  subscribeMedia(iceRestart: boolean): Promise<MediaSubscription> {
    return calls.subscribeMedia(this.transport, { iceRestart });
  }

  answerMedia(version: number, sdp: string): Promise<void> {
    return calls.answerMedia(this.transport, { version, sdp });
  }

  /** What our own page receives: "auto", "low" or "audioOnly". */
  setReceiveMode(mode: string): Promise<void> {
    return calls.setReceiveMode(this.transport, mode);
  }

  /** Staff: the class default of what students receive. */
  setClassReceiveMode(mode: string): Promise<void> {
    return calls.setClassReceiveMode(this.transport, mode);
  }

  /** TURN/STUN servers for our peer connections (none unless the school configured a TURN server). */
  iceServers(): Promise<IceServerView[]> {
    return calls.getIceServers(this.transport);
  }

  openEarly(): Promise<void> {
    return calls.openEarly(this.transport);
  }

  endLesson(): Promise<void> {
    return calls.endLesson(this.transport);
  }

  // ---- internals ----

  private async join(): Promise<void> {
    const snapshotsBefore = this.state.join.snapshots;
    let events: SessionEvent[];
    try {
      const result = await calls.join(this.transport, this.state.joinRequest(this.options));
      if (this.disposed) return;
      events = this.state.joinAnswered(result, snapshotsBefore);
    } catch (e) {
      if (this.disposed || this.state.join.terminal) return;
      if (!this.transport.connected) return; // dropped mid-call: the reconnect joins again
      events = this.state.joinRefused(e, errorCode(e) ?? null);
    }
    this.apply(events);
  }

  /** Publishes what the state decided; a terminal screen stops the connection first. */
  private apply(events: SessionEvent[]): void {
    if (events.length === 0) return;
    if (this.state.join.terminal) void this.transport.halt();
    for (const e of events) this.emit(e);
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
