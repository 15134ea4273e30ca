import { z } from "./zodConfig";

/**
 * Where an input image came from when Shotbin made it: a clip animated from a concept frame (or a
 * still refined from another) records these in its own XMP, so the chain survives a move to
 * another machine. `jobId` is the Shotbin job (its idempotency key) that bought the still.
 */
export const stillLineageSchema = z.object({
  /** The still's file name, without its folder. */
  file: z.string().min(1).max(1000),
  /** SHA-256 of the still's bytes as they were sent, lowercase hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits").optional(),
  jobId: z.string().min(1).max(200),
  /** The provider's job or response id for that still, when it gave one. */
  providerJobId: z.string().max(2000).optional(),
});

export type StillLineage = z.infer<typeof stillLineageSchema>;
