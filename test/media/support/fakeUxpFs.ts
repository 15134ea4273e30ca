import * as fs from "node:fs";
import { promisify } from "node:util";
import type { UxpFsModule } from "../../../src/media/uxpRandomAccessFile";

/**
 * A stand-in for UXP's `require("fs")` built on Node's descriptor API, with UXP's shapes:
 * promises, ArrayBuffer arguments, `{bytesRead}` / `{bytesWritten}` results, no fsync, and a
 * `rename` that replaces. It lets the UXP adapters run here; it is not UXP itself.
 */
export function fakeUxpFs(): UxpFsModule & { calls: string[] } {
  const calls: string[] = [];
  const read = promisify(fs.read);
  const write = promisify(fs.write);
  return {
    calls,
    async open(path, flag = "r") {
      calls.push(`open ${flag}`);
      return promisify(fs.open)(path, flag);
    },
    async close(fd) {
      await promisify(fs.close)(fd);
      return 0;
    },
    async read(fd, buffer, offset, length, position) {
      if (!(buffer instanceof ArrayBuffer)) throw new TypeError("UXP's fs.read takes an ArrayBuffer");
      const { bytesRead } = await read(fd, new Uint8Array(buffer), offset, length, position);
      return { bytesRead, buffer };
    },
    async write(fd, buffer, offset, length, position) {
      if (!(buffer instanceof ArrayBuffer)) throw new TypeError("UXP's fs.write takes an ArrayBuffer");
      const { bytesWritten } = await write(fd, new Uint8Array(buffer), offset, length, position);
      return { bytesWritten, buffer };
    },
    async lstat(path) {
      return fs.promises.lstat(path);
    },
    async rename(from, to) {
      await fs.promises.rename(from, to);
      return 0;
    },
    async unlink(path) {
      await fs.promises.unlink(path);
      return 0;
    },
  };
}
