import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { EXIT_CODE_TABLE } from "../../src/cli/exitCodes";
import { commandTable } from "../../src/cli/main";
import { ROOT, runCli } from "./support/cliProcess";

/** `shotbin` itself: --version, --help with every command and the exit codes, and lazy loading. */
const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("shotbin --version and -v", () => {
  it.each(["--version", "-v"])("%s prints the package's version and exits 0", async (flag) => {
    const result = await runCli([flag]);
    expect(result).toEqual({ code: 0, stdout: `shotbin ${version}\n`, stderr: "" });
  });
});

describe("shotbin --help", () => {
  it("lists every command with its summary and the exit codes, and exits 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of commandTable()) expect(result.stdout).toContain(`  ${command.name.padEnd(16)} ${command.summary}`);
    for (const row of EXIT_CODE_TABLE) expect(result.stdout).toContain(`  ${String(row.code).padEnd(4)} ${row.meaning}`);
    expect(result.stdout).toContain("-v, --version");
  });

  it("loads no command module (and so no command's packages) to print it", async () => {
    const probe = `const before = new Set(Object.keys(require.cache));
      const { main } = require(${JSON.stringify(join(ROOT, "lib", "cli", "main.js"))});
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = () => true;
      main(["--help"]).then((code) => {
        process.stdout.write = write;
        const loaded = Object.keys(require.cache).filter((file) => !before.has(file));
        process.stdout.write(JSON.stringify({ code, loaded }));
      });`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", probe]);
    const { code, loaded } = JSON.parse(stdout) as { code: number; loaded: string[] };
    expect(code).toBe(0);
    expect(loaded.map((file) => file.replace(ROOT, ""))).toEqual(["/lib/cli/main.js"]);
  });

  it("with no command prints the list on stderr and exits 2; `help run` shows run's options", async () => {
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("Usage: shotbin <command> [options]");
    const help = await runCli(["help", "run"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: shotbin run <shotlist.csv|.json|.fountain> [options]");
  });
});

describe("unknown commands and options", () => {
  it("suggests the closest command", async () => {
    expect(await runCli(["rnu"])).toEqual({ code: 2, stdout: "", stderr: "shotbin: unknown command 'rnu'; did you mean 'run'?\nRun 'shotbin --help' for the list.\n" });
    expect((await runCli(["inspcet"])).stderr).toContain("did you mean 'inspect'?");
    expect((await runCli(["frobnicate"])).stderr).toBe("shotbin: unknown command 'frobnicate'\nRun 'shotbin --help' for the list.\n");
    expect((await runCli(["--verison"])).stderr).toContain("unknown option '--verison'; did you mean '--version'?");
  });
});
