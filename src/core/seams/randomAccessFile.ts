/**
 * Positional access to one open file. The media code reads box headers and the `moov` box
 * through it and writes small patches or appends at the end, so it never holds a whole clip in
 * memory. Node (CLI, relay, tests) and UXP (panel) each provide an implementation.
 */
export interface RandomAccessFile {
  /** What the file is called in messages (a path or a name); never used to reopen it. */
  readonly label: string;
  /** The current length in bytes, including anything appended through this handle. */
  size(): Promise<number>;
  /**
   * Exactly `length` bytes from `position`, or fewer only when the file ends first (the result is
   * then shorter). Never reads past the end.
   */
  read(position: number, length: number): Promise<Uint8Array>;
  /** Writes all of `bytes` at `position`, growing the file when it writes past the end. */
  write(position: number, bytes: Uint8Array): Promise<void>;
  /** Writes `bytes` at the end and returns the position they start at. */
  append(bytes: Uint8Array): Promise<number>;
  /** Flushes written data to the device, where the platform can; see each implementation. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type OpenMode = "read" | "readWrite";

export type OpenRandomAccessFile = (path: string, mode: OpenMode) => Promise<RandomAccessFile>;
