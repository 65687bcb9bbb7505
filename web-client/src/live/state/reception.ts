// Receiver choices, last-N forwarding and link quality as the page knows them. No DOM here.
import type { LinkQualityView, MediaForwardingView, ReceptionView } from "../../types";

export type ReceiveMode = "auto" | "low" | "audioOnly";
export const receiveModes: readonly ReceiveMode[] = ["auto", "low", "audioOnly"];

const asMode = (value: string | null | undefined): ReceiveMode => (receiveModes.includes(value as ReceiveMode) ? (value as ReceiveMode) : "auto");

export class ReceptionState {
  own: ReceiveMode = "auto";
  effective: ReceiveMode = "auto";
  classDefault: ReceiveMode = "auto";
  /** Track ids of our received videos the relay holds back now (last-N, audio only). */
  paused: ReadonlySet<string> = new Set();
  /** The relay switched us to audio only because our link collapsed. */
  audioOnlyForced = false;
  /** Link quality by participant id (staff: everyone; others: themselves). */
  readonly quality = new Map<string, LinkQualityView>();

  reset(view: ReceptionView | null | undefined): void {
    this.set(view ?? { own: "auto", effective: "auto", classDefault: "auto" });
    this.paused = new Set();
    this.audioOnlyForced = false;
    this.quality.clear();
  }

  set(view: ReceptionView): void {
    this.own = asMode(view.own);
    this.effective = asMode(view.effective);
    this.classDefault = asMode(view.classDefault);
  }

  /** The class default changed; a student's effective mode follows in its own ReceptionChanged. */
  setClassDefault(mode: string): void {
    this.classDefault = asMode(mode);
  }

  forwarding(view: MediaForwardingView): void {
    this.paused = new Set((view.paused ?? []).map(String));
    this.audioOnlyForced = !!view.audioOnlyForced;
  }

  link(view: LinkQualityView): string {
    const id = String(view.participantId);
    this.quality.set(id, view);
    return id;
  }
}
