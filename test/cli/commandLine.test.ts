import { closestName, editDistance } from "../../src/cli/didYouMean";
import { parseCommandLine, readNumber, UsageError } from "../../src/cli/commandLine";
import { commandTable } from "../../src/cli/main";
import { runCli } from "./support/cliProcess";

/** The one argument parser every command uses: its messages, then each command through it. */
const OPTIONS = { budget: { type: "string" }, takes: { type: "string" }, "dry-run": { type: "boolean" }, concurrency: { type: "string", multiple: true }, out: { type: "string", default: "here" } } as const;

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error("expected a UsageError");
}

describe("parseCommandLine", () => {
  it("reads values, booleans, repeated options, defaults and positionals", () => {
    const { values, positionals } = parseCommandLine(["list.csv", "--budget", "5", "--dry-run", "--concurrency", "fal=2", "--concurrency=kling=3", "--", "--not-an-option"], OPTIONS);
    expect(values).toEqual({ budget: "5", "dry-run": true, concurrency: ["fal=2", "kling=3"], out: "here", help: false });
    expect(positionals).toEqual(["list.csv", "--not-an-option"]);
    expect(parseCommandLine(["-h"], OPTIONS).values.help).toBe(true);
  });

  it("suggests the option meant, or says none is close", () => {
    expect(messageOf(() => parseCommandLine(["--bugdet", "5"], OPTIONS))).toBe("unknown option --bugdet; did you mean --budget?");
    expect(messageOf(() => parseCommandLine(["--dryrun"], OPTIONS))).toBe("unknown option --dryrun; did you mean --dry-run?");
    expect(messageOf(() => parseCommandLine(["--dry"], OPTIONS))).toBe("unknown option --dry; did you mean --dry-run?");
    expect(messageOf(() => parseCommandLine(["-out", "x"], OPTIONS))).toBe("unknown option -out; did you mean --out?");
    expect(messageOf(() => parseCommandLine(["--colour=red"], OPTIONS))).toBe("unknown option --colour");
  });

  it("lets a negative number reach the option's own check instead of parseArgs' 'ambiguous' text", () => {
    expect(parseCommandLine(["--budget", "-5"], OPTIONS).values.budget).toBe("-5");
    expect(parseCommandLine(["--takes", "-.5"], OPTIONS).values.takes).toBe("-.5");
    expect(messageOf(() => readNumber("budget", "-5", { min: 0, unit: "US dollars", dollars: true }))).toBe("--budget cannot be negative (got -5); give a number of US dollars of 0 or more");
    expect(messageOf(() => readNumber("takes", "-1", { integer: true, min: 1, max: 20, unit: "takes" }))).toBe("--takes cannot be negative (got -1); give a whole number of takes from 1 to 20");
    expect(messageOf(() => readNumber("takes", "2.5", { integer: true, min: 1, max: 20, unit: "takes" }))).toBe("--takes must be a whole number of takes from 1 to 20, not '2.5'");
    expect(readNumber("budget", "$12.50", { min: 0, unit: "US dollars", dollars: true })).toBe(12.5);
    expect(messageOf(() => parseCommandLine(["list.csv", "-5"], OPTIONS))).toBe("unexpected '-5': a number goes right after the option it sets (for example --takes 2)");
  });

  it("says when a value is missing, or an option takes none", () => {
    expect(messageOf(() => parseCommandLine(["--budget"], OPTIONS))).toBe("--budget needs a value");
    expect(messageOf(() => parseCommandLine(["--out", "--dry-run"], OPTIONS))).toBe("--out needs a value, but the next argument is the option --dry-run (write --out=--dry-run if that is the value)");
    expect(messageOf(() => parseCommandLine(["--dry-run=yes"], OPTIONS))).toBe("--dry-run takes no value (found 'yes')");
    expect(parseCommandLine(["--out=-odd-name"], OPTIONS).values.out).toBe("-odd-name");
  });
});

describe("closestName", () => {
  it("counts a swap of neighbours as one edit and keeps far names out", () => {
    expect(editDistance("bugdet", "budget")).toBe(1);
    expect(closestName("rnu", ["run", "relay"])).toBe("run");
    expect(closestName("xyz", ["run", "relay"])).toBeUndefined();
  });
});

/** Every command in the table goes through the same parser: a typo and a negative number each get a clear usage error. */
const NEGATIVE: Record<string, string[]> = {
  run: ["list.csv", "--budget", "-5"],
  relay: ["--port", "-1"],
  "fake-providers": ["--queue-ms", "-5"],
  start: ["--port", "-2"],
};

describe.each(commandTable().map((command) => command.name))("shotbin %s", (name) => {
  it("answers an unknown option with exit 2, a suggestion where one is close, and where to look", async () => {
    const result = await runCli([name, "--hlep"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`shotbin ${name}: unknown option --hlep; did you mean --help?\nRun 'shotbin ${name} --help' for its options.\n`);
  });

  if (NEGATIVE[name]) {
    it("answers a negative number with a clear message, not Node's parser text", async () => {
      const result = await runCli([name, ...NEGATIVE[name]!]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/negative|must be from 0 to 65535/);
      expect(result.stderr).not.toMatch(/ambiguous|ERR_PARSE_ARGS/);
    });
  }
});
