import { validateRequest } from "../../src/core/validation";
import { findModel } from "../../src/providers/catalog";

/**
 * A NUL or another control character pasted into a prompt (from a PDF, a terminal, a script) is
 * refused before anything is sent, naming the field, the character and where it is. Tabs and line
 * breaks are ordinary prompt text.
 */
const kling = findModel("kling", "kling-2.6")!;
const request = (fields: Record<string, unknown>) => ({ provider: "kling", model: "kling-2.6", prompt: "a fox", idempotencyKey: "shotbin-test-0001", ...fields });

function issuesFor(fields: Record<string, unknown>) {
  const result = validateRequest(kling, request(fields));
  return result.ok ? [] : result.issues;
}

describe("control characters in prompts", () => {
  it("refuses a NUL with the field, the code point and the character position", () => {
    expect(issuesFor({ prompt: "A fox\u0000 at dawn" })).toEqual([
      { field: "prompt", value: "U+0000", message: "prompt has a control character (U+0000 NUL) at character 6; remove it (tabs and line breaks are fine)" },
    ]);
  });

  it("counts positions in characters, so an emoji before it counts once", () => {
    expect(issuesFor({ prompt: "🦊🦊\u0007" })[0]).toMatchObject({ field: "prompt", value: "U+0007", message: expect.stringContaining("(U+0007 BEL) at character 3") });
  });

  it.each([
    ["ESC (a terminal colour code)", "red \u001b[31m fox", "U+001B"],
    ["vertical tab", "a\u000bfox", "U+000B"],
    ["form feed", "a\u000cfox", "U+000C"],
    ["DEL", "a fox\u007f", "U+007F"],
    ["a C1 control (NEL)", "a fox\u0085", "U+0085"],
    ["the last C1 control", "a fox\u009f", "U+009F"],
  ])("refuses %s", (_name, prompt, code) => {
    expect(issuesFor({ prompt })).toEqual([expect.objectContaining({ field: "prompt", value: code })]);
  });

  it("checks the negative prompt too", () => {
    expect(issuesFor({ negativePrompt: "blur\u0000" })).toEqual([
      { field: "negativePrompt", value: "U+0000", message: "negative prompt has a control character (U+0000 NUL) at character 5; remove it (tabs and line breaks are fine)" },
    ]);
  });

  it("accepts tabs, line feeds, carriage returns and ordinary Unicode", () => {
    const result = validateRequest(kling, request({ prompt: "Dawn,\tfog.\r\nA fox — «renard» 狐 \u00a0 crosses the road." }));
    expect(result.ok).toBe(true);
  });
});
