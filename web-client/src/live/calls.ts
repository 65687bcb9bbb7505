// One typed function per hub method (names and types generated from the hub: wire/contracts.ts
// HubCalls). `hubCalls` must list them all: adding a hub method without its function here fails the
// type check.
import type {
  ChatMessageView,
  HubCalls,
  IceServerView,
  JoinRequest,
  JoinResult,
  MediaAnswer,
  MediaAnswerRequest,
  MediaOfferRequest,
  MediaSubscription,
  ModerateRequest,
  SendChatRequest,
  SubscribeMediaRequest,
} from "../types";
import type { Invoker } from "./transport";

export const join = (t: Invoker, request: JoinRequest): Promise<JoinResult> => t.invoke("Join", request);
export const leave = (t: Invoker): Promise<void> => t.invoke("Leave");
/** Resolves with the message's seq. */
export const sendChat = (t: Invoker, request: SendChatRequest): Promise<number> => t.invoke("SendChat", request);
export const getChatSince = (t: Invoker, seq: number): Promise<ChatMessageView[]> => t.invoke("GetChatSince", seq);
export const openEarly = (t: Invoker): Promise<void> => t.invoke("OpenEarly");
export const endLesson = (t: Invoker): Promise<void> => t.invoke("EndLesson");
export const moderate = (t: Invoker, request: ModerateRequest): Promise<void> => t.invoke("Moderate", request);
export const raiseHand = (t: Invoker, raised: boolean): Promise<void> => t.invoke("RaiseHand", raised);
export const setMicrophone = (t: Invoker, on: boolean): Promise<void> => t.invoke("SetMicrophone", on);
export const setCamera = (t: Invoker, on: boolean): Promise<void> => t.invoke("SetCamera", on);
export const setScreenShare = (t: Invoker, on: boolean): Promise<void> => t.invoke("SetScreenShare", on);
export const publishMedia = (t: Invoker, request: MediaOfferRequest): Promise<MediaAnswer> => t.invoke("PublishMedia", request);
export const unpublishMedia = (t: Invoker): Promise<void> => t.invoke("UnpublishMedia");
export const subscribeMedia = (t: Invoker, request: SubscribeMediaRequest): Promise<MediaSubscription> => t.invoke("SubscribeMedia", request);
export const answerMedia = (t: Invoker, request: MediaAnswerRequest): Promise<void> => t.invoke("AnswerMedia", request);
/** What our own page receives: "auto", "low" or "audioOnly". */
export const setReceiveMode = (t: Invoker, mode: string): Promise<void> => t.invoke("SetReceiveMode", mode);
/** Staff: the class default (a ceiling for students). */
export const setClassReceiveMode = (t: Invoker, mode: string): Promise<void> => t.invoke("SetClassReceiveMode", mode);
export const getIceServers = (t: Invoker): Promise<IceServerView[]> => t.invoke("GetIceServers");

/** Every hub method by its wire name: a missing one is a compile error. */
export const hubCalls = {
  Join: join,
  Leave: leave,
  SendChat: sendChat,
  GetChatSince: getChatSince,
  OpenEarly: openEarly,
  EndLesson: endLesson,
  Moderate: moderate,
  RaiseHand: raiseHand,
  SetMicrophone: setMicrophone,
  SetCamera: setCamera,
  SetScreenShare: setScreenShare,
  PublishMedia: publishMedia,
  UnpublishMedia: unpublishMedia,
  SubscribeMedia: subscribeMedia,
  AnswerMedia: answerMedia,
  SetReceiveMode: setReceiveMode,
  SetClassReceiveMode: setClassReceiveMode,
  GetIceServers: getIceServers,
} satisfies { [K in keyof HubCalls]: (t: Invoker, ...args: HubCalls[K]["args"]) => Promise<HubCalls[K]["result"]> };
