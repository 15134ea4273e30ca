import { utf8Decode } from "../../src/core/text/utf8";
import { parseXml, XmlSyntaxError } from "../../src/core/text/xmlParser";
import { readXmpProperties } from "../../src/media/xmpFields";
import { extractForeignXmp } from "../../src/media/xmpMerge";
import { NS } from "../../src/media/xmpNamespaces";
import { buildOurDescription, encodePacket, escapeText, formatFrameRate, ownedKey, packetCore, removeIllegalCharacters } from "../../src/media/xmpPacket";
import { FULL_META } from "./support/meta";

describe("the XML parser", () => {
  it("resolves namespaces, entities, CDATA and line ends as XML 1.0 says", () => {
    const root = parseXml('<?xml version="1.0"?><a xmlns="urn:d" xmlns:p="urn:p" p:x="1&#xA;2\r\n3"><!-- c --><p:b>x &amp; y&#x1F3AC;</p:b><![CDATA[<raw>]]>\r\n</a>');
    expect(root.uri).toBe("urn:d");
    expect(root.attributes[0]).toMatchObject({ uri: "urn:p", local: "x", value: "1\n2 3" });
    const b = root.children.find((n) => n.kind === "element")!;
    expect(b).toMatchObject({ uri: "urn:p", local: "b" });
    expect(root.children.filter((n) => n.kind === "text").map((n) => (n as { text: string }).text)).toEqual(["<raw>", "\n"]);
  });

  it.each([
    ['<!DOCTYPE x [<!ENTITY e "boom">]><x/>', /DOCTYPE/],
    ["<a>&e;</a>", /unknown entity/],
    ["<a></b>", /closes/],
    ["<p:a/>", /unbound namespace prefix 'p'/],
    ["<a x='1' x='2'/>", /duplicate attribute/],
    ["<a>", /not closed/],
    ["<a>x & y</a>", /'&' must start a reference/],
    ["<a/><b/>", /content after the root/],
  ])("rejects %s", (source, message) => {
    expect(() => parseXml(source)).toThrow(XmlSyntaxError);
    expect(() => parseXml(source)).toThrow(message);
  });
});

