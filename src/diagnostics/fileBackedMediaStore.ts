/**
 * A media store for the fake Premiere over real files: what "Premiere" imports is the file's
 * actual length (from its movie header; a still gets Premiere's default still duration) and its
 * actual embedded XMP (read by the media pipeline,
 * which finds packets where Adobe's handler does). With it the fake answers
 * `Metadata.getXMPMetadata` from the bytes, not from a script. Runs anywhere the file-system seam
 * does (Node tests, the browser harness).
 */
import type { FileSystem } from "../core/seams/fileSystem";
import type { FakeMediaFile, FakeMediaStore } from "../host/fake/fakeMediaStore";
import { readExistingPacket, readMediaLayout } from "../media/mediaLayout";
import { readStillXmpText } from "../media/stills/embedStill";
import { sniffStill } from "../media/stills/stillFormat";

/** Premiere's default duration for an imported still (Preferences > Timeline > Still Image Default Duration). */
export const STILL_DEFAULT_SECONDS = 5;

export interface FileBackedMediaStore extends FakeMediaStore {
  /** The adapter's `fileExists` seam over the same files. */
  exists(path: string): Promise<boolean>;
}

export function fileBackedMediaStore(files: Pick<FileSystem, "exists" | "open">): FileBackedMediaStore {
  return {
    exists: (path) => files.exists(path),
    async probe(path): Promise<FakeMediaFile | undefined> {
      if (!(await files.exists(path))) return undefined;
      const file = await files.open(path, "read");
      try {
        // A still (PNG, JPEG, WebP) imports with Premiere's default still duration and its own XMP.
        if (sniffStill(await file.read(0, Math.min(16, await file.size())))) {
          const xmp = await readStillXmpText(file);
          return { durationSeconds: STILL_DEFAULT_SECONDS, ...(xmp ? { xmp } : {}) };
        }
        const layout = await readMediaLayout(file);
        const { duration, timescale } = layout.movie.mvhd;
        if (!(timescale > 0) || !(duration > 0)) return { durationSeconds: 0, unreadable: true };
        const packet = await readExistingPacket(file, layout);
        return { durationSeconds: duration / timescale, ...(packet ? { xmp: packet.text } : {}) };
      } catch {
        // Not a movie Premiere could decode.
        return { durationSeconds: 0, unreadable: true };
      } finally {
        await file.close();
      }
    },
  };
}
