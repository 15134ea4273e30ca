/**
 * A small, strict XML parser for XMP packets: in clips and stills (src/media), and Premiere's
 * project metadata packet (src/host). Hand-written rather than a library because the merge
 * needs what general parsers drop: the source span of every element and attribute (so a
 * foreign property is kept byte for byte, or cut out exactly) and the namespace scope at each
 * element. It also has to run in UXP (no DOMParser guarantee, no Node APIs) and stay small.
 *
 * It accepts the subset XMP uses: elements, attributes, text, CDATA, comments, processing
 * instructions. It rejects DOCTYPE (XMP forbids DTDs, which also rules out entity expansion),
 * unknown entities, unbound prefixes, and mismatched tags.
 */

export const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

export class XmlSyntaxError extends Error {
  override readonly name = "XmlSyntaxError";
  constructor(message: string, readonly at: number) {
    super(`${message} (at character ${at})`);
  }
}

export interface XmlAttribute {
  qname: string;
  prefix: string;
  local: string;
  /** The namespace URI; empty for unprefixed attributes. */
  uri: string;
  value: string;
  /** Span of `name="value"` in the source. */
  start: number;
  end: number;
}

export interface XmlText {
  kind: "text";
  text: string;
  start: number;
  end: number;
}

export interface XmlElement {
  kind: "element";
  qname: string;
  prefix: string;
  local: string;
  uri: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** The `xmlns` declarations made on this element: prefix ("" for the default) to URI. */
  declared: Map<string, string>;
  /** Every prefix in scope here, including inherited ones. */
  scope: Map<string, string>;
  /** From `<` of the start tag to just past the end tag (or `/>`). */
  start: number;
  /** Just past the start tag's `>`. */
  startTagEnd: number;
  end: number;
}

export type XmlNode = XmlElement | XmlText;

