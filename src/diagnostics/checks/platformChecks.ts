/**
 * UXP itself: secureStorage (where API keys live) with a scratch key, and the positional `fs`
 * calls downloads and the metadata embedder use, on a scratch file.
 */
import { describeError } from "../../core/errors";
import { utf8Decode } from "../../core/text/utf8";
import { scratchFileName, scratchPath } from "../scratchFiles";
import { fail, pass, type SelfCheckDefinition } from "./checkDefinition";

function bytesOf(value: unknown): { text: string | null; kind: string; bytes: number } {
  if (value === null || value === undefined) return { text: null, kind: String(value), bytes: 0 };
  if (typeof value === "string") return { text: value, kind: "string", bytes: value.length };
  if (value instanceof Uint8Array) return { text: utf8Decode(value), kind: "Uint8Array", bytes: value.length };
  if (value instanceof ArrayBuffer) return { text: utf8Decode(new Uint8Array(value)), kind: "ArrayBuffer", bytes: value.byteLength };
  return { text: null, kind: typeof value, bytes: 0 };
}

export const secureStorageCheck: SelfCheckDefinition = {
  id: "secure-storage",
  expected: "setItem then getItem gives the same text back (as bytes, decoded as UTF-8); after removeItem the key is gone",
  async run(ctx) {
    const storage = ctx.deps.uxp.storage.secureStorage;
    const key = `shotbin.self-check.${ctx.runId}`;
    // Not a secret: a scratch value with the characters a key store most often mangles.
    const value = `self-check ${ctx.runId} ✓ <&> é`;
    await storage.setItem(key, value);
    let read: ReturnType<typeof bytesOf>;
    try {
      read = bytesOf(await storage.getItem(key));
    } finally {
      await storage.removeItem(key);
    }
    let afterRemove: string;
    try {
      const gone = bytesOf(await storage.getItem(key));
      afterRemove = gone.text === null || gone.text === "" ? `gone (getItem answered ${gone.kind}${gone.kind === "Uint8Array" ? " of 0 bytes" : ""})` : "STILL THERE";
    } catch (error) {
      afterRemove = `gone (getItem rejected: ${describeError(error)})`;
    }
    const details = { getItemAnswered: read.kind, bytes: read.bytes };
    const observed = `getItem answered a ${read.kind} of ${read.bytes} bytes, ${read.text === value ? "the same text" : "DIFFERENT text"}; after removeItem the key is ${afterRemove}.`;
    if (read.text === value && !afterRemove.startsWith("STILL")) return pass(observed, { details });
    return fail(observed, {
      fallback: "Keys that do not survive must be typed in again in Settings; Shotbin never falls back to storing them in plain localStorage.",
      details,
    });
  },
};

function pattern(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed + i * 7) & 0xff);
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export const positionalFsCheck: SelfCheckDefinition = {
  id: "positional-fs",
  expected: "writes at offset 0, past the end (leaving a zero-filled gap) and in the middle read back byte for byte; a read past the end comes back short",
  async run(ctx) {
    const fs = ctx.deps.fs;
    const path = scratchPath(ctx, scratchFileName(ctx.runId, "positional.bin"));
    const head = pattern(16, 1);
    const middle = pattern(4, 101);
    const far = pattern(8, 201);
    const farAt = 1_000_003;
    const problems: string[] = [];
    const fd = await fs.open(path, "wx+");
    ctx.files.push(path);
    const write = async (bytes: Uint8Array, position: number) => {
      const copy = bytes.slice();
      const { bytesWritten } = await fs.write(fd, copy.buffer as ArrayBuffer, 0, copy.length, position);
      if (bytesWritten !== bytes.length) problems.push(`a write of ${bytes.length} bytes at ${position} wrote ${bytesWritten}`);
    };
    const read = async (position: number, length: number) => {
      const buffer = new ArrayBuffer(length);
      const { bytesRead } = await fs.read(fd, buffer, 0, length, position);
      return new Uint8Array(buffer, 0, bytesRead);
    };
    try {
      await write(head, 0);
      await write(far, farAt);
      await write(middle, 4);
      const expectedHead = head.slice();
      expectedHead.set(middle, 4);
      if (!same(await read(0, 16), expectedHead)) problems.push("the first 16 bytes did not read back as written (with the middle write at 4)");
      if (!same(await read(farAt, 8), far)) problems.push(`the 8 bytes written at ${farAt} did not read back`);
      const gap = await read(500_000, 16);
      if (gap.length !== 16 || gap.some((b) => b !== 0)) problems.push("the gap left by writing past the end does not read as zeros");
      const tail = await read(farAt + 5, 10);
      if (tail.length !== 3) problems.push(`a 10-byte read 3 bytes before the end gave ${tail.length} bytes, not 3`);
    } finally {
      await fs.close(fd);
    }
    const size = (await fs.lstat(path)).size;
    if (size !== farAt + far.length) problems.push(`lstat says ${size} bytes, not ${farAt + far.length}`);
    await fs.unlink(path);
    ctx.files.splice(ctx.files.indexOf(path), 1);
    const details = { fileBytes: size };
    if (problems.length === 0) return pass(`Every write read back exactly; the file is ${size} bytes; the short read at the end was short.`, { details });
    return fail(`${problems.join("; ")}.`, {
      fallback: "None: downloads and metadata embedding depend on these calls and would stop with a file error.",
      details,
    });
  },
};
