/**
 * One `shotbin` command: the work, answering an exit code from exitCodes.ts. Its name and its line
 * in `--help` live in main.ts's table, so that listing the commands loads none of them.
 */
export interface Subcommand {
  run(args: string[]): Promise<number>;
}
