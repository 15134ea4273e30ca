import { promises as fsp } from "node:fs";
import * as path from "node:path";
import type { RandomAccessFile } from "../../src/core/seams/randomAccessFile";
import { embedMetadata } from "../../src/media/embedMetadata";
import { inspectMedia } from "../../src/media/inspectMedia";
import { NodeRandomAccessFile } from "../../src/media/nodeRandomAccessFile";
import { makeTempDir, workingCopy, type FixtureName } from "./support/fixtures";
import { FULL_META } from "./support/meta";
import { ffmpegDecodeErrors, mdatHash } from "./support/readers";
import { run } from "./support/run";
import { tool } from "./support/tools";

/**
 * "The process dies mid-write": the embed is stopped at each of its writes in turn (and an
 * append is also cut in half, as a torn write). Each time the file must still decode, still be
 * readable by exempi and by our reader, and a second embed must finish the job.
 */

class SimulatedCrash extends Error {}

/** Passes writes through until write number `crashAt` (counting from 0), where it dies. */
class CrashingFile implements RandomAccessFile {
  writes = 0;
  constructor(
    private readonly inner: RandomAccessFile,
    private readonly crashAt: number,
    private readonly tornAppend: boolean,
  ) {}
  get label() {
    return this.inner.label;
  }
  size() {
    return this.inner.size();
  }
  read(position: number, length: number) {
    return this.inner.read(position, length);
  }
  async write(position: number, bytes: Uint8Array) {
    if (this.writes++ === this.crashAt) throw new SimulatedCrash("died before this write");
    return this.inner.write(position, bytes);
  }
  async append(bytes: Uint8Array) {
    if (this.writes++ === this.crashAt) {
      if (this.tornAppend) await this.inner.append(bytes.subarray(0, Math.floor(bytes.length / 2)));
      throw new SimulatedCrash("died during this append");
    }
    return this.inner.append(bytes);
  }
  sync() {
    return this.inner.sync();
  }
  close() {
    return this.inner.close();
  }
}

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("crash");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function countWrites(name: FixtureName): Promise<number> {
  const file = await workingCopy(name, dir, `count-${name}`);
  const handle = new CrashingFile(await NodeRandomAccessFile.open(file, "readWrite"), -1, false);
  await embedMetadata(handle, FULL_META);
  await handle.close();
  return handle.writes;
}

describe.each(["untagged", "mov-untagged", "size0-last", "faststart"] as FixtureName[])("an embed into %s that dies", (name) => {
  it("leaves a valid file at every write, and the next embed completes it", async () => {
    const total = await countWrites(name);
    expect(total).toBeGreaterThanOrEqual(3);
    for (let crashAt = 0; crashAt < total; crashAt++) {
      for (const torn of [false, true]) {
        const file = await workingCopy(name, dir, `${name}-${crashAt}-${torn}${path.extname(name === "mov-untagged" ? "x.mov" : "x.mp4")}`);
        const mdat = await mdatHash(file);
        const handle = new CrashingFile(await NodeRandomAccessFile.open(file, "readWrite"), crashAt, torn);
        await expect(embedMetadata(handle, FULL_META)).rejects.toBeInstanceOf(SimulatedCrash);
        await handle.close();
        const where = `${name}, crash at write ${crashAt}${torn ? " (torn)" : ""}`;

        expect([where, await ffmpegDecodeErrors(file)]).toEqual([where, ""]);
        const exempi = await run(tool("exempi"), ["-x", file]);
        expect([where, exempi.code, exempi.stdout]).toEqual([where, 0, expect.stringContaining("<rdf:RDF")]);
        const reader = await NodeRandomAccessFile.open(file, "read");
        await inspectMedia(reader);
        await reader.close();

        const again = await NodeRandomAccessFile.open(file, "readWrite");
        await embedMetadata(again, FULL_META);
        await again.close();
        const final = await NodeRandomAccessFile.open(file, "read");
        const report = await inspectMedia(final);
        await final.close();
        expect([where, report.xmp?.shotbin]).toEqual([where, FULL_META]);
        expect([where, report.warnings]).toEqual([where, []]);
        expect([where, await mdatHash(file)]).toEqual([where, mdat]);
        expect([where, await ffmpegDecodeErrors(file)]).toEqual([where, ""]);
      }
    }
  }, 120_000);
});
