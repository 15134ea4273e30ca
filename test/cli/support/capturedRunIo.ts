import { join } from "node:path";
import type { RunIo } from "../../../src/cli/runCommand";

/** A non-terminal RunIo whose output is kept for the test, with its home and working folder in `folder`. */
export function capturedRunIo(folder: string) {
  let out = "";
  let err = "";
  const io: RunIo = {
    stdout: { write: (text: string) => (out += text), isTTY: false, columns: 120, rows: 40 },
    stderr: { write: (text: string) => (err += text) },
    env: { ...process.env, SHOTBIN_HOME: join(folder, "home"), SHOTBIN_POLL_MS: "30" },
    cwd: folder,
  };
  return { io, out: () => out, err: () => err, all: () => out + err };
}
