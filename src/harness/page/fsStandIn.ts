/**
 * A browser stand-in for UXP's `require("fs")`: the same calls, carried out by the harness
 * server's file API, so clips land on the real disk. Only the shapes the panel uses exist.
 */
import type { UxpPanelFs } from "../../panel/uxp/uxpModule";

export interface HarnessFs extends UxpPanelFs {
  /** File names in a folder (the stand-in file picker uses it). */
  list(path: string): Promise<string[]>;
}

async function call<T>(op: string, args: Record<string, unknown>): Promise<T> {
  const response = await fetch(`/api/fs/${op}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(args) });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({ error: response.statusText }))) as { error?: string };
    throw new Error(problem.error ?? `${op} failed (${response.status})`);
  }
  return (await response.json()) as T;
}

export function createFsStandIn(): HarnessFs {
  return {
    async lstat(path) {
      const info = await call<{ size: number; missing?: true }>("lstat", { path });
      if (info.missing) throw new Error(`No such file or directory: ${path}`);
      return info;
    },
    open: async (path, flag = "r") => (await call<{ fd: number }>("open", { path, flag })).fd,
    close: (fd) => call("close", { fd }),
    async read(fd, buffer, offset, length, position) {
      const response = await fetch("/api/fs/read", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ fd, length, position }) });
      if (!response.ok) throw new Error(((await response.json()) as { error?: string }).error ?? "read failed");
      const bytes = new Uint8Array(await response.arrayBuffer());
      new Uint8Array(buffer, offset, bytes.length).set(bytes);
      return { bytesRead: bytes.length };
    },
    async write(fd, buffer, offset, length, position) {
      const response = await fetch(`/api/fs/write?fd=${fd}&position=${position}`, { method: "POST", body: buffer.slice(offset, offset + length) });
      if (!response.ok) throw new Error(((await response.json()) as { error?: string }).error ?? "write failed");
      return (await response.json()) as { bytesWritten: number };
    },
    rename: (oldPath, newPath) => call("rename", { from: oldPath, to: newPath }),
    unlink: (path) => call("unlink", { path }),
    readFile: async (path) => (await call<{ text: string }>("readFile", { path })).text,
    writeFile: (path, text) => call("writeFile", { path, text }),
    list: async (path) => (await call<{ names: string[] }>("list", { path })).names,
  };
}
