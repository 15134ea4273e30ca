/**
 * Project metadata as Premiere keeps it: a schema of custom properties (the Project-panel
 * columns), and per item an XMP packet in Premiere's private namespace. Typed properties hold
 * only values of their type (booleans as "True"/"False"); a write of anything else is ignored,
 * and a typed property cannot be deleted, only reset. Writes apply only the `updatedFields`.
 *
 * The fake parses incoming packets with the same reader the adapter uses; that reader has its
 * own tests against packets shaped like Premiere's.
 */
import type { ProjectItem } from "@adobe/premierepro";
import { PROJECT_METADATA_NAMESPACE, readProjectProperties } from "../projectMetadataPacket";
import { fakeMetadataTypes } from "./fakeConstants";
import { itemIdOf, itemViewKinds } from "./fakeProjectItems";
import type { FakeItemRecord } from "./fakeState";
import type { FakeWorld, MetadataSchemaEntry } from "./fakeWorld";

const NAME = "Column.Intrinsic.Name";
const EMPTY_XMP = [
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>`,
  `<?xpacket end="w"?>`,
].join("\n");
const HIDE = "Column.PropertyBool.Hide";

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function defaultFor(type: number): string {
  if (type === fakeMetadataTypes.METADATA_TYPE_BOOLEAN) return "False";
  if (type === fakeMetadataTypes.METADATA_TYPE_INTEGER || type === fakeMetadataTypes.METADATA_TYPE_REAL) return "0";
  return "";
}

function acceptable(type: number, value: string): boolean {
  if (type === fakeMetadataTypes.METADATA_TYPE_BOOLEAN) return value === "True" || value === "False";
  if (type === fakeMetadataTypes.METADATA_TYPE_INTEGER) return /^-?\d+$/.test(value.trim());
  if (type === fakeMetadataTypes.METADATA_TYPE_REAL) return value.trim() !== "" && Number.isFinite(Number(value));
  return true;
}

export function serializeProjectPacket(item: FakeItemRecord): string {
  const properties: Record<string, string> = { [NAME]: item.name, [HIDE]: "False", ...(item.clip?.properties ?? {}) };
  const body = Object.entries(properties)
    .map(([name, value]) => `<premierePrivateProjectMetaData:${name}>${escape(value)}</premierePrivateProjectMetaData:${name}>`)
    .join("\n    ");
  return [
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Shotbin fake Premiere">`,
    ` <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreatorTool>Shotbin fake</xmp:CreatorTool></rdf:Description>`,
    `  <rdf:Description rdf:about="" xmlns:premierePrivateProjectMetaData="${PROJECT_METADATA_NAMESPACE}">`,
    `    ${body}`,
    `  </rdf:Description>`,
    ` </rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
  ].join("\n");
}

/** The Project-panel columns of an item, as `getProjectColumnsMetadata` reports them. */
export function projectColumns(world: FakeWorld, item: FakeItemRecord): { ColumnName: string; ColumnValue: string; ColumnID: string }[] {
  const properties = item.clip?.properties ?? {};
  return [
    { ColumnName: "Name", ColumnValue: item.name, ColumnID: NAME },
    { ColumnName: "Media File Path", ColumnValue: item.clip?.mediaPath ?? "", ColumnID: "Column.Intrinsic.FilePath" },
    ...Object.entries(world.schema).map(([property, entry]: [string, MetadataSchemaEntry]) => ({
      ColumnName: entry.label,
      ColumnValue: properties[property] ?? defaultFor(entry.type),
      ColumnID: property,
    })),
  ];
}

export function metadataStatic(world: FakeWorld) {
  const illegal = (call: string, what: string) =>
    world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: ${what})`);
  const record = (value: unknown, call: string) => world.item(itemIdOf(world, value, call, [itemViewKinds.projectItem]), call);

  return {
    ...fakeMetadataTypes,

    async getProjectMetadata(projectItem: ProjectItem): Promise<string> {
      return serializeProjectPacket(record(projectItem, "Metadata.getProjectMetadata"));
    },

    /**
     * The clip's XMP as Premiere read it from the media file: the packet the file carries, or an
     * empty packet for files without one and for bins and sequences.
     */
    async getXMPMetadata(projectItem: ProjectItem): Promise<string> {
      const item = record(projectItem, "Metadata.getXMPMetadata");
      const path = item.clip?.sequenceId === undefined ? item.clip?.mediaPath : undefined;
      const file = path ? await world.media.probe(path) : undefined;
      return file?.xmp ?? EMPTY_XMP;
    },

    async getProjectColumnsMetadata(projectItem: ProjectItem): Promise<string> {
      return JSON.stringify(projectColumns(world, record(projectItem, "Metadata.getProjectColumnsMetadata")));
    },

    async addPropertyToProjectMetadataSchema(name: string, label: string, type: number): Promise<boolean> {
      const call = "Metadata.addPropertyToProjectMetadataSchema";
      if (typeof name !== "string" || !/^[A-Za-z_][\w.-]*$/.test(name) || typeof label !== "string") throw illegal(call, "name or label");
      if (!Object.values(fakeMetadataTypes).some((t) => t === type)) throw illegal(call, `type ${type}`);
      if (world.schema[name]) return false;
      world.schema[name] = { label, type };
      return true;
    },

    createSetProjectMetadataAction(projectItem: ProjectItem, metadata: string, updatedFields: string[]) {
      const call = "Metadata.createSetProjectMetadataAction";
      const itemId = itemIdOf(world, projectItem, call, [itemViewKinds.projectItem]);
      if (typeof metadata !== "string") throw illegal(call, "metadata");
      if (!Array.isArray(updatedFields) || updatedFields.some((f) => typeof f !== "string")) throw illegal(call, "updatedFields");
      const fields = [...updatedFields];
      return world.discipline.action(call, () => {
        const item = world.item(itemId, call);
        const values = readProjectProperties(metadata, fields);
        for (const field of fields) {
          const value = values[field];
          if (field === NAME) {
            if (value) item.name = value;
            continue;
          }
          if (!item.clip) continue;
          const type = world.schema[field]?.type ?? fakeMetadataTypes.METADATA_TYPE_TEXT;
          if (value === undefined) {
            if (type === fakeMetadataTypes.METADATA_TYPE_TEXT) delete item.clip.properties[field];
            else item.clip.properties[field] = defaultFor(type);
          } else if (acceptable(type, value)) {
            item.clip.properties[field] = value;
          }
        }
      });
    },
  };
}
