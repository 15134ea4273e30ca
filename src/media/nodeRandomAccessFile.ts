import { promises as fsp } from "node:fs";
import type { OpenMode, RandomAccessFile } from "../core/seams/randomAccessFile";

/** The random-access file seam over Node's `fs.promises` file handles (CLI, relay, tests). */
export class NodeRandomAccessFile implements RandomAccessFile {
  private constructor(
    private readonly handle: fsp.FileHandle,
    readonly label: string,
    private length: number,
  ) {}

  static async open(path: string, mode: OpenMode): Promise<NodeRandomAccessFile> {
    const handle = await fsp.open(path, mode === "read" ? "r" : "r+");
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error(`${path} is not a regular file.`);
      return new NodeRandomAccessFile(handle, path, stat.size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** A new empty file; fails when `path` exists (O_EXCL), so nothing is ever clobbered. */
  static async createNew(path: string): Promise<NodeRandomAccessFile> {
    const handle = await fsp.open(path, "wx+");
    return new NodeRandomAccessFile(handle, path, 0);
  }

  async size(): Promise<number> {
    return this.length;
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const wanted = Math.max(0, Math.min(length, this.length - position));
    const out = new Uint8Array(wanted);
    let done = 0;
    while (done < wanted) {
      const { bytesRead } = await this.handle.read(out, done, wanted - done, position + done);
      if (bytesRead === 0) return out.subarray(0, done);
      done += bytesRead;
    }
    return out;
  }

  async write(position: number, bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, position + done);
      done += bytesWritten;
    }
    this.length = Math.max(this.length, position + bytes.length);
  }

  async append(bytes: Uint8Array): Promise<number> {
    const at = this.length;
    await this.write(at, bytes);
    return at;
  }

  async sync(): Promise<void> {
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
