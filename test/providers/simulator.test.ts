import { existsSync } from "node:fs";
import { join } from "node:path";
import { pollUntilTerminal } from "../../src/providers/polling";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { findFfmpegProgram } from "../../src/media/ffmpegBinary";
import { createSimulatorProvider, simulatorClipName } from "../../src/providers/simulator";
import { SIMULATOR_MODELS } from "../../src/providers/simulatorModels";
import { ManualClock } from "../support/manualClock";
import { resolvedRequest } from "../support/requests";

const run = promisify(execFile);

describe("the simulator provider", () => {
  it("moves a job through queued and running to a bundled clip, at no cost", async () => {
    const clock = new ManualClock();
    const simulator = createSimulatorProvider({ clock, queueMs: 1000, runMs: 4000 });
    const { handle } = await simulator.submit(resolvedRequest("simulator", "shotbin-sim", { aspectRatio: "9:16", durationSeconds: 8, seed: 99 }));
    expect(await simulator.status(handle)).toEqual({ state: "queued" });
    clock.advance(3000);
    expect(await simulator.status(handle)).toEqual({ state: "running", progress: 0.5 });
    clock.advance(2000);
    const done = await simulator.status(handle);
    expect(done).toEqual({ state: "succeeded", videos: [{ url: "shotbin-asset:sim_9x16_8s.mp4", mediaType: "video/mp4" }], seed: 99, chargedUsd: 0 });
    const descriptor = await simulator.download(handle);
    expect(descriptor).toMatchObject({ url: "shotbin-asset:sim_9x16_8s.mp4", expires: false, headers: {} });
    expect(existsSync(join(__dirname, "..", "..", "assets", "clips", descriptor.url.slice("shotbin-asset:".length)))).toBe(true);
  });

  it("resumes a job from its stored handle in a new process", async () => {
    const clock = new ManualClock();
    const first = createSimulatorProvider({ clock });
    const { handle } = await first.submit(resolvedRequest("simulator", "shotbin-sim"));
    const stored = JSON.parse(JSON.stringify(handle));
    clock.advance(60_000);
    const second = createSimulatorProvider({ clock });
    expect((await second.status(stored)).state).toBe("succeeded");
  });

  it("records a random seed when none was asked for", async () => {
    const simulator = createSimulatorProvider({ clock: new ManualClock(), queueMs: 0, runMs: 0 });
    const { handle } = await simulator.submit(resolvedRequest("simulator", "shotbin-sim"));
    const status = await simulator.status(handle);
    expect(status.state === "succeeded" && Number.isInteger(status.seed)).toBe(true);
  });

  it("can rehearse a refusal and a cancel", async () => {
    const clock = new ManualClock();
    const simulator = createSimulatorProvider({ clock, refuseWhenPromptIncludes: "[refuse]" });
    const refused = await simulator.submit(resolvedRequest("simulator", "shotbin-sim", { prompt: "a shot [refuse]" }));
    const result = await pollUntilTerminal(simulator, refused.handle, { clock });
    expect(result).toMatchObject({ state: "failed", failure: { kind: "content-policy", charged: false } });
    const other = await simulator.submit(resolvedRequest("simulator", "shotbin-sim"));
    await simulator.cancel(other.handle);
    expect(await simulator.status(other.handle)).toEqual({ state: "cancelled" });
    await expect(simulator.download(other.handle)).rejects.toMatchObject({ kind: "not-found" });
  });

  it("picks the bundled clip nearest the asked length, never shorter when one is long enough", () => {
    expect(simulatorClipName("16:9", 6)).toBe("sim_16x9_6s.mp4");
    expect(simulatorClipName("16:9", 7)).toBe("sim_16x9_8s.mp4");
    expect(simulatorClipName("9:16", 10)).toBe("sim_9x16_8s.mp4");
    expect(simulatorClipName("1:1", 4)).toBe("sim_1x1_5s.mp4");
    expect(simulatorClipName(undefined, 5)).toBe("sim_16x9_5s.mp4");
    for (const aspect of ["16:9", "9:16", "1:1"]) {
      for (const seconds of [4, 5, 6, 8, 10]) {
        expect(existsSync(join(__dirname, "..", "..", "assets", "clips", simulatorClipName(aspect, seconds)))).toBe(true);
      }
    }
  });

  it("answers each resolution with a clip of the frame size it claims, read back with ffprobe", async () => {
    const ffprobe = findFfmpegProgram("ffprobe");
    const sizes: Record<string, Record<string, [number, number]>> = {
      "1080p": { "16:9": [1920, 1080], "9:16": [1080, 1920], "1:1": [1080, 1080] },
      "720p": { "16:9": [1280, 720], "9:16": [720, 1280], "1:1": [720, 720] },
    };
    const wrong: string[] = [];
    for (const resolution of SIMULATOR_MODELS[0]!.capabilities.resolutions) {
      for (const aspect of SIMULATOR_MODELS[0]!.capabilities.aspectRatios) {
        for (const seconds of [4, 5, 6, 8, 10]) {
          const name = simulatorClipName(aspect, seconds, resolution);
          const { stdout } = await run(ffprobe, ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", join(__dirname, "..", "..", "assets", "clips", name)]);
          const [width, height] = stdout.trim().split(",").map(Number);
          if (`${width}x${height}` !== sizes[resolution]![aspect]!.join("x")) wrong.push(`${resolution} ${aspect} ${seconds}s: ${name} is ${width}x${height}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    const simulator = createSimulatorProvider({ clock: new ManualClock() });
    const submitted = await simulator.submit(resolvedRequest("simulator", "shotbin-sim", { resolution: "720p", aspectRatio: "9:16", durationSeconds: 5 }));
    expect(submitted.handle.data.clip).toBe("sim720p_9x16_5s.mp4");
  }, 120_000);
});
