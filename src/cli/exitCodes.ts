/**
 * Every `shotbin` command answers one of these. The README and `shotbin --help` print this table,
 * so a script can tell a typo from a refused budget from a provider that failed.
 */
export const EXIT = {
  /** Everything asked for was done (and, for `qa`, every take passed). */
  ok: 0,
  /** A bug: something we did not expect. The message asks for a report. */
  internal: 1,
  /** Unknown command or option, a missing argument, a value of the wrong form, a port already in use. */
  usage: 2,
  /** Bad input: a missing, unreadable or damaged file, a shot list or meta.json with errors. */
  badInput: 3,
  /** Refused on purpose: over budget or the daily cap, not confirmed, nothing to resume, would overwrite. */
  refused: 4,
  /** A provider failed: a job failed or was refused, a key was rejected, the service was unreachable. */
  providerFailed: 5,
  /** `qa`: at least one take has warnings and none failed. */
  qaWarn: 6,
  /** `qa`: at least one take failed. */
  qaFail: 7,
  /** Stopped by Ctrl-C or SIGTERM; in-flight work was recorded and can be resumed. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The table for `--help` and the README, in code order. */
export const EXIT_CODE_TABLE: ReadonlyArray<{ code: ExitCode; meaning: string }> = [
  { code: EXIT.ok, meaning: "done (for qa: every take passed)" },
  { code: EXIT.internal, meaning: "unexpected error (a bug; please report it)" },
  { code: EXIT.usage, meaning: "usage error: unknown command or option, missing or malformed value, port already in use" },
  { code: EXIT.badInput, meaning: "bad input: missing, unreadable or invalid file or shot list" },
  { code: EXIT.refused, meaning: "refused: budget, daily cap, not confirmed, nothing to resume, would overwrite" },
  { code: EXIT.providerFailed, meaning: "provider failure: a job failed, a key was refused, a service was unreachable" },
  { code: EXIT.qaWarn, meaning: "qa: a take has warnings (none failed)" },
  { code: EXIT.qaFail, meaning: "qa: a take failed" },
  { code: EXIT.interrupted, meaning: "interrupted (Ctrl-C or SIGTERM); run again with --resume" },
];