describe("building the packet", () => {
  it("escapes markup and keeps CR as a reference", () => {
    expect(escapeText('a<b>&"c"\r\n')).toBe('a&lt;b&gt;&amp;"c"&#xD;\n');
  });

  it("removes what XML cannot carry", () => {
    expect(removeIllegalCharacters("a\u0000b\u0008c\u000bd\tE\uFFFEf\uD800g🎬")).toEqual({ text: "abcd\tEfg🎬", removed: 5 });
  });

  it("pads new packets with 2-4 KiB and fits an exact length when asked", () => {
    const core = packetCore([buildOurDescription(FULL_META, { frameRate: 24000 / 1001, width: 1920, height: 1080 }, "").xml]);
    const fresh = encodePacket(core)!;
    expect(fresh.paddingBytes).toBeGreaterThanOrEqual(2048);
    expect(fresh.paddingBytes).toBeLessThan(4096);
    expect(fresh.bytes.length % 1024).toBe(0);
    const text = utf8Decode(fresh.bytes);
    expect(text.startsWith('<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>')).toBe(true);
    expect(text.endsWith('<?xpacket end="w"?>')).toBe(true);
    const padding = text.slice(text.indexOf("</x:xmpmeta>\n") + 13, text.indexOf("<?xpacket end"));
    expect(padding).toMatch(/^[ \n]+$/);
    expect(padding.length).toBe(fresh.paddingBytes);
    expect(Math.max(...padding.split("\n").map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(encodePacket(core, fresh.bytes.length + 10)!.bytes.length).toBe(fresh.bytes.length + 10);
    expect(encodePacket(core, core.length)).toBeUndefined();
  });

  it("writes text in element form only, so newlines survive Adobe's parser", () => {
    const { xml } = buildOurDescription(FULL_META, {}, "");
    const start = parseXml(`<r xmlns:rdf="${NS.rdf}">${xml}</r>`);
    const description = start.children.find((n) => n.kind === "element") as { attributes: Array<{ local: string }> };
    expect(description.attributes.map((a) => a.local)).toEqual(["about"]);
  });

  it("formats frame rates the way editors show them", () => {
    expect([24, 25, 24000 / 1001, 30000 / 1001, 60].map(formatFrameRate)).toEqual(["24", "25", "23.976", "29.97", "60"]);
  });
});

describe("merging with foreign XMP", () => {
  const FOREIGN = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${NS.rdf}" xmlns:dc="${NS.dc}" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
 <rdf:Description rdf:about="uuid:faf5bdd5" xmlns:xmp="${NS.xmp}" xmp:Rating="3" xmp:CreatorTool="Other Tool" xmpMM:InstanceID="xmp.iid:1">
  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Old</rdf:li></rdf:Alt></dc:title>
  <dc:creator><rdf:Seq><rdf:li>Jane</rdf:li></rdf:Seq></dc:creator>
 </rdf:Description>
 <rdf:Description rdf:about="uuid:faf5bdd5" xmlns:shotbin="${NS.shotbin}"><shotbin:prompt>stale</shotbin:prompt></rdf:Description>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

  const owned = new Set([ownedKey(NS.dc, "title"), ownedKey(NS.xmp, "CreatorTool")]);
  const owns = (uri: string, local: string) => uri === NS.shotbin || owned.has(ownedKey(uri, local));

  it("keeps foreign properties, drops the ones we replace, and keeps rdf:about", () => {
    const foreign = extractForeignXmp(FOREIGN, owns);
    expect(foreign.about).toBe("uuid:faf5bdd5");
    expect(foreign.keptProperties).toBe(3);
    expect(foreign.replacedProperties).toBe(3);
    expect(foreign.nodes).toHaveLength(1); // the shotbin-only description became empty and went
    const ours = buildOurDescription(FULL_META, {}, foreign.about);
    const merged = utf8Decode(packetCore([ours.xml, ...foreign.nodes]));
    const properties = readXmpProperties(merged);
    expect(properties).toMatchObject({
      "xmp:Rating": "3",
      "xmpMM:InstanceID": "xmp.iid:1",
      "dc:creator": ["Jane"],
      "dc:title": FULL_META.shotName,
      "xmp:CreatorTool": `${FULL_META.provider}/${FULL_META.model}`,
      "shotbin:prompt": FULL_META.prompt,
    });
    // Namespaces declared on the old rdf:RDF travel with the kept description.
    expect(foreign.nodes[0]).toContain(`xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"`);
    expect(merged).toContain('rdf:about="uuid:faf5bdd5"');
    expect(merged).not.toContain("Other Tool");
    expect(merged).not.toContain("stale");
  });
});

describe("reading properties", () => {
  it("reads shorthand, structs, arrays and language alternatives", () => {
    const properties = readXmpProperties(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${NS.rdf}">
      <rdf:Description rdf:about="" xmlns:xmpDM="${NS.xmpDM}" xmlns:stDim="${NS.stDim}" xmlns:dc="${NS.dc}" xmpDM:scene="7">
        <xmpDM:videoFrameSize stDim:w="1920" stDim:h="1080"/>
        <xmpDM:duration><rdf:Description xmpDM:value="100" xmpDM:scale="1/25"/></xmpDM:duration>
        <dc:title><rdf:Alt><rdf:li xml:lang="de">Fuchs</rdf:li><rdf:li xml:lang="x-default">Fox</rdf:li></rdf:Alt></dc:title>
        <dc:subject><rdf:Bag><rdf:li>a</rdf:li><rdf:li>b</rdf:li></rdf:Bag></dc:subject>
      </rdf:Description></rdf:RDF></x:xmpmeta>`);
    expect(properties).toEqual({
      "xmpDM:scene": "7",
      "xmpDM:videoFrameSize": { "stDim:w": "1920", "stDim:h": "1080" },
      "xmpDM:duration": { "xmpDM:value": "100", "xmpDM:scale": "1/25" },
      "dc:title": "Fox",
      "dc:subject": ["a", "b"],
    });
  });
});
