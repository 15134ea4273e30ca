import { promises as fsp } from "node:fs";
import * as path from "node:path";
import type { FileSystem } from "../../src/core/seams/fileSystem";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import { uxpFileSystem } from "../../src/media/uxpFileSystem";
import { fakeUxpFs } from "./support/fakeUxpFs";
import { makeTempDir } from "./support/fixtures";

/** The same contract for both implementations of the file seams (UXP over a stand-in of its fs). */
describe.each([
  ["Node", () => nodeFileSystem],
  ["UXP", () => uxpFileSystem(fakeUxpFs())],
] as Array<[string, () => FileSystem]>)("%s file seams", (_, make) => {
  let dir: string;
  let files: FileSystem;
  beforeAll(async () => {
    dir = await makeTempDir("raf");
  });
  afterAll(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    files = make();
  });

  it("reads and writes at positions, appends, and tracks the size", async () => {
    const target = files.join(dir, `a-${Math.random()}.bin`);
    const created = await files.createNew(target);
    await created.write(0, Uint8Array.from([1, 2, 3, 4, 5]));
    expect(await created.append(Uint8Array.from([6, 7]))).toBe(5);
    await created.write(1, Uint8Array.from([9]));
    await created.sync();
    expect(await created.size()).toBe(7);
    await created.close();
    const reopened = await files.open(target, "readWrite");
    expect(await reopened.size()).toBe(7);
    expect(Array.from(await reopened.read(0, 7))).toEqual([1, 9, 3, 4, 5, 6, 7]);
    expect(Array.from(await reopened.read(5, 100))).toEqual([6, 7]);
    expect(Array.from(await reopened.read(10, 4))).toEqual([]);
    // A view into a larger buffer writes only its own bytes.
    const big = Uint8Array.from([0, 0, 42, 43, 0]);
    await reopened.write(7, big.subarray(2, 4));
    expect(Array.from(await reopened.read(6, 3))).toEqual([7, 42, 43]);
    await reopened.close();
  });

  it("refuses to create over an existing file", async () => {
    const target = files.join(dir, `b-${Math.random()}.bin`);
    await fsp.writeFile(target, "keep");
    await expect(files.createNew(target)).rejects.toThrow();
    expect(await fsp.readFile(target, "utf8")).toBe("keep");
  });

  it("renames without ever replacing", async () => {
    const from = files.join(dir, `c-${Math.random()}.bin`);
    const to = files.join(dir, `d-${Math.random()}.bin`);
    await fsp.writeFile(from, "new");
    await fsp.writeFile(to, "old");
    expect(await files.renameNoReplace(from, to)).toBe(false);
    expect(await fsp.readFile(to, "utf8")).toBe("old");
    await fsp.rm(to);
    expect(await files.renameNoReplace(from, to)).toBe(true);
    expect(await fsp.readFile(to, "utf8")).toBe("new");
    expect(await files.exists(from)).toBe(false);
  });

  it("removes quietly, and joins only a name", async () => {
    await files.remove(files.join(dir, "never-existed.bin"));
    expect(files.join(dir, "x.mp4")).toBe(path.join(dir, "x.mp4"));
  });
});
