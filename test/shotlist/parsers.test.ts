import { readFileSync } from "node:fs";
import { join } from "node:path";
import { matchHeading } from "../../src/shotlist/columnAliases";
import { detectDelimiter, readCsvRecords } from "../../src/shotlist/csvReader";
import { parseCsvShotList } from "../../src/shotlist/csvShotList";
import { parseDuration } from "../../src/shotlist/fieldValues";
import { parseFountainShotList } from "../../src/shotlist/fountainShotList";
import { parseJsonShotList } from "../../src/shotlist/jsonShotList";
import { detectFormat, parseShotList } from "../../src/shotlist/parseShotList";
import { checkPromptTemplate, DEFAULT_PROMPT_TEMPLATE, foldPrompt } from "../../src/shotlist/promptTemplate";
import { formatProblem, type ShotList } from "../../src/shotlist/shotListTypes";

const EXAMPLES = join(__dirname, "..", "..", "assets", "examples");
const example = (name: string) => readFileSync(join(EXAMPLES, name), "utf8");
const errors = (list: ShotList) => list.problems.filter((p) => p.severity === "error").map(formatProblem);
const warnings = (list: ShotList) => list.problems.filter((p) => p.severity === "warning").map(formatProblem);

describe("the example shot lists", () => {
  it("StudioBinder-style CSV: title row, camera columns folded into the prompt, template and divider rows skipped", () => {
    const list = parseShotList(example("harbour-studiobinder.csv"), { file: "harbour-studiobinder.csv" });
    expect(list.format).toBe("csv");
    expect(errors(list)).toEqual([]);
    expect(list.name).toBe("THE HARBOUR - Shot List (Day 3)");
    expect(list.ignored).toEqual(["Cast"]);
    expect(list.shots.map((s) => s.id)).toEqual(["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2"]);
    expect(list.shots.map((s) => s.durationSeconds)).toEqual([5, 4, 4, 6, 8, 4, 10, 5]);
    const second = list.shots[1]!;
    expect(second).toMatchObject({ scene: "1", camera: "Medium, Low angle", movement: "Slow push in", lens: "35mm", setting: "EXT. HARBOUR - TRAWLER", source: { row: 4, line: 4 } });
    expect(second.cells.camera).toEqual({ column: "Shot Size", text: "Medium, Low angle" });
    expect(list.shots[4]!.notes).toBe("Dialogue is improvised");
    expect(foldPrompt(DEFAULT_PROMPT_TEMPLATE, second)).toBe(
      "An old fisherman coils a wet rope on the deck of a blue trawler. Setting: EXT. HARBOUR - TRAWLER. Shot: Medium, Low angle. Camera movement: Slow push in. Lens: 35mm.",
    );
  });

  it("semicolon CSV with a BOM, quoted line breaks, doubled quotes and models by family", () => {
    const text = example("night-market-semicolon.csv");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const list = parseCsvShotList(text, { file: "night.csv" });
    expect(errors(list)).toEqual([]);
    expect(list.shots.map((s) => [s.id, s.scene, s.durationSeconds, s.takes ?? 1, s.seed])).toEqual([
      ["1A", "1", 5, 1, 1201],
      ["1B", "1", 5, 2, undefined],
      ["1C", "1", 5, 1, undefined],
      ["2A", "2", 10, 1, undefined],
      ["2B", "2", 10, 1, 77],
    ]);
    expect(list.shots[0]!.description).toBe("Night market street in the rain, neon signs reflecting in puddles;\nsteam rising from food stalls");
    expect(list.shots[2]!.description).toContain('"Lucky" painted');
    // Rows count records, lines count the file: the multiline cells push lines ahead of rows.
    expect(list.shots.map((s) => [s.source.row, s.source.line])).toEqual([
      [2, 2],
      [3, 4],
      [4, 6],
      [5, 7],
      [6, 8],
    ]);
    expect(list.shots[0]!.model).toBe("Kling 2.6");
    expect(list.shots[0]!.aspect).toBe("16:9");
  });

  it("JSON with defaults, a seed policy and a prompt template", () => {
    const list = parseShotList(example("product-teaser.json"), { file: "product-teaser.json" });
    expect(list.format).toBe("json");
    expect(errors(list)).toEqual([]);
    expect(list.name).toBe("Aurora lamp teaser");
    expect(list.defaults).toMatchObject({ model: "veo-3.1-fast-generate-preview", aspect: "16:9", resolution: "1080p", durationSeconds: 8, takes: 1, seedPolicy: { kind: "per-shot", base: 100 } });
    expect(list.shots.map((s) => [s.id, s.durationSeconds, s.resolution, s.takes, s.seed])).toEqual([
      ["1", undefined, undefined, undefined, undefined],
      ["2", 4, "720p", undefined, undefined],
      ["3", undefined, undefined, 2, undefined],
      ["4", 6, "720p", undefined, 4242],
    ]);
    expect(foldPrompt(list.defaults.promptTemplate!, list.shots[1]!)).toBe("Macro view of the lamp's dimmer dial turning, fine knurling catching the light. Macro close-up. Shot on a 100mm macro lens.");
  });

  it("Fountain: scenes from headings, shots from notes and SHOT: lines, action and dialogue as the prompt", () => {
    const list = parseShotList(example("the-harbour.fountain"), { file: "the-harbour.fountain" });
    expect(list.format).toBe("fountain");
    expect(errors(list)).toEqual([]);
    expect(list.name).toBe("The Harbour");
    expect(list.shots.map((s) => [s.id, s.scene, s.durationSeconds, s.camera, s.takes ?? 1, s.source.line])).toEqual([
      ["3A", "3", 5, "wide", 1, 10],
      ["3B", "3", 4, "close-up", 1, 13],
      ["3C", "3", 8, "two shot", 2, 20],
      ["4A", "4", 10, "extreme wide", 1, 25],
    ]);
    expect(list.shots[1]!.description).toBe('MARA (40s, oilskin jacket) runs a finger along a chart and stops on a reef. MARA says: "That\'s where she went down."');
    expect(list.shots[0]!.setting).toBe("Interior harbour office, night");
    expect(list.shots[3]!.setting).toBe("Exterior harbour wall, dawn");
    expect(list.shots.map((s) => s.description).join(" ")).not.toMatch(/Rewrite|check the reef|CUT TO/);
    expect(warnings(list)).toEqual([expect.stringMatching(/line 30: scene 5 has action but no shot notes/)]);
  });
});

