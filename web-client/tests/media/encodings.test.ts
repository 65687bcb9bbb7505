// The camera's simulcast encodings follow what libwebrtc sends for a picture size (checked with
// Debian's Chromium 156): lowest layer first, as many layers as the size allows.
import { describe, expect, it } from "vitest";
import { cameraEncodings } from "../../src/media/encodings";

describe("camera encodings", () => {
  it("are three layers q/h/f, lowest first, from 960x540 up", () => {
    const layers = cameraEncodings(1280, 720);
    expect(layers.map((e) => e.rid)).toEqual(["q", "h", "f"]);
    expect(layers.map((e) => e.scaleResolutionDownBy)).toEqual([4, 2, 1]);
    expect(layers.map((e) => e.maxBitrate)).toEqual([150_000, 400_000, 1_200_000]);
  });

  it("are two layers for a 640x480 camera, so its full size is still sent", () => {
    const layers = cameraEncodings(640, 480);
    expect(layers.map((e) => e.rid)).toEqual(["q", "f"]);
    expect(layers.map((e) => e.scaleResolutionDownBy)).toEqual([2, 1]);
  });

  it("are one plain encoding for a tiny camera, and three when the size is unknown", () => {
    expect(cameraEncodings(320, 240)).toEqual([{ maxBitrate: 400_000 }]);
    expect(cameraEncodings(0, 0)).toHaveLength(3);
  });

  it("are fresh copies each time (the browser keeps what it is given)", () => {
    expect(cameraEncodings(1280, 720)[0]).not.toBe(cameraEncodings(1280, 720)[0]);
  });
});
