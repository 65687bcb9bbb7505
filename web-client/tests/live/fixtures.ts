// Wire payloads as the server sends them, typed by the generated contract (wire/contracts.ts), so a
// contract change that the state does not follow breaks these tests at compile time. Times come as
// Dates (MessagePack) unless a test says otherwise.
import type {
  ChatMessageView,
  JoinResult,
  LessonSnapshot,
  ParticipantView,
  RemovalView,
} from "../../src/wire/contracts";
import { JoinStatus, LessonPhase, Permissions, Role } from "../../src/wire/contracts";

export const lessonId = "5b0c2c1e-8f5e-4f3a-9a51-3f6f3c1d9e01";
export const t0 = new Date("2026-11-23T09:00:00Z");

export const studentPerms = Permissions.ChatPublic | Permissions.ChatToStaff | Permissions.PublishAudio | Permissions.PublishVideo | Permissions.SeeParticipants;
export const teacherPerms =
  Permissions.ChatPublic | Permissions.ChatToAnyone | Permissions.Moderate | Permissions.PublishAudio | Permissions.PublishVideo | Permissions.ShareScreen | Permissions.SeeParticipants;

export function participant(id: string, name: string, role: number, extra: Partial<ParticipantView> = {}): ParticipantView {
  const permissions = role === Role.Student ? studentPerms : role === Role.Teacher ? teacherPerms : 0;
  return { id, name, role, micOn: false, micLocked: false, handRaisedAt: null, sharing: false, permissions, cameraOn: role !== Role.Observer, ...extra };
}

export const teacher = participant("t-1", "Иванова М. П.", Role.Teacher, { micOn: true });
export const anna = participant("s-anna", "Анна Белова", Role.Student);
export const boris = participant("s-boris", "Борис Волков", Role.Student);

export function message(seq: number, text: string, from: ParticipantView = teacher, extra: Partial<ChatMessageView> = {}): ChatMessageView {
  return { seq, senderId: from.id, senderName: from.name, senderRole: from.role, audience: 0, targetId: null, text, sentAt: new Date(t0.getTime() + seq * 1000), ...extra };
}

export function snapshot(you: ParticipantView, extra: Partial<LessonSnapshot> = {}): LessonSnapshot {
  return {
    lessonId,
    cabinetName: "Кабинет 3",
    subject: "Физика",
    className: "9А",
    phase: LessonPhase.InProgress,
    startsAt: t0,
    endsAt: new Date(t0.getTime() + 45 * 60_000),
    serverNow: new Date(t0.getTime() + 60_000),
    you,
    permissions: you.permissions ?? 0,
    participants: [teacher, anna, boris].filter((p) => p.id !== you.id).concat(you),
    chat: [],
    lastSeq: 0,
    rules: null,
    moderationLog: [],
    lobby: [],
    bans: [],
    deletedSeqs: [],
    ...extra,
  };
}

export function admitted(s: LessonSnapshot): JoinResult {
  return { status: JoinStatus.Admitted, lessonId, serverNow: s.serverNow, opensAt: null, waiting: null, snapshot: s };
}

export function waitingAnswer(serverNow: Date | string, opensAt: Date | string): JoinResult {
  return {
    status: JoinStatus.Waiting,
    lessonId,
    serverNow,
    opensAt,
    waiting: { cabinetName: "Кабинет 3", subject: "Физика", className: "9А", startsAt: t0, yourName: "Анна Белова" },
    snapshot: null,
  };
}

export function lobbyAnswer(): JoinResult {
  return { status: JoinStatus.Lobby, lessonId, serverNow: t0, opensAt: null, waiting: null, snapshot: null };
}

export function removal(kind: number, reason: string | null = null, until: Date | null = null): RemovalView {
  return { kind, reason, until };
}
