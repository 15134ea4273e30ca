/**
 * How a production shot list's columns become a prompt. A list rarely has a "prompt": it has a
 * description plus camera, movement and lens columns. The template says how they read together:
 * `{name}` is a field, and a `[...]` group is left out when any field inside it is empty.
 */

export const PROMPT_PLACEHOLDERS = ["description", "setting", "camera", "movement", "lens", "scene", "shot", "notes"] as const;
export type PromptPlaceholder = (typeof PROMPT_PLACEHOLDERS)[number];
export type PromptValues = Partial<Record<PromptPlaceholder, string | undefined>>;

export const DEFAULT_PROMPT_TEMPLATE = "{description}[ Setting: {setting}.][ Shot: {camera}.][ Camera movement: {movement}.][ Lens: {lens}.]";

type Part = { kind: "text"; text: string } | { kind: "field"; name: PromptPlaceholder } | { kind: "group"; parts: Part[] };

export class PromptTemplateError extends Error {
  override readonly name = "PromptTemplateError";
}

function parse(template: string): Part[] {
  const root: Part[] = [];
  const stack: Part[][] = [root];
  let text = "";
  const flush = () => {
    if (text) stack[stack.length - 1]!.push({ kind: "text", text });
    text = "";
  };
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (char === "{") {
      const end = template.indexOf("}", i);
      if (end < 0) throw new PromptTemplateError(`the prompt template has a '{' at character ${i + 1} that is never closed`);
      const name = template.slice(i + 1, end).trim();
      if (!(PROMPT_PLACEHOLDERS as readonly string[]).includes(name)) {
        throw new PromptTemplateError(`the prompt template uses {${name}}; it can use ${PROMPT_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`);
      }
      flush();
      stack[stack.length - 1]!.push({ kind: "field", name: name as PromptPlaceholder });
      i = end;
    } else if (char === "[") {
      flush();
      const group: Part = { kind: "group", parts: [] };
      stack[stack.length - 1]!.push(group);
      stack.push(group.parts);
    } else if (char === "]") {
      if (stack.length === 1) throw new PromptTemplateError(`the prompt template has a ']' at character ${i + 1} with no '[' before it`);
      flush();
      stack.pop();
    } else {
      text += char;
    }
  }
  if (stack.length > 1) throw new PromptTemplateError("the prompt template has a '[' that is never closed");
  flush();
  return root;
}

/** Throws PromptTemplateError with a message for the editor when the template is malformed. */
export function checkPromptTemplate(template: string): void {
  parse(template);
}

/** Ends a sentence so the next folded part reads as a new one. */
function sentence(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, " ");
  return trimmed && !/[.!?…"')\]]$/.test(trimmed) ? `${trimmed}.` : trimmed;
}

function render(parts: Part[], values: PromptValues): string | undefined {
  let out = "";
  for (const part of parts) {
    if (part.kind === "text") out += part.text;
    else if (part.kind === "field") {
      const raw = values[part.name]?.trim();
      if (!raw) {
        return undefined;
      }
      out += part.name === "description" ? sentence(raw) : raw.replace(/\s+/g, " ").replace(/[.;,]+$/, "");
    } else {
      out += render(part.parts, values) ?? "";
    }
  }
  return out;
}

/** The prompt for one shot. A top-level field left empty simply drops out. */
export function foldPrompt(template: string, values: PromptValues): string {
  const parts = parse(template);
  const out = parts.map((part) => (part.kind === "group" ? (render(part.parts, values) ?? "") : (render([part], values) ?? ""))).join("");
  return out.replace(/[ \t]+/g, " ").replace(/\s+([.,;])/g, "$1").trim();
}