describe("CSV reading", () => {
  it("detects comma, semicolon and tab, and keeps quoted delimiters", () => {
    const known = (cell: string) => !!matchHeading(cell);
    expect(detectDelimiter("Shot,Description,Duration\n1,a;b,5", known)).toBe(",");
    expect(detectDelimiter("Shot;Description;Duration\n1;a, b;5", known)).toBe(";");
    expect(detectDelimiter("Shot\tDescription\tLength\n1\ta, b; c\t5", known)).toBe("\t");
    const tab = parseCsvShotList("Shot\tDescription\tLength\n1\tA heron lifts off, slowly; wings wide\t5\n", { file: "t.tsv" });
    expect(tab.shots[0]).toMatchObject({ id: "1", description: "A heron lifts off, slowly; wings wide", durationSeconds: 5 });
    expect(readCsvRecords('a,"b ""c""\r\nd",e\r\n', ",").records).toEqual([{ cells: ["a", 'b "c"\r\nd', "e"], line: 1 }]);
  });

  it("matches headings without regard to case, accents or punctuation, including Spanish ones", () => {
    expect(matchHeading("SHOT #")).toEqual({ field: "shot" });
    expect(matchHeading("shot_number")).toEqual({ field: "shot" });
    expect(matchHeading("Nº")).toEqual({ field: "shot" });
    expect(matchHeading("Camera-Movement")).toEqual({ field: "movement" });
    expect(matchHeading("Tamaño de plano")).toEqual({ field: "camera" });
    expect(matchHeading("Duración (min)")).toEqual({ field: "duration", unitSeconds: 60 });
    expect(matchHeading("First Frame")).toEqual({ field: "firstFrame" });
    expect(matchHeading("Cast")).toBeUndefined();
    const list = parseCsvShotList("Nº;Escena;Descripción;Duración (min);Observaciones\n1;2;Un faro bajo la lluvia;0,25;nocturno\n", { file: "es.csv" });
    expect(list.shots[0]).toMatchObject({ id: "2.1", scene: "2", description: "Un faro bajo la lluvia", durationSeconds: 15, notes: "nocturno" });
  });

  it("reads durations as people write them", () => {
    expect(["5", "5s", "5 sec", "5.5 seconds", "0:05", "00:00:05", "1m"].map((raw) => parseDuration(raw))).toEqual(
      [5, 5, 5, 5.5, 5, 5, 60].map((value) => ({ ok: true, value })),
    );
    expect(parseDuration("five")).toMatchObject({ ok: false, message: "duration 'five' is not a length" });
  });
});

