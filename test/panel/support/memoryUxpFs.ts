import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { UxpPanelFs } from "../../../src/panel/uxp/uxpModule";

const CLIPS = path.join(__dirname, "..", "..", "..", "assets", "clips");

/**
 * UXP's `fs` in memory, for panel tests: the descriptor API with UXP's flags, whole-file text, and
 * rename that replaces. `plugin:/assets/clips/*` reads the real bundled clips.
 */
export class MemoryUxpFs implements UxpPanelFs {
  readonly files = new Map<string, Uint8Array>();
  private readonly open_ = new Map<number, string>();
  private nextFd = 3;
  readonly renames: [string, string][] = [];

  private bytes(file: string): Uint8Array | undefined {
    const existing = this.files.get(file);
    if (existing) return existing;
    if (file.startsWith("plugin:/assets/clips/")) {
      const bytes = new Uint8Array(readFileSync(path.join(CLIPS, path.basename(file))));
      this.files.set(file, bytes);
      return bytes;
    }
    return undefined;
  }

  async lstat(file: string) {
    const bytes = this.bytes(file);
    if (!bytes) throw new Error(`no such file ${file}`);
    return { size: bytes.length };
  }

  async open(file: string, flag = "r") {
    const exists = this.bytes(file) !== undefined;
    if ((flag === "r" || flag === "r+") && !exists) throw new Error(`no such file ${file}`);
    if (flag.startsWith("wx") && exists) throw new Error(`file exists ${file}`);
    if (!exists) this.files.set(file, new Uint8Array(0));
    const fd = this.nextFd++;
    this.open_.set(fd, file);
    return fd;
  }

  async close(fd: number) {
    this.open_.delete(fd);
  }

  private fileOf(fd: number): string {
    const file = this.open_.get(fd);
    if (!file) throw new Error(`bad fd ${fd}`);
    return file;
  }

  async read(fd: number, buffer: ArrayBuffer, offset: number, length: number, position: number) {
    const data = this.bytes(this.fileOf(fd)) ?? new Uint8Array(0);
    const slice = data.subarray(position, Math.min(data.length, position + length));
    new Uint8Array(buffer, offset, slice.length).set(slice);
    return { bytesRead: slice.length };
  }

  async write(fd: number, buffer: ArrayBuffer, offset: number, length: number, position: number) {
    const file = this.fileOf(fd);
    const data = this.bytes(file) ?? new Uint8Array(0);
    const end = position + length;
    const next = new Uint8Array(Math.max(data.length, end));
    next.set(data);
    next.set(new Uint8Array(buffer, offset, length), position);
    this.files.set(file, next);
    return { bytesWritten: length };
  }

  async rename(from: string, to: string) {
    const data = this.bytes(from);
    if (!data) throw new Error(`no such file ${from}`);
    this.files.delete(from);
    this.files.set(to, data);
    this.renames.push([from, to]);
  }

  async unlink(file: string) {
    if (!this.files.delete(file)) throw new Error(`no such file ${file}`);
  }

  async readFile(file: string) {
    const data = this.bytes(file);
    if (!data) throw new Error(`no such file ${file}`);
    return Buffer.from(data).toString("utf8");
  }

  async writeFile(file: string, text: string) {
    this.files.set(file, new Uint8Array(Buffer.from(text, "utf8")));
  }
}
