// The join state machine of one live page: connecting → waiting (for the entry window) or lobby (for
// the teacher) → cabinet (admitted), and the ends: ended, replaced (the same person joined elsewhere),
// removed (kicked, banned, timed out, rejected, flooding) and failed (the server refused the Join).
// A terminal screen means the connection must not join again by itself. No DOM here.
import type { Removal } from "../../moderation-state";
import { toDate, toDateOr } from "../../wire/dates";
import { ErrorCodes, JoinStatus, RemovalKind, type JoinResult, type WaitingInfo } from "../../types";

export type Screen = "connecting" | "waiting" | "lobby" | "cabinet" | "ended" | "replaced" | "removed" | "failed";

export interface Waiting {
  info: WaitingInfo;
  startsAt: Date;
  opensAt: Date | null;
  /** serverNow - Date.now() when the answer arrived. */
  offsetMs: number;
}

export type Finish = "ended" | "replaced" | "removed";

/** What a Join answer asks of the caller. */
export type Answer = "none" | "screen" | "snapshot";

export class JoinMachine {
  screen: Screen = "connecting";
  /** True once the session must not reconnect: ended, replaced, removed or refused. */
  terminal = false;
  /** Admitted at least once: a later Join is a rejoin and carries lastSeq. */
  admittedOnce = false;
  /** Snapshots applied so far: a Join answer that an Admitted overtook must not undo it. */
  snapshots = 0;
  error: unknown = null;
  removal: Removal | null = null;
  waiting: Waiting | null = null;
  /** What the Join answer told about the lesson while we wait in the lobby (may be null). */
  lobbyInfo: WaitingInfo | null = null;

  /** start(): a fresh try after a terminal screen (the "try again" buttons). True if the screen changed. */
  restart(): boolean {
    this.terminal = false;
    this.error = null;
    if (this.screen === "failed" || this.screen === "replaced" || this.screen === "removed") {
      this.removal = null;
      this.screen = "connecting";
      return true;
    }
    return false;
  }

  /**
   * The Join answer. `snapshotsBefore` is `snapshots` when the Join was sent. "screen": the screen
   * changed; "snapshot": apply result.snapshot; "none": nothing to do.
   */
  answered(result: JoinResult, snapshotsBefore: number, offsetMs: number): Answer {
    if (this.terminal) return "none";
    const status = Number(result.status);
    if (status === JoinStatus.Lobby || status === JoinStatus.Waiting) {
      if (this.snapshots !== snapshotsBefore) return "none"; // Admitted overtook the answer
      if (status === JoinStatus.Lobby) {
        this.lobbyInfo = result.waiting ?? null;
        this.waiting = null;
        this.screen = "lobby";
      } else {
        const info = result.waiting;
        this.waiting = {
          info: info ?? { cabinetName: "", subject: "", className: "", startsAt: "", yourName: "" },
          startsAt: info ? toDateOr(info.startsAt) : new Date(NaN),
          opensAt: toDate(result.opensAt),
          offsetMs,
        };
        this.screen = "waiting";
      }
      return "screen";
    }
    return result.snapshot ? "snapshot" : "none";
  }

  /** The server refused the Join (a bad code, a ban, a full lobby...): the page shows why and stops. */
  refused(error: unknown, code: string | null): void {
    this.error = error;
    if (code === ErrorCodes.LessonEnded) this.finish("ended");
    else {
      this.terminal = true;
      this.screen = "failed";
    }
  }

  /** A snapshot arrived (Join answer or Admitted). Returns whether it is a rejoin into a cabinet already shown. */
  admitted(): { rejoin: boolean; screenChanged: boolean } {
    this.snapshots++;
    const rejoin = this.admittedOnce;
    this.admittedOnce = true;
    this.removal = null;
    this.lobbyInfo = null;
    this.waiting = null;
    const screenChanged = this.screen !== "cabinet" || !rejoin;
    this.screen = "cabinet";
    return { rejoin, screenChanged };
  }

  /** Removed: to the lobby (still connected, Admitted brings us back) or out for good. */
  removed(r: Removal): boolean {
    if (this.terminal) return false;
    this.removal = r;
    if (r.kind === RemovalKind.Lobby) {
      this.lobbyInfo = null;
      this.screen = "lobby";
      return true;
    }
    this.finish("removed");
    return true;
  }

  finish(screen: Finish): void {
    this.terminal = true;
    this.screen = screen;
  }
}
