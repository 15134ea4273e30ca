import { HostError } from "../../src/core/errors";
import {
  PROJECT_METADATA_NAMESPACE,
  readProjectProperties,
  writeProjectProperties,
} from "../../src/host/projectMetadataPacket";

// The shape of the packet in Adobe's metadata sample (one line, elements, xpacket wrapper).
const ADOBE_SAMPLE =
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 9.0-c001 152.deb9585, 2024/02/06-08:36:10 "><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:premierePrivateProjectMetaData="http://ns.adobe.com/premierePrivateProjectMetaData/1.0/"><premierePrivateProjectMetaData:Column.Intrinsic.Name>Name changed</premierePrivateProjectMetaData:Column.Intrinsic.Name><premierePrivateProjectMetaData:Column.PropertyBool.Hide>True</premierePrivateProjectMetaData:Column.PropertyBool.Hide></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';

// The compact serialization: simple properties as attributes, under another prefix.
const COMPACT = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pp="${PROJECT_METADATA_NAMESPACE}" pp:ShotbinSeed="42" pp:Column.Intrinsic.Name="a &amp; b"/>
</rdf:RDF></x:xmpmeta>`;

describe("readProjectProperties", () => {
  it("reads element properties from Adobe's sample packet", () => {
    expect(readProjectProperties(ADOBE_SAMPLE, ["Column.Intrinsic.Name", "Column.PropertyBool.Hide", "Missing"])).toEqual({
      "Column.Intrinsic.Name": "Name changed",
      "Column.PropertyBool.Hide": "True",
      Missing: undefined,
    });
  });

  it("reads attribute properties under any prefix, unescaping entities", () => {
    expect(readProjectProperties(COMPACT, ["ShotbinSeed", "Column.Intrinsic.Name"])).toEqual({
      ShotbinSeed: "42",
      "Column.Intrinsic.Name": "a & b",
    });
  });

  it("ignores the same property name in another namespace", () => {
    const packet = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:other="http://example.com/" xmlns:p="${PROJECT_METADATA_NAMESPACE}"><other:ShotbinTake>9</other:ShotbinTake><p:ShotbinTake>2</p:ShotbinTake></rdf:Description></rdf:RDF>`;
    expect(readProjectProperties(packet, ["ShotbinTake"])).toEqual({ ShotbinTake: "2" });
  });

  it("reads CDATA and the first item of a language alternative", () => {
    const packet = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:p="${PROJECT_METADATA_NAMESPACE}"><p:A><![CDATA[x < y]]></p:A><p:B><rdf:Alt><rdf:li xml:lang="x-default">hello</rdf:li><rdf:li xml:lang="fr">bonjour</rdf:li></rdf:Alt></p:B><p:C/></rdf:Description></rdf:RDF>`;
    expect(readProjectProperties(packet, ["A", "B", "C"])).toEqual({ A: "x < y", B: "hello", C: "" });
  });

  it("finds nothing in a packet without the namespace", () => {
    expect(readProjectProperties("", ["A"])).toEqual({ A: undefined });
  });

  it("rejects a broken packet with a metadata HostError", () => {
    expect(() => readProjectProperties('<rdf:RDF a="1', ["A"])).toThrow(HostError);
  });
});

describe("writeProjectProperties", () => {
  it("adds properties to the namespace's description and keeps the rest of the packet", () => {
    const out = writeProjectProperties(ADOBE_SAMPLE, { ShotbinPrompt: 'A "red" fox <at> dawn & dusk', ShotbinTake: "3" });
    expect(readProjectProperties(out, ["ShotbinPrompt", "ShotbinTake", "Column.Intrinsic.Name", "Column.PropertyBool.Hide"])).toEqual({
      ShotbinPrompt: 'A "red" fox <at> dawn & dusk',
      ShotbinTake: "3",
      "Column.Intrinsic.Name": "Name changed",
      "Column.PropertyBool.Hide": "True",
    });
    expect(out.startsWith('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>')).toBe(true);
    expect(out.endsWith('<?xpacket end="w"?>')).toBe(true);
  });

  it("replaces an existing value, in element or attribute form, without duplicating it", () => {
    const once = writeProjectProperties(ADOBE_SAMPLE, { ShotbinTake: "1" });
    const twice = writeProjectProperties(once, { ShotbinTake: "2" });
    expect(twice.match(/ShotbinTake>/g)).toHaveLength(2); // one open and one close tag
    expect(readProjectProperties(twice, ["ShotbinTake"]).ShotbinTake).toBe("2");

    const compact = writeProjectProperties(COMPACT, { ShotbinSeed: "7" });
    expect(compact).not.toContain('pp:ShotbinSeed="42"');
    expect(readProjectProperties(compact, ["ShotbinSeed", "Column.Intrinsic.Name"])).toEqual({
      ShotbinSeed: "7",
      "Column.Intrinsic.Name": "a & b",
    });
  });

  it("opens a self-closing description to add elements", () => {
    const out = writeProjectProperties(COMPACT, { ShotbinJob: "job-1" });
    expect(out).toContain("<pp:ShotbinJob>job-1</pp:ShotbinJob></rdf:Description>");
  });

  it("adds a description when the namespace is absent, and builds a packet from nothing", () => {
    const withoutNamespace = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:Rating>3</xmp:Rating></rdf:Description></rdf:RDF></x:xmpmeta>`;
    const out = writeProjectProperties(withoutNamespace, { ShotbinModel: "kling-2.6" });
    expect(readProjectProperties(out, ["ShotbinModel"]).ShotbinModel).toBe("kling-2.6");
    expect(out).toContain("<xmp:Rating>3</xmp:Rating>");

    expect(readProjectProperties(writeProjectProperties("", { ShotbinModel: "veo" }), ["ShotbinModel"]).ShotbinModel).toBe("veo");
  });

  it("keeps newlines and carriage returns in a prompt", () => {
    const prompt = "line one\r\nline two";
    const out = writeProjectProperties(ADOBE_SAMPLE, { ShotbinPrompt: prompt });
    expect(readProjectProperties(out, ["ShotbinPrompt"]).ShotbinPrompt).toBe(prompt);
  });

  it("refuses a property name that is not an XML name", () => {
    expect(() => writeProjectProperties(ADOBE_SAMPLE, { "AI Prompt": "x" })).toThrow(/not a valid metadata property name/);
  });
});
