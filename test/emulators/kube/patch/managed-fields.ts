// metadata.managedFields as a list of managers, each with its field set, plus recordUpdateManager: the
// bookkeeping a real API server does for create/update/patch (operation "Update").
import type { KubeObject, ManagedFieldsEntry, ResourceType } from "../types.ts";
import {
  allTrackedContent,
  decodePath,
  type FieldSet,
  fieldSetOf,
  fromFieldsV1,
  toFieldsV1,
  trackedContent,
  valueAt,
} from "./field-set.ts";
import { cloneJson, jsonEqual } from "./json-values.ts";

export interface Manager {
  entry: ManagedFieldsEntry;
  fields: FieldSet;
}

/**
 * Objects a real server has never tracked (here: seeded straight into the store) get their fields
 * attributed to this manager on the first tracked write, as kube-apiserver does before a first apply.
 */
export const BEFORE_FIRST_APPLY = "before-first-apply";

export function sameManager(
  a: Pick<ManagedFieldsEntry, "manager" | "operation" | "subresource">,
  b: Pick<ManagedFieldsEntry, "manager" | "operation" | "subresource">,
): boolean {
  return (
    a.manager === b.manager && a.operation === b.operation && (a.subresource ?? "") === (b.subresource ?? "")
  );
}

export function readManagers(live: KubeObject | undefined, resource: ResourceType): Manager[] {
  if (!live) return [];
  const entries = live.metadata.managedFields ?? [];
  if (entries.length > 0) {
    return entries.map((entry) => ({ entry: cloneJson(entry), fields: fromFieldsV1(entry.fieldsV1) }));
  }
  const fields = fieldSetOf(trackedContent(live, resource), resource);
  if (fields.size === 0) return [];
  const entry: ManagedFieldsEntry = {
    manager: BEFORE_FIRST_APPLY,
    operation: "Update",
    apiVersion: live.apiVersion,
    fieldsType: "FieldsV1",
    fieldsV1: {},
  };
  if (typeof live.metadata.creationTimestamp === "string") entry.time = live.metadata.creationTimestamp;
  return [{ entry, fields }];
}

/** Writes the managers back (dropping those that own nothing), in their original order. */
export function writeManagers(object: KubeObject, managers: Manager[]): KubeObject {
  const entries = managers
    .filter((manager) => manager.fields.size > 0)
    .map((manager) => ({
      ...manager.entry,
      fieldsType: "FieldsV1" as const,
      fieldsV1: toFieldsV1(manager.fields),
    }));
  const result = cloneJson(object);
  if (entries.length > 0) result.metadata.managedFields = entries;
  else delete result.metadata.managedFields;
  return result;
}

export function intersect(fields: FieldSet, keep: FieldSet): FieldSet {
  return new Set([...fields].filter((path) => keep.has(path)));
}

export function setsEqual(a: FieldSet, b: FieldSet): boolean {
  return a.size === b.size && [...a].every((path) => b.has(path));
}

/** The resource an object belongs to when the caller did not say (status assumed to be a subresource). */
export function inferResource(object: KubeObject): ResourceType {
  const [group, version] = object.apiVersion.includes("/")
    ? object.apiVersion.split("/")
    : ["", object.apiVersion];
  return {
    group: group ?? "",
    version: version ?? "",
    kind: object.kind,
    listKind: `${object.kind}List`,
    plural: "",
    singular: "",
    namespaced: true,
    subresources: ["status"],
  };
}

export interface RecordUpdateManagerParams {
  before: KubeObject | undefined;
  after: KubeObject;
  manager: string;
  now: string;
  subresource?: string;
  /** Needed for list merge keys and the status subresource; inferred from apiVersion/kind if absent. */
  resource?: ResourceType;
}

/**
 * Gives `manager` (operation "Update") every field the write added or changed and takes those fields away
 * from the other managers; fields that no longer exist are owned by no one. A write that changes nothing
 * leaves managedFields (and its timestamps) as they were.
 */
export function recordUpdateManager(p: RecordUpdateManagerParams): KubeObject {
  const resource = p.resource ?? inferResource(p.after);
  const beforeContent = p.before ? trackedContent(p.before, resource, p.subresource) : {};
  const afterContent = trackedContent(p.after, resource, p.subresource);
  const beforeFields = fieldSetOf(beforeContent, resource);
  const afterFields = fieldSetOf(afterContent, resource);
  // Ownership covers the whole object, not only the part this subresource may change.
  const allFields = fieldSetOf(allTrackedContent(p.after, resource), resource);

  const changed = new Set(
    [...afterFields].filter((path) => {
      if (!beforeFields.has(path)) return true;
      const segments = decodePath(path);
      return !jsonEqual(valueAt(beforeContent, segments), valueAt(afterContent, segments));
    }),
  );

  const managers = readManagers(p.before, resource);
  const identity = { manager: p.manager, operation: "Update" as const, subresource: p.subresource };
  let mine = managers.find((candidate) => sameManager(candidate.entry, identity));
  for (const other of managers) {
    if (other === mine) continue;
    other.fields = intersect(new Set([...other.fields].filter((path) => !changed.has(path))), allFields);
  }
  if (!mine && changed.size > 0) {
    mine = {
      entry: {
        manager: p.manager,
        operation: "Update",
        apiVersion: p.after.apiVersion,
        fieldsType: "FieldsV1",
        fieldsV1: {},
      },
      fields: new Set(),
    };
    if (p.subresource) mine.entry.subresource = p.subresource;
    managers.push(mine);
  }
  if (mine) {
    const fields = intersect(new Set([...mine.fields, ...changed]), allFields);
    if (!setsEqual(fields, mine.fields) || changed.size > 0) mine.entry.time = p.now;
    mine.entry.apiVersion = p.after.apiVersion;
    mine.fields = fields;
  }
  return writeManagers(p.after, managers);
}