describe("every CSV problem names the row, the column and a fix", () => {
  const csv = (text: string) => parseCsvShotList(text, { file: "list.csv" });

  it("an unclosed quote, at the line it opens", () => {
    expect(errors(csv('Shot,Description\n1,"A fox\n2,A hare\n'))).toEqual(['list.csv: line 2: a quoted cell opened here is never closed. Fix: close the cell with a double quote ("), and write quotes inside a cell as ""']);
  });

  it("a list without a description column, an empty file, a header without shots", () => {
    expect(errors(csv("Shot,Length\n1,5\n"))).toEqual([expect.stringContaining("row 1: no column describes the shots (headings found: Shot, Length). Fix: name the shot's description column Description, Action or Prompt")]);
    expect(errors(csv(""))).toEqual(["list.csv: the file is empty. Fix: export the shot list with a header row, such as Shot, Description, Duration"]);
    expect(errors(csv("Shot,Description\n\n"))).toEqual([expect.stringContaining("the list has a header but no shots")]);
  });

  it("two columns for one field, unreadable values, a missing description, duplicate ids and stray cells", () => {
    const list = csv(
      [
        "Shot,Description,Length,Secs,Seed,Takes,Aspect,Resolution,Audio",
        "1,A fox at dawn,five,,-3,0,wide,8k,maybe",
        "2,,5,,,,16:9,,",
        "1,A fox at dusk,5,,,,,,,extra",
      ].join("\n"),
    );
    expect(errors(list)).toEqual([
      'list.csv: row 1, column "Secs": columns "Length" and "Secs" both mean duration. Fix: rename or delete one of them',
      "list.csv: row 2, column \"Length\": duration 'five' is not a length. Fix: write seconds such as 5, 5s or 0:05",
      "list.csv: row 2, column \"Seed\": seed '-3' is not a whole number. Fix: write a whole number from 0 to 4294967295, or leave it empty",
      "list.csv: row 2, column \"Takes\": takes '0' is not a number of takes. Fix: write a whole number from 1 to 20",
      "list.csv: row 2, column \"Aspect\": aspect 'wide' is not an aspect ratio. Fix: write it like 16:9, 9:16 or 1:1",
      "list.csv: row 2, column \"Resolution\": resolution '8k' is not one Shotbin knows. Fix: write one of 480p, 720p, 1024p, 1080p, 4k",
      "list.csv: row 2, column \"Audio\": audio 'maybe' is neither on nor off. Fix: write yes or no",
      'list.csv: row 3, column "Description": shot 2 has no description. Fix: describe the shot, or delete the row',
      'list.csv: row 4, column "Shot": shot 1 appears twice (first at row 2). Fix: give each shot its own number, such as 3A and 3B',
    ]);
    expect(warnings(list)).toEqual([expect.stringContaining("row 4: this row has 1 more cell(s) than the header ('extra'); they are ignored")]);
  });
});

