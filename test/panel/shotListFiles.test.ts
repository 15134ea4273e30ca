/**
 * A shot list must be UTF-8 text. A picture, a clip, a spreadsheet or a UTF-16 or Latin-1 export
 * is refused before parsing, with a sentence saying what it is and what to do, whether it comes
 * from the file picker or from "Read again" after the file on disk changed; the plan is not
 * touched and nothing is recorded.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { utf8Encode } from "../../src/core/text/utf8";
import { firstInvalidUtf8, textOfFile } from "../../src/panel/platform/textFile";
import { panelFixture } from "./support/panelFixture";

const ROOT = path.join(__dirname, "..", "..");
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe("a shot list's bytes", () => {
  it("are refused when they are a picture, a clip, UTF-16 or not UTF-8, each with what it is and what to do", () => {
    const png = new Uint8Array(readFileSync(path.join(ROOT, "src/harness/page/sample-frame.png")));
    expect(() => textOfFile("frame.png", png)).toThrow(/^frame\.png is not a text file: byte \d+ is a NUL, as in images, clips and spreadsheets .*export "CSV UTF-8"/);
    const clip = new Uint8Array(readFileSync(path.join(ROOT, "assets/clips/sim_16x9_4s.mp4")));
    expect(() => textOfFile("take.mp4", clip)).toThrow(/^take\.mp4 is not a text file: byte 0 is a NUL/);
    const utf16 = new Uint8Array([0xff, 0xfe, 0x53, 0x00, 0x68, 0x00]);
    expect(() => textOfFile("list.txt", utf16)).toThrow(/^list\.txt is UTF-16 text \(what Excel calls "Unicode Text"\).*"CSV UTF-8"/);
    const latin1 = new Uint8Array([...utf8Encode("Shot;Prompt\n1;Caf"), 0xe9, ...utf8Encode(" at dawn\n")]);
    expect(() => textOfFile("cafe.csv", latin1)).toThrow("cafe.csv is not UTF-8 text: the bytes at offset 17 are not valid UTF-8");
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xe2, 0x82]))).toBe(1);
  });

  it("decode to exactly what Node reads for every bundled example, byte-order mark included", () => {
    for (const name of ["harbour-studiobinder.csv", "night-market-semicolon.csv", "product-teaser.json", "the-harbour.fountain"]) {
      const bytes = new Uint8Array(readFileSync(path.join(ROOT, "assets/examples", name)));
      expect(firstInvalidUtf8(bytes)).toBe(-1);
      expect(textOfFile(name, bytes)).toBe(readFileSync(path.join(ROOT, "assets/examples", name), "utf8"));
    }
  });
});

describe("the Shot list tab with a file that is not a shot list", () => {
  it("refuses a picture from the picker, and a list that became binary on disk at Read again, keeping the plan it had", async () => {
    const made = await panelFixture();
    stops.push(() => made.close());
    const { runtime, uxp, fs } = made;
    uxp.fileAnswer = { path: "/lists/frame.png", bytes: new Uint8Array(readFileSync(path.join(ROOT, "src/harness/page/sample-frame.png"))) };
    await runtime.shotLists.chooseFile();
    expect(runtime.state.shotList.loadProblem).toMatch(/^The shot list could not be read: frame\.png is not a text file: byte \d+ is a NUL/);
    expect(runtime.state.shotList.plan).toBeUndefined();

    const list = readFileSync(path.join(ROOT, "assets/examples/harbour-studiobinder.csv"));
    await fs.writeFile("/lists/harbour.csv", list.toString("utf8"));
    uxp.fileAnswer = { path: "/lists/harbour.csv", bytes: new Uint8Array(list) };
    await runtime.shotLists.chooseFile();
    expect(runtime.state.shotList.loadProblem).toBeUndefined();
    const plan = runtime.state.shotList.plan!;
    expect(plan.shots).toBeGreaterThan(3);

    // The editor saved the spreadsheet over it as .xlsx-like binary: Read again refuses and the shown plan stays.
    const handle = await fs.open("/lists/harbour.csv", "w");
    await fs.write(handle, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]).buffer, 0, 8, 0);
    await fs.close(handle);
    await runtime.shotLists.reload();
    expect(runtime.state.shotList.loadProblem).toMatch(/^harbour\.csv could not be read again: harbour\.csv is not a text file: byte 4 is a NUL/);
    expect(runtime.state.shotList.plan).toEqual(plan);
    expect(Object.keys(runtime.state.jobs)).toEqual([]);
  });
});
