import busboy from "busboy";
import type { FakeRequest } from "./httpUtil";
import { asRecord, header } from "./httpUtil";

/** A create request as the Videos API reads it, from multipart or from JSON. */
export interface VideoCreateForm {
  /** Text fields by name. Multipart carries only strings; JSON may carry other types. */
  fields: Map<string, unknown>;
  files: Map<string, { fileName: string; mimeType: string; bytes: Buffer }>;
  /** Field names that appeared more than once. */
  repeated: string[];
  encoding: "multipart" | "json";
}

export type FormResult = { ok: true; form: VideoCreateForm } | { ok: false; message: string };

function readMultipart(req: FakeRequest): Promise<FormResult> {
  return new Promise((resolve) => {
    const form: VideoCreateForm = { fields: new Map(), files: new Map(), repeated: [], encoding: "multipart" };
    const pending: Promise<void>[] = [];
    const note = (name: string) => {
      if (form.fields.has(name) || form.files.has(name)) form.repeated.push(name);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: 50 * 1024 * 1024 } });
    } catch (error) {
      resolve({ ok: false, message: `Could not parse multipart form data: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    parser.on("field", (name, value) => {
      note(name);
      form.fields.set(name, value);
    });
    parser.on("file", (name, stream, info) => {
      note(name);
      const chunks: Buffer[] = [];
      pending.push(
        new Promise<void>((done) => {
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => {
            form.files.set(name, { fileName: info.filename ?? "", mimeType: info.mimeType, bytes: Buffer.concat(chunks) });
            done();
          });
        }),
      );
    });
    parser.on("error", (error: unknown) => resolve({ ok: false, message: `Could not parse multipart form data: ${error instanceof Error ? error.message : String(error)}` }));
    parser.on("close", () => void Promise.all(pending).then(() => resolve({ ok: true, form })));
    parser.end(req.rawBody);
  });
}

function readJson(req: FakeRequest): FormResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.rawBody.toString("utf8"));
  } catch {
    return { ok: false, message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)" };
  }
  const body = asRecord(parsed);
  if (!body) return { ok: false, message: "The request body must be a JSON object." };
  return { ok: true, form: { fields: new Map(Object.entries(body)), files: new Map(), repeated: [], encoding: "json" } };
}

/** Reads `POST /videos`: the SDK always sends multipart; a JSON body schema exists too. */
export async function readVideoCreateForm(req: FakeRequest): Promise<FormResult> {
  const type = header(req, "content-type") ?? "";
  if (/^multipart\/form-data/i.test(type)) return readMultipart(req);
  if (/^application\/json/i.test(type)) return readJson(req);
  return { ok: false, message: `Unsupported content type: '${type || "(none)"}'. Send multipart/form-data or application/json.` };
}

/** Width and height of a PNG, from its IHDR chunk; undefined for anything else. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = "89504e470d0a1a0a";
  if (bytes.length < 24 || bytes.subarray(0, 8).toString("hex") !== signature || bytes.subarray(12, 16).toString("latin1") !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
