/**
 * Child process of bench:embed: embeds once and reports, as JSON, the time the embed took and the
 * process's resident memory just before it and at its peak, so that the embed's own memory can be
 * told apart from the Node runtime's.
 */
import { promises as fsp } from "node:fs";
import { embedMetadata } from "../../src/media/embedMetadata";
import { NodeRandomAccessFile } from "../../src/media/nodeRandomAccessFile";

async function main(): Promise<void> {
  const [file, metaFile] = process.argv.slice(2);
  if (!file || !metaFile) throw new Error("usage: embedOnce <file> <meta.json>");
  const meta = JSON.parse(await fsp.readFile(metaFile, "utf8"));
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  const handle = await NodeRandomAccessFile.open(file, "readWrite");
  const summary = await embedMetadata(handle, meta);
  await handle.close();
  const embedMs = performance.now() - started;
  process.stdout.write(
    JSON.stringify({ embedMs, rssBefore, maxRss: process.resourceUsage().maxRSS * 1024, moov: summary.moov, xmp: summary.xmp.written }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exitCode = 1;
});
