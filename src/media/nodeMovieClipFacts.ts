import { readMovieClipFacts, type MovieClipFacts } from "./movieClipFacts";
import { NodeRandomAccessFile } from "./nodeRandomAccessFile";

/** readMovieClipFacts for a path (Node only); undefined when the file cannot be opened either. */
export async function readMovieClipFactsAt(path: string): Promise<MovieClipFacts | undefined> {
  let file: NodeRandomAccessFile;
  try {
    file = await NodeRandomAccessFile.open(path, "read");
  } catch {
    return undefined;
  }
  try {
    return await readMovieClipFacts(file);
  } finally {
    await file.close();
  }
}
