/** One `shotbin` subcommand: a line for `--help` and the work itself, answering an exit code. */
export interface Subcommand {
  summary: string;
  run(args: string[]): Promise<number>;
}