describe("JSON shot lists", () => {
  const json = (text: string) => parseJsonShotList(text, { file: "list.json" });

  it("takes a bare array, and the same aliases as CSV headings", () => {
    const list = json(JSON.stringify([{ "Shot #": "A1", Action: "Surf at dusk", Length: "4s", "Camera Movement": "drone", Cast: "none" }, { prompt: "Gulls", duration: 5 }]));
    expect(errors(list)).toEqual([]);
    expect(list.shots.map((s) => [s.id, s.description, s.durationSeconds, s.movement])).toEqual([
      ["A1", "Surf at dusk", 4, "drone"],
      ["2", "Gulls", 5, undefined],
    ]);
    expect(list.ignored).toEqual(["Cast"]);
  });

  it("reports a syntax error at its line, and shape errors at their path", () => {
    expect(errors(json('{\n  "shots": [\n    {"prompt": "a"}\n    {"prompt": "b"}\n  ]\n}'))).toEqual([expect.stringMatching(/^list\.json: line 4: the file is not valid JSON \(.+\)\. Fix: check for a missing comma/)]);
    expect(errors(json('{"shots": {"prompt": "a"}}'))).toEqual([expect.stringMatching(/^list\.json: shots: shots must be a list/)]);
    expect(errors(json('{"shots": [], "defaults": {"modle": "x"}}'))).toEqual([expect.stringContaining("defaults: Unrecognized key")]);
    expect(errors(json('{"shots": [{"prompt": 5, "takes": [1]}]}'))).toEqual(expect.arrayContaining([expect.stringContaining("shots[0].takes")]));
  });

  it("reports bad defaults, duplicate keys and shots without a prompt", () => {
    const list = json(JSON.stringify({ defaults: { seedPolicy: "sometimes", promptTemplate: "{description} {mood}", duration: "long" }, shots: [{ prompt: "x", description: "y" }, { camera: "wide" }] }));
    expect(errors(list)).toEqual([
      expect.stringContaining("defaults.duration: duration 'long' is not a length"),
      expect.stringContaining('defaults.seedPolicy: seed policy "sometimes" is not one Shotbin knows'),
      expect.stringContaining("defaults.promptTemplate: the prompt template uses {mood}"),
      'list.json: shots[0], column "description": "prompt" and "description" both mean description. Fix: keep one of them',
      'list.json: shots[1]: shot 2 has no prompt. Fix: add "prompt": "..." (or "description")',
    ]);
  });
});

describe("Fountain problems", () => {
  it("names the line and the option", () => {
    const list = parseFountainShotList("INT. SHED - DAY\n\n[[shot: 1A; mood: grim; 5]]\nA spade in the dirt.\n\n[[shot: 1B; duration: long]]\n\n[[shot: 1C]]\n", { file: "s.fountain" });
    expect(errors(list)).toEqual([
      "s.fountain: line 3, column \"mood\": 'mood' is not a shot option. Fix: use duration, camera, movement, lens, model, seed, aspect, resolution, takes, negative, first frame, last frame, image model, image prompt, edit prompt, edit model or notes",
      "s.fountain: line 3: shot option '5' has no value. Fix: write options as key: value, separated by ;",
      "s.fountain: line 6, column \"duration\": duration 'long' is not a length. Fix: write seconds such as 5, 5s or 0:05",
      "s.fountain: line 6: shot 1B has no action lines under it. Fix: write what happens in the shot on the lines below the shot note",
      "s.fountain: line 8: shot 1C has no action lines under it. Fix: write what happens in the shot on the lines below the shot note",
    ]);
    expect(errors(parseFountainShotList("EXT. ROAD - NIGHT\n\nHeadlights.\n", { file: "s.fountain" }))).toEqual([expect.stringContaining("the script marks no shots")]);
  });
});

describe("prompt template and format detection", () => {
  it("drops a group whose field is empty and refuses unknown fields or unbalanced brackets", () => {
    expect(foldPrompt("[{camera}: ]{description}[ ({lens})]", { description: "a kite", camera: "Wide" })).toBe("Wide: a kite.");
    expect(foldPrompt(DEFAULT_PROMPT_TEMPLATE, { description: "A kite!" })).toBe("A kite!");
    expect(() => checkPromptTemplate("{description} [{camera}")).toThrow(/never closed/);
    expect(() => checkPromptTemplate("{description}]")).toThrow(/no '\['/);
    expect(() => checkPromptTemplate("{colour}")).toThrow(/uses \{colour\}/);
  });

  it("detects the format from the extension, else the content", () => {
    expect(detectFormat("x", "a.fountain")).toBe("fountain");
    expect(detectFormat('[{"prompt":"a"}]')).toBe("json");
    expect(detectFormat("[[shot: 1]]\nA\n")).toBe("fountain");
    expect(detectFormat("Shot,Description\n")).toBe("csv");
  });
});
