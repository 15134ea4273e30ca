/**
 * `POST /api/render-frame`: the harness page's fake Premiere asks the server to draw the frame
 * `Exporter.exportSequenceFrame` writes (the page cannot run ffmpeg). The request is the fake's
 * `FakeFrameRequest`; both paths must lie inside the harness's folders.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { renderSequenceFrame, type SequenceFrameRequest } from "../media/nodeSequenceFrames";
import type { HarnessFileApi } from "./fileApi";

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain", "cache-control": "no-store" });
  res.end(text);
}

/** Handles the route when it matches; answers false otherwise. */
export async function serveFrameRender(req: IncomingMessage, res: ServerResponse, route: string, files: HarnessFileApi): Promise<boolean> {
  if (route !== "/api/render-frame") return false;
  if (req.method !== "POST") {
    reply(res, 405, "POST a frame request");
    return true;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let request: SequenceFrameRequest;
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as SequenceFrameRequest;
    const sizes = [parsed.width, parsed.height, parsed.sequenceWidth, parsed.sequenceHeight];
    if (!sizes.every((n) => Number.isInteger(n) && n > 0 && n <= 16384) || typeof parsed.outputPath !== "string" || typeof parsed.format !== "string") throw new Error("malformed frame request");
    request = {
      ...parsed,
      outputPath: files.resolve(parsed.outputPath, true),
      source: parsed.source ? { mediaPath: files.resolve(parsed.source.mediaPath, false), sourceTicks: String(BigInt(parsed.source.sourceTicks)) } : null,
    };
  } catch (error) {
    reply(res, 400, error instanceof Error ? error.message : String(error));
    return true;
  }
  try {
    await renderSequenceFrame(request);
    reply(res, 204, "");
  } catch (error) {
    reply(res, 422, error instanceof Error ? error.message : String(error));
  }
  return true;
}
