import type { OpenMode, RandomAccessFile } from "../core/seams/randomAccessFile";

/**
 * The slice of UXP's `require("fs")` this file uses (descriptor API, libuv underneath). Declared
 * here because the published UXP typings do not describe it. Buffers are ArrayBuffers, not views.
 */
export interface UxpFsModule {
  open(path: string, flag?: string): Promise<number>;
  close(fd: number): Promise<unknown>;
  read(fd: number, buffer: ArrayBuffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  write(fd: number, buffer: ArrayBuffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  lstat(path: string): Promise<{ size: number }>;
  rename(oldPath: string, newPath: string): Promise<unknown>;
  unlink(path: string): Promise<unknown>;
}

/**
 * The random-access file seam over UXP's descriptor API, for the panel. UXP has no fstat and no
 * fsync: the size comes from `lstat` at open and is tracked afterwards, and `sync` can only wait
 * for the writes already issued (each is awaited), not force them to the device.
 */
export class UxpRandomAccessFile implements RandomAccessFile {
  private constructor(
    private readonly fs: UxpFsModule,
    private readonly fd: number,
    readonly label: string,
    private length: number,
  ) {}

  static async open(fs: UxpFsModule, path: string, mode: OpenMode): Promise<UxpRandomAccessFile> {
    const { size } = await fs.lstat(path);
    const fd = await fs.open(path, mode === "read" ? "r" : "r+");
    return new UxpRandomAccessFile(fs, fd, path, size);
  }

  /** A new empty file; the `wx+` flag makes the create fail when the name is taken. */
  static async createNew(fs: UxpFsModule, path: string): Promise<UxpRandomAccessFile> {
    const fd = await fs.open(path, "wx+");
    return new UxpRandomAccessFile(fs, fd, path, 0);
  }

  async size(): Promise<number> {
    return this.length;
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const wanted = Math.max(0, Math.min(length, this.length - position));
    const buffer = new ArrayBuffer(wanted);
    let done = 0;
    while (done < wanted) {
      const { bytesRead } = await this.fs.read(this.fd, buffer, done, wanted - done, position + done);
      if (!bytesRead) break;
      done += bytesRead;
    }
    return new Uint8Array(buffer, 0, done);
  }

  async write(position: number, bytes: Uint8Array): Promise<void> {
    const buffer = bytes.buffer as ArrayBuffer;
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.fs.write(
        this.fd,
        buffer,
        bytes.byteOffset + done,
        bytes.length - done,
        position + done,
      );
      if (!bytesWritten) throw new Error(`Writing ${this.label} made no progress.`);
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
    // Nothing to call: UXP exposes no fsync. Every write above has completed when it resolved.
  }

  async close(): Promise<void> {
    await this.fs.close(this.fd);
  }
}
