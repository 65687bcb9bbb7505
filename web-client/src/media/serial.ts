// One negotiation at a time. request() while a round runs queues exactly one more round (however
// many requests came meanwhile), so the last change is always negotiated and nothing overlaps.

export class Serial {
  private running = false;
  private again = false;
  private closed = false;
  private drained: Promise<void> = Promise.resolve();

  constructor(
    private readonly round: () => Promise<void>,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Asks for a round; requests made in the same task coalesce into one. */
  request(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.drained;
    }
    this.running = true;
    this.drained = this.loop();
    return this.drained;
  }

  get busy(): boolean {
    return this.running;
  }

  close(): void {
    this.closed = true;
    this.again = false;
  }

  private async loop(): Promise<void> {
    // Let the caller finish its synchronous changes first (several tracks added in a row: one offer).
    await Promise.resolve();
    try {
      do {
        this.again = false;
        if (this.closed) return;
        try {
          await this.round();
        } catch (e) {
          if (!this.closed) this.onError(e);
        }
      } while (this.again && !this.closed);
    } finally {
      this.running = false;
    }
  }
}

/** Resolves when ICE gathering is complete, or after `timeoutMs` (whatever was gathered is in the SDP by then). */
export function iceGathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === "complete" || pc.signalingState === "closed") done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener("icegatheringstatechange", check);
  });
}

/** True for errors that are worth another try later (connection gaps, rate limits). */
export function retryable(code: string | undefined): boolean {
  return code === undefined || code === "not_connected" || code === "rate_limited" || code === "internal_error" || code === "media.stale";
}
