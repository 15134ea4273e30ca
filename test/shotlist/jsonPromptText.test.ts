import { parseJsonShotList } from "../../src/shotlist/jsonShotList";
import { formatProblem } from "../../src/shotlist/shotListTypes";

/**
 * A JSON shot list whose prompt is not a string (a number, true, a list) is refused with the entry
 * and the key, instead of sending "42" or "a,b" as a prompt.
 */
function problems(shots: unknown[]): string[] {
  return parseJsonShotList(JSON.stringify({ name: "list", shots }), { file: "list.json" }).problems.map(formatProblem);
}

describe("JSON shot list prompts", () => {
  it("refuses a prompt that is a number, a boolean or a list, naming the entry and the key", () => {
    expect(problems([{ shot: "1A", prompt: "A harbour at dawn" }, { shot: "1B", prompt: 42 }, { shot: "1C", description: ["a", "b"] }, { shot: "1D", prompt: "fine", negative: true }])).toEqual([
      'list.json: shots[1], column "prompt": shot entry 2: "prompt" must be text in quotes, not the number 42. Fix: write "prompt": "..."',
      'list.json: shots[2], column "description": shot entry 3: "description" must be text in quotes, not a list (["a","b"]). Fix: write "description": "..."',
      'list.json: shots[3], column "negative": shot entry 4: "negative" must be text in quotes, not true. Fix: write "negative": "..."',
    ]);
  });

  it("does not add a second 'has no prompt' error for the same entry", () => {
    const found = problems([{ shot: "1", prompt: 7 }]);
    expect(found).toHaveLength(1);
    expect(found[0]).not.toMatch(/has no prompt/);
  });

  it("keeps numbers where they are values, not prompts (duration, seed, lens)", () => {
    const list = parseJsonShotList(JSON.stringify([{ shot: "1", prompt: "A fox", duration: 5, seed: 42, lens: 35 }]), { file: "list.json" });
    expect(list.problems).toEqual([]);
    expect(list.shots[0]).toMatchObject({ description: "A fox", durationSeconds: 5, seed: 42 });
  });
});
