// Server-side apply (PATCH with application/apply-patch+yaml): the applied configuration is merged into
// the live object, the applier owns exactly the fields it applied, fields it stops applying are removed
// unless another manager owns them, and setting a field another manager owns to a different value is a
// conflict unless forced (then ownership moves). Same value = shared ownership.
import { ApiError, badRequest, conflict } from "../errors.ts";
import { apiVersionOf, type KubeObject, type ResourceType } from "../types.ts";
import {
  allTrackedContent,
  decodePath,
  encodePath,
  type FieldPath,
  fieldSetOf,
  formatPath,
  isPrefix,
  removeAt,
  trackedContent,
  valueAt,
} from "./field-set.ts";
import { cloneJson, describeValue, isJsonObject, type JsonObject, jsonEqual } from "./json-values.ts";
import { isAtomicStruct, listMergeKey } from "./list-schema.ts";
import { intersect, type Manager, readManagers, sameManager, writeManagers } from "./managed-fields.ts";

export interface ServerSideApplyParams {
  live: KubeObject | undefined;
  applied: KubeObject;
  resource: ResourceType;
  manager: string;
  force: boolean;
  now: string;
  subresource?: string;
}

interface FieldConflict {
  manager: Manager;
  path: FieldPath;
}

export function serverSideApply(p: ServerSideApplyParams): KubeObject {
  const applied = validateApplied(p);
  const apiVersion = apiVersionOf(p.resource);
  const result: KubeObject = p.live
    ? cloneJson(p.live)
    : { apiVersion, kind: p.resource.kind, metadata: { name: applied.metadata.name } };
  if (!p.live && applied.metadata.namespace !== undefined)
    result.metadata.namespace = applied.metadata.namespace;
  checkPreconditions(p.live, applied, p.resource);

  const appliedContent = trackedContent(applied, p.resource, p.subresource);
  const appliedFields = fieldSetOf(appliedContent, p.resource);
  const liveContent = p.live ? allTrackedContent(p.live, p.resource) : {};
  const managers = readManagers(p.live, p.resource);
  const identity = { manager: p.manager, operation: "Apply" as const, subresource: p.subresource };
  const mine = managers.find((candidate) => sameManager(candidate.entry, identity));
  const others = managers.filter((candidate) => candidate !== mine);

  const conflicts: FieldConflict[] = [];
  for (const other of others) {
    for (const key of appliedFields) {
      if (!other.fields.has(key)) continue;
      const path = decodePath(key);
      if (path.at(-1)?.startsWith("k:")) continue; // owning a list item together is never a conflict
      if (!jsonEqual(valueAt(liveContent, path), valueAt(appliedContent, path)))
        conflicts.push({ manager: other, path });
    }
  }
  if (conflicts.length > 0 && !p.force) throw applyConflict(conflicts);
  for (const { manager, path } of conflicts) manager.fields.delete(encodePath(path));

  // Fields this manager applied before but not now go away, unless someone else still owns them (or
  // something inside them). A kept list item keeps its key fields: they are what identifies it.
  const dropped = [...(mine?.fields ?? [])].filter((key) => !appliedFields.has(key)).map(decodePath);
  for (const path of dropped) {
    if (isKeyFieldOfItem(path)) continue;
    const stillOwned = others.some((other) =>
      [...other.fields].some((key) => isPrefix(path, decodePath(key))),
    );
    if (!stillOwned) removeAt(result, path);
  }

  mergeApplied(result, appliedContent, [], p.resource);

  const present = fieldSetOf(allTrackedContent(result, p.resource), p.resource);
  for (const other of others) other.fields = intersect(other.fields, present);
  const entry = {
    manager: p.manager,
    operation: "Apply" as const,
    apiVersion,
    time: p.now,
    fieldsType: "FieldsV1" as const,
    fieldsV1: {},
  };
  const own: Manager = {
    entry: p.subresource ? { ...entry, subresource: p.subresource } : entry,
    fields: appliedFields,
  };
  const updated = mine
    ? managers.map((candidate) => (candidate === mine ? own : candidate))
    : [...managers, own];
  return writeManagers(result, updated);
}

