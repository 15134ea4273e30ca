/**
 * Shotbin's Project-panel columns on a clip: register the custom properties once per project,
 * write them through `createSetProjectMetadataAction`, and read them back to confirm, since
 * metadata writes have been reported to "succeed" without sticking.
 */
import type { premierepro, Project, ProjectItem } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import type { ShotColumnValues } from "../premiereHost";
import { readProjectProperties, writeProjectProperties } from "../projectMetadataPacket";
import { SHOT_COLUMNS, type ShotColumn } from "../shotbinColumns";
import { commitInLock } from "./lockedTransaction";
import { premiereCall, premiereCallSync } from "./premiereCall";

function schemaType(ppro: premierepro, column: ShotColumn): number {
  switch (column.type) {
    case "text":
      return ppro.Metadata.METADATA_TYPE_TEXT;
    case "integer":
      return ppro.Metadata.METADATA_TYPE_INTEGER;
    case "real":
      return ppro.Metadata.METADATA_TYPE_REAL;
  }
}

/** Registers the columns at most once per project per session; a failed attempt is retried next time. */
export class ShotColumnRegistry {
  private readonly registered = new Map<string, Promise<void>>();

  constructor(private readonly ppro: premierepro) {}

  ensure(project: Project): Promise<void> {
    const projectId = project.guid.toString();
    let registration = this.registered.get(projectId);
    if (!registration) {
      registration = this.register();
      this.registered.set(projectId, registration);
      registration.catch(() => this.registered.delete(projectId));
    }
    return registration;
  }

  private async register(): Promise<void> {
    for (const column of SHOT_COLUMNS) {
      // False means "already in the schema" (or not added); the read-back after a write is the real check.
      await premiereCall(
        "Metadata.addPropertyToProjectMetadataSchema",
        { kind: "metadata", message: `Premiere could not add the "${column.label}" column` },
        () => this.ppro.Metadata.addPropertyToProjectMetadataSchema(column.property, column.label, schemaType(this.ppro, column)),
      );
    }
  }
}

async function projectPacket(ppro: premierepro, item: ProjectItem): Promise<string> {
  const packet = await premiereCall(
    "Metadata.getProjectMetadata",
    { kind: "metadata", message: `Premiere could not read the columns of "${item.name}"` },
    () => ppro.Metadata.getProjectMetadata(item),
  );
  return typeof packet === "string" ? packet : "";
}

export async function readShotColumns(ppro: premierepro, item: ProjectItem): Promise<ShotColumnValues> {
  const properties = readProjectProperties(
    await projectPacket(ppro, item),
    SHOT_COLUMNS.map((c) => c.property),
  );
  const values: ShotColumnValues = {};
  for (const column of SHOT_COLUMNS) {
    const value = properties[column.property];
    if (value !== undefined) values[column.key] = value;
  }
  return values;
}

function sameValue(column: ShotColumn, wrote: string, read: string | undefined): boolean {
  if (read === undefined) return false;
  if (column.type === "text") return read === wrote;
  // Premiere may reformat numbers ("0.4" as "0.40"); the number must survive.
  return read.trim() !== "" && Number(read) === Number(wrote);
}

/** Writes the given columns in one undo step, then reads all of Shotbin's columns back. */
export async function writeShotColumns(
  ppro: premierepro,
  project: Project,
  item: ProjectItem,
  text: ShotColumnValues,
): Promise<ShotColumnValues> {
  const columns = SHOT_COLUMNS.filter((c) => text[c.key] !== undefined);
  if (columns.length === 0) return readShotColumns(ppro, item);
  const properties: Record<string, string> = {};
  for (const column of columns) properties[column.property] = text[column.key] as string;
  const packet = writeProjectProperties(await projectPacket(ppro, item), properties);

  commitInLock(project, `Shotbin: set columns of "${item.name}"`, () => [
    premiereCallSync(
      "Metadata.createSetProjectMetadataAction",
      { kind: "lock", message: "Premiere refused to prepare the column update" },
      () => ppro.Metadata.createSetProjectMetadataAction(item, packet, Object.keys(properties)),
    ),
  ]);

  const readBack = await readShotColumns(ppro, item);
  const lost = columns.filter((c) => !sameValue(c, text[c.key] as string, readBack[c.key]));
  if (lost.length > 0) {
    const detail = lost.map((c) => `${c.label} (wrote "${text[c.key]}", read "${readBack[c.key] ?? ""}")`).join(", ");
    throw new HostError("metadata", `Premiere did not keep Shotbin's columns on "${item.name}": ${detail}.`, "Metadata.getProjectMetadata");
  }
  return readBack;
}
