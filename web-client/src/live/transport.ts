// The connection to /hubs/classroom: MessagePack, SignalR's stateful reconnect (a short drop loses
// no message), automatic reconnect forever (a phone in a village may be offline for many minutes),
// and a restart when the connection closes anyway. It knows nothing of lessons: the session joins
// again whenever `reconnected` says a new connection is up.
import {
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
  type IRetryPolicy,
  type RetryContext,
} from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import type { ClassroomClientEvents, HubCalls } from "../types";

export type Link = "connecting" | "online" | "reconnecting" | "offline";

const retryDelays = [0, 1000, 2000, 5000, 10000];
const steadyDelay = 10000;

/** Keeps retrying forever: a phone in a village may be offline for many minutes. */
export const foreverRetry: IRetryPolicy = {
  nextRetryDelayInMilliseconds(ctx: RetryContext): number {
    return ctx.previousRetryCount < retryDelays.length ? retryDelays[ctx.previousRetryCount] : steadyDelay;
  },
};

/** Calls a hub method by its wire name with the generated argument and result types. */
export interface Invoker {
  invoke<K extends keyof HubCalls>(method: K, ...args: HubCalls[K]["args"]): Promise<HubCalls[K]["result"]>;
}

export interface TransportHandlers {
  /** The link state changed (`transport.link`). */
  link(): void;
  /** A new connection is up after a drop (automatic reconnect or restart): the server no longer knows it. */
  reconnected(): void;
}

export class Transport implements Invoker {
  link: Link = "connecting";
  private readonly connection: HubConnection;
  /** No reconnecting: the lesson is over for this page, or the page left. */
  private halted = false;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private restartAttempt = 0;

  constructor(
    private readonly handlers: TransportHandlers,
    hubUrl = "/hubs/classroom",
  ) {
    this.connection = new HubConnectionBuilder()
      .withUrl(hubUrl)
      .withHubProtocol(new MessagePackHubProtocol())
      .withAutomaticReconnect(foreverRetry)
      .withStatefulReconnect()
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.onreconnecting(() => {
      if (!this.halted) this.setLink("reconnecting");
    });
    this.connection.onreconnected(() => {
      if (this.halted) {
        void this.connection.stop();
        return;
      }
      this.setLink("online");
      this.handlers.reconnected();
    });
    this.connection.onclose(() => {
      if (this.halted) return;
      this.setLink("offline");
      this.scheduleRestart();
    });
  }

  get connected(): boolean {
    return this.connection.state === HubConnectionState.Connected;
  }

  on<K extends keyof ClassroomClientEvents>(event: K, handler: (...args: ClassroomClientEvents[K]) => void): void {
    this.connection.on(event, handler as (...args: unknown[]) => void);
  }

  invoke<K extends keyof HubCalls>(method: K, ...args: HubCalls[K]["args"]): Promise<HubCalls[K]["result"]> {
    if (!this.connected) return Promise.reject(new Error("[not_connected]"));
    return this.connection.invoke<HubCalls[K]["result"]>(method, ...args);
  }

  /** Connects (unless connected). True when connected; false when it failed (a restart is then scheduled). */
  async open(): Promise<boolean> {
    this.halted = false;
    if (this.connection.state === HubConnectionState.Disconnected) {
      try {
        await this.connection.start();
      } catch {
        if (this.halted) return false;
        this.setLink("offline");
        this.scheduleRestart();
        return false;
      }
    }
    if (this.halted) {
      void this.connection.stop();
      return false;
    }
    this.restartAttempt = 0;
    this.setLink("online");
    return true;
  }

  /**
   * Stops for good: no automatic reconnect and no restart. The server closes our connection right
   * after ending, replacing or removing us; stopping first keeps automatic reconnect from joining
   * again (which would take the lesson back from the other tab, or knock on an ended lesson).
   */
  halt(): Promise<void> {
    this.halted = true;
    clearTimeout(this.restartTimer);
    return this.connection.stop().catch(() => undefined);
  }

  private scheduleRestart(): void {
    if (this.halted) return;
    clearTimeout(this.restartTimer);
    const delay =
      foreverRetry.nextRetryDelayInMilliseconds({
        previousRetryCount: this.restartAttempt++,
        elapsedMilliseconds: 0,
        retryReason: new Error("closed"),
      }) ?? steadyDelay;
    this.restartTimer = setTimeout(() => void this.restart(), Math.max(delay, 1000));
  }

  private async restart(): Promise<void> {
    if (await this.open()) this.handlers.reconnected();
  }

  private setLink(link: Link): void {
    if (this.link === link) return;
    this.link = link;
    this.handlers.link();
  }
}
