// What only staff receive: the moderation log (bounded), the lobby and the ban list. No DOM here.
import { toBan, toLobbyEntry, toLogEntry, type Ban, type LobbyEntry, type LogEntry } from "../../moderation-state";
import type { BanView, LobbyEntryView, ModerationEntryView } from "../../types";

/** The moderation log kept in memory (the report has the full one). */
export const maxLog = 500;

export class StaffState {
  /** Oldest first, at most maxLog lines. */
  moderationLog: LogEntry[] = [];
  /** Who waits in the lobby, in arrival order. */
  lobby: LobbyEntry[] = [];
  /** Lesson and cabinet bans. */
  bans: Ban[] = [];

  reset(log: ModerationEntryView[] | null | undefined, lobby: LobbyEntryView[] | null | undefined, bans: BanView[] | null | undefined): void {
    this.moderationLog = (log ?? []).map(toLogEntry).slice(-maxLog);
    this.setLobby(lobby);
    this.setBans(bans);
  }

  logged(e: ModerationEntryView): LogEntry {
    const entry = toLogEntry(e);
    this.moderationLog.push(entry);
    if (this.moderationLog.length > maxLog) this.moderationLog.splice(0, this.moderationLog.length - maxLog);
    return entry;
  }

  setLobby(lobby: LobbyEntryView[] | null | undefined): void {
    this.lobby = (lobby ?? []).map(toLobbyEntry);
  }

  setBans(bans: BanView[] | null | undefined): void {
    this.bans = (bans ?? []).map(toBan);
  }
}