const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_.:\u00B7\u00C0-\uFFFF]*/y;
const MAX_DEPTH = 256;
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function splitName(qname: string): [string, string] {
  const colon = qname.indexOf(":");
  return colon < 0 ? ["", qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  private fail(message: string): never {
    throw new XmlSyntaxError(message, this.at);
  }

  private startsWith(text: string): boolean {
    return this.source.startsWith(text, this.at);
  }

  private skipWhitespace(): void {
    while (this.at < this.source.length && " \t\r\n".includes(this.source[this.at] as string)) this.at++;
  }

  private name(): string {
    NAME.lastIndex = this.at;
    const match = NAME.exec(this.source);
    if (!match) this.fail("expected a name");
    this.at += match[0].length;
    return match[0];
  }

  private skipPast(terminator: string, what: string): void {
    const end = this.source.indexOf(terminator, this.at);
    if (end < 0) this.fail(`unterminated ${what}`);
    this.at = end + terminator.length;
  }

  /** Comments, processing instructions and whitespace between elements at the top level. */
  private skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.startsWith("<?")) this.skipPast("?>", "processing instruction");
      else if (this.startsWith("<!--")) this.skipPast("-->", "comment");
      else if (this.startsWith("<!")) this.fail("DOCTYPE and other declarations are not allowed in XMP");
      else return;
    }
  }

  /** Character data with references resolved and line ends normalised (XML 1.0 §2.11, §3.3.3). */
  private decode(raw: string, inAttribute: boolean): string {
    let text = raw.replace(/\r\n?/g, "\n");
    if (inAttribute) text = text.replace(/[\t\n]/g, " ");
    return text.replace(/&([^;&\s]*);?/g, (match, name: string) => {
      if (!match.endsWith(";")) this.fail(`'&' must start a reference`);
      if (name.startsWith("#x")) return this.codePoint(parseInt(name.slice(2), 16), name);
      if (name.startsWith("#")) return this.codePoint(parseInt(name.slice(1), 10), name);
      const value = PREDEFINED[name];
      if (value === undefined) this.fail(`unknown entity '&${name};'`);
      return value;
    });
  }

  private codePoint(value: number, name: string): string {
    if (!Number.isInteger(value) || value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
      this.fail(`invalid character reference '&${name};'`);
    }
    return String.fromCodePoint(value);
  }

  parseDocument(): XmlElement {
    if (this.source.charCodeAt(0) === 0xfeff) this.at = 1;
    this.skipMisc();
    if (!this.startsWith("<")) this.fail("expected the root element");
    const root = this.element(new Map([["xml", XML_NAMESPACE]]), 0);
    this.skipMisc();
    if (this.at < this.source.length && this.source.slice(this.at).replace(/\0+$/, "").trim() !== "") {
      this.fail("content after the root element");
    }
    return root;
  }

  private element(inherited: Map<string, string>, depth: number): XmlElement {
    if (depth > MAX_DEPTH) this.fail("elements nested too deeply");
    const start = this.at;
    this.at++; // <
    const qname = this.name();
    const raw: Array<{ qname: string; value: string; start: number; end: number }> = [];
    for (;;) {
      const beforeSpace = this.at;
      this.skipWhitespace();
      if (this.startsWith("/>") || this.startsWith(">")) break;
      if (this.at === beforeSpace) this.fail("expected whitespace before an attribute");
      const attrStart = this.at;
      const attrName = this.name();
      this.skipWhitespace();
      if (!this.startsWith("=")) this.fail(`attribute '${attrName}' has no value`);
      this.at++;
      this.skipWhitespace();
      const quote = this.source[this.at];
      if (quote !== '"' && quote !== "'") this.fail("attribute values must be quoted");
      const valueEnd = this.source.indexOf(quote, this.at + 1);
      if (valueEnd < 0) this.fail("unterminated attribute value");
      const rawValue = this.source.slice(this.at + 1, valueEnd);
      if (rawValue.includes("<")) this.fail("'<' in an attribute value");
      this.at = valueEnd + 1;
      if (raw.some((a) => a.qname === attrName)) this.fail(`duplicate attribute '${attrName}'`);
      raw.push({ qname: attrName, value: this.decode(rawValue, true), start: attrStart, end: this.at });
    }
    const declared = new Map<string, string>();
    for (const attr of raw) {
      if (attr.qname === "xmlns") declared.set("", attr.value);
      else if (attr.qname.startsWith("xmlns:")) declared.set(attr.qname.slice(6), attr.value);
    }
    const scope = declared.size ? new Map([...inherited, ...declared]) : inherited;
    const [prefix, local] = splitName(qname);
    const uri = scope.get(prefix) ?? (prefix === "" ? "" : this.fail(`unbound namespace prefix '${prefix}'`));
    const attributes: XmlAttribute[] = raw
      .filter((a) => a.qname !== "xmlns" && !a.qname.startsWith("xmlns:"))
      .map((a) => {
        const [p, l] = splitName(a.qname);
        const u = p === "" ? "" : (scope.get(p) ?? this.fail(`unbound namespace prefix '${p}'`));
        return { qname: a.qname, prefix: p, local: l, uri: u, value: a.value, start: a.start, end: a.end };
      });
    const element: XmlElement = {
      kind: "element",
      qname,
      prefix,
      local,
      uri,
      attributes,
      children: [],
      declared,
      scope,
      start,
      startTagEnd: 0,
      end: 0,
    };
    if (this.startsWith("/>")) {
      this.at += 2;
      element.startTagEnd = element.end = this.at;
      return element;
    }
    this.at++; // >
    element.startTagEnd = this.at;
    for (;;) {
      if (this.at >= this.source.length) this.fail(`element '${qname}' is not closed`);
      if (this.startsWith("</")) {
        this.at += 2;
        const closing = this.name();
        if (closing !== qname) this.fail(`'</${closing}>' closes '<${qname}>'`);
        this.skipWhitespace();
        if (!this.startsWith(">")) this.fail("expected '>'");
        this.at++;
        element.end = this.at;
        return element;
      }
      if (this.startsWith("<!--")) this.skipPast("-->", "comment");
      else if (this.startsWith("<![CDATA[")) {
        const textStart = this.at;
        const end = this.source.indexOf("]]>", this.at);
        if (end < 0) this.fail("unterminated CDATA section");
        const text = this.source.slice(this.at + 9, end).replace(/\r\n?/g, "\n");
        this.at = end + 3;
        element.children.push({ kind: "text", text, start: textStart, end: this.at });
      } else if (this.startsWith("<?")) this.skipPast("?>", "processing instruction");
      else if (this.startsWith("<!")) this.fail("declarations are not allowed inside elements");
      else if (this.startsWith("<")) element.children.push(this.element(scope, depth + 1));
      else {
        const textStart = this.at;
        const next = this.source.indexOf("<", this.at);
        this.at = next < 0 ? this.source.length : next;
        element.children.push({ kind: "text", text: this.decode(this.source.slice(textStart, this.at), false), start: textStart, end: this.at });
      }
    }
  }
}

export function parseXml(source: string): XmlElement {
  return new Parser(source).parseDocument();
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((node): node is XmlElement => node.kind === "element");
}

export function textContent(element: XmlElement): string {
  return element.children.map((node) => (node.kind === "text" ? node.text : textContent(node))).join("");
}

export function attribute(element: XmlElement, uri: string, local: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.uri === uri && a.local === local);
}