function validateApplied(p: ServerSideApplyParams): KubeObject {
  const applied: unknown = p.applied;
  if (!isJsonObject(applied)) {
    throw badRequest(
      `apply patch must be an object (a full manifest with apiVersion, kind and metadata), got ${describeValue(applied)}`,
    );
  }
  if (
    typeof applied.apiVersion !== "string" ||
    applied.apiVersion === "" ||
    typeof applied.kind !== "string" ||
    applied.kind === ""
  ) {
    throw badRequest(
      `apply patch must set apiVersion and kind (got apiVersion ${describeValue(applied.apiVersion)}, kind ${describeValue(applied.kind)}); ` +
        `expected apiVersion "${apiVersionOf(p.resource)}" and kind "${p.resource.kind}"`,
    );
  }
  if (applied.apiVersion !== apiVersionOf(p.resource) || applied.kind !== p.resource.kind) {
    throw badRequest(
      `apply patch is for ${applied.apiVersion} ${applied.kind} but this endpoint serves ${apiVersionOf(p.resource)} ${p.resource.kind}`,
    );
  }
  if (applied.metadata !== undefined && !isJsonObject(applied.metadata)) {
    throw badRequest(`apply patch metadata must be an object, got ${describeValue(applied.metadata)}`);
  }
  if (p.manager.trim() === "") {
    throw badRequest(
      "apply requires a field manager: set the fieldManager query parameter (kubectl: --field-manager)",
    );
  }
  const cleaned = withoutNulls(applied) as KubeObject;
  cleaned.metadata ??= {};
  cleaned.metadata.name ??= p.live?.metadata.name;
  if (typeof cleaned.metadata.name !== "string" || cleaned.metadata.name === "") {
    throw badRequest("apply patch must set metadata.name");
  }
  return cleaned;
}

function checkPreconditions(live: KubeObject | undefined, applied: KubeObject, resource: ResourceType): void {
  const name = applied.metadata.name ?? "";
  const groupResource = resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
  if (applied.metadata.uid !== undefined && applied.metadata.uid !== live?.metadata.uid) {
    throw conflict(
      groupResource,
      name,
      `Precondition failed: UID in precondition: ${applied.metadata.uid}, UID in object meta: ${live?.metadata.uid ?? ""}`,
    );
  }
}

/** Merges the applied content into `target` (mutated): maps field by field, keyed lists item by item. */
function mergeApplied(
  target: JsonObject,
  applied: JsonObject,
  names: string[],
  resource: ResourceType,
): void {
  for (const [field, value] of Object.entries(applied)) {
    const fieldNames = [...names, field];
    const current = target[field];
    if (isJsonObject(value) && isJsonObject(current) && !isAtomicStruct(resource, fieldNames)) {
      mergeApplied(current, value, fieldNames, resource);
      continue;
    }
    const key = Array.isArray(value) ? listMergeKey(resource, fieldNames) : undefined;
    if (Array.isArray(value) && Array.isArray(current) && key !== undefined && isKeyedList(value, key)) {
      for (const item of value as JsonObject[]) {
        const existing = current.find((candidate) => isJsonObject(candidate) && candidate[key] === item[key]);
        if (isJsonObject(existing)) mergeApplied(existing, item, fieldNames, resource);
        else current.push(cloneJson(item));
      }
      continue;
    }
    target[field] = cloneJson(value);
  }
}

function isKeyFieldOfItem(path: FieldPath): boolean {
  const parent = path.at(-2);
  const field = path.at(-1);
  if (!parent?.startsWith("k:") || !field?.startsWith("f:")) return false;
  return field.slice(2) in (JSON.parse(parent.slice(2)) as JsonObject);
}

function isKeyedList(list: unknown[], key: string): boolean {
  return list.every((item) => isJsonObject(item) && item[key] !== undefined && item[key] !== null);
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) result[key] = withoutNulls(child);
  return result;
}

/** The 409 a real server returns: one cause per field, the message grouped by manager. */
function applyConflict(conflicts: FieldConflict[]): ApiError {
  const causes = conflicts.map(({ manager, path }) => ({
    type: "FieldManagerConflict",
    message: `conflict with ${describeManager(manager)}`,
    field: formatPath(path),
  }));
  let message: string;
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    message = `Apply failed with 1 conflict: conflict with ${describeManager(only.manager)}: ${formatPath(only.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const { manager, path } of conflicts) {
      const label = describeManager(manager);
      byManager.set(label, [...(byManager.get(label) ?? []), formatPath(path)]);
    }
    const lines = [...byManager.keys()]
      .sort()
      .flatMap((label) => [
        `conflicts with ${label}:`,
        ...(byManager.get(label) ?? []).map((path) => `- ${path}`),
      ]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return new ApiError(409, "Conflict", message, { causes });
}

/** `"kubectl-scale" with subresource "scale" using apps/v1` — appliers are named without a version. */
function describeManager(manager: Manager): string {
  const { entry } = manager;
  let label = JSON.stringify(entry.manager);
  if (entry.subresource) label += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === "Update") label += ` using ${entry.apiVersion}`;
  return label;
}
