/**
 * The files the fake Premiere can import, and the seam the adapter uses to check that a file
 * exists. In memory, so it runs in a browser bundle; the harness and tests add files to it. A
 * store over real files (reading the XMP the media pipeline embedded) is injected the same way.
 */

export interface FakeMediaFile {
  durationSeconds: number;
  /** A file Premiere cannot decode: `importFiles` skips it. */
  unreadable?: boolean;
  /** The XMP packet embedded in the file, which `Metadata.getXMPMetadata` reports. */
  xmp?: string;
}

export interface FakeMediaStore {
  probe(path: string): Promise<FakeMediaFile | undefined>;
}

export class InMemoryMediaStore implements FakeMediaStore {
  private readonly files = new Map<string, FakeMediaFile>();

  add(path: string, file: FakeMediaFile): this {
    this.files.set(path, file);
    return this;
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  async probe(path: string): Promise<FakeMediaFile | undefined> {
    return this.files.get(path);
  }

  /** The adapter's `fileExists` seam. */
  readonly exists = async (path: string): Promise<boolean> => this.files.has(path);
}
