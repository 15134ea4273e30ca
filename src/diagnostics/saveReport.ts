/**
 * Saving a report as JSON into the media folder, through the file-system seam (UXP's `fs` in the
 * panel). Never overwrites: a name that is taken gets a counter.
 */
import type { FileSystem } from "../core/seams/fileSystem";
import { utf8Encode } from "../core/text/utf8";
import type { SelfCheckReport } from "./reportSchema";

export function reportFileName(report: SelfCheckReport, attempt = 1): string {
  return `shotbin-self-check-${report.runId}${attempt > 1 ? `-${attempt}` : ""}.json`;
}

export interface SavedReport {
  path: string;
  name: string;
  bytes: number;
}

export async function saveReport(report: SelfCheckReport, target: { files: FileSystem; folder: string }): Promise<SavedReport> {
  const bytes = utf8Encode(`${JSON.stringify(report, null, 2)}\n`);
  for (let attempt = 1; attempt <= 99; attempt++) {
    const name = reportFileName(report, attempt);
    const path = target.files.join(target.folder, name);
    if (await target.files.exists(path)) continue;
    const file = await target.files.createNew(path);
    try {
      await file.write(0, bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    return { path, name, bytes: bytes.length };
  }
  throw new Error(`Shotbin could not find a free name for the report in the media folder (tried ${reportFileName(report)} and 98 more).`);
}
