// Field sets as server-side apply tracks them: which leaf fields (and which keyed list items) an object
// sets, in the `fieldsV1` shape of metadata.managedFields ({"f:spec": {"f:replicas": {}}}, list items as
// `k:{"name":"web"}`). Lists without a merge key and atomic structs are a single field.
import type { ResourceType } from "../types.ts";
import { isJsonObject, type JsonObject } from "./json-values.ts";
import { isAtomicStruct, listMergeKey } from "./list-schema.ts";

/** A path of fieldsV1 segments: "f:<field>" or "k:<json of the merge key>". */
export type FieldPath = readonly string[];

/** Paths are stored as their JSON encoding so that the set compares by value. */
export type FieldSet = Set<string>;

export function encodePath(path: FieldPath): string {
  return JSON.stringify(path);
}

export function decodePath(key: string): FieldPath {
  return JSON.parse(key) as string[];
}

/** Fields that are never owned (the server's strip set), and `status` unless this is the status subresource. */
export function trackedContent(object: JsonObject, resource: ResourceType, subresource?: string): JsonObject {
  if (subresource === "status") return object.status === undefined ? {} : { status: object.status };
  const { apiVersion: _apiVersion, kind: _kind, status, metadata, ...rest } = object;
  const content: JsonObject = { ...rest };
  if (status !== undefined && !resource.subresources.includes("status")) content.status = status;
  if (isJsonObject(metadata)) {
    const {
      name: _name,
      namespace: _namespace,
      uid: _uid,
      resourceVersion: _resourceVersion,
      generation: _generation,
      creationTimestamp: _creationTimestamp,
      deletionTimestamp: _deletionTimestamp,
      deletionGracePeriodSeconds: _deletionGracePeriodSeconds,
      selfLink: _selfLink,
      managedFields: _managedFields,
      ...ownable
    } = metadata;
    if (Object.keys(ownable).length > 0) content.metadata = ownable;
  }
  return content;
}

/** What any manager may own: the tracked content of the main resource and of the status subresource. */
export function allTrackedContent(object: JsonObject, resource: ResourceType): JsonObject {
  const content = trackedContent(object, resource);
  if (object.status !== undefined) content.status = object.status;
  return content;
}

/** Every leaf field and keyed list item that `content` sets (null values set nothing). */
export function fieldSetOf(content: JsonObject, resource: ResourceType): FieldSet {
  const set: FieldSet = new Set();
  collect(content, [], [], resource, set);
  return set;
}

function collect(
  value: unknown,
  path: string[],
  names: string[],
  resource: ResourceType,
  set: FieldSet,
): void {
  if (isJsonObject(value) && !(names.length > 0 && isAtomicStruct(resource, names))) {
    const entries = Object.entries(value).filter(([, child]) => child !== null && child !== undefined);
    if (entries.length === 0 && path.length > 0) set.add(encodePath(path));
    for (const [field, child] of entries)
      collect(child, [...path, `f:${field}`], [...names, field], resource, set);
    return;
  }
  const key = Array.isArray(value) ? listMergeKey(resource, names) : undefined;
  if (
    Array.isArray(value) &&
    key !== undefined &&
    value.every((item) => isJsonObject(item) && item[key] != null)
  ) {
    for (const item of value as JsonObject[]) {
      const itemPath = [...path, keySegment(key, item[key])];
      set.add(encodePath(itemPath));
      collect(item, itemPath, names, resource, set);
    }
    return;
  }
  set.add(encodePath(path));
}

export function keySegment(key: string, value: unknown): string {
  return `k:${JSON.stringify({ [key]: value })}`;
}

/** The value at a field path, or undefined when any step is missing. */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let current = root;
  for (const segment of path) {
    current = step(current, segment)?.value;
    if (current === undefined) return undefined;
  }
  return current;
}

/** Removes the field or list item at `path` from `root` (mutates); missing paths are ignored. */
export function removeAt(root: JsonObject, path: FieldPath): void {
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? root : valueAt(root, parentPath);
  const last = path.at(-1);
  if (last === undefined) return;
  const found = step(parent, last);
  if (!found) return;
  if (Array.isArray(found.container)) found.container.splice(found.index as number, 1);
  else delete (found.container as JsonObject)[found.index as string];
}

function step(
  container: unknown,
  segment: string,
): { container: unknown; index: string | number; value: unknown } | undefined {
  if (segment.startsWith("f:")) {
    if (!isJsonObject(container)) return undefined;
    const field = segment.slice(2);
    return field in container ? { container, index: field, value: container[field] } : undefined;
  }
  if (segment.startsWith("k:") && Array.isArray(container)) {
    const wanted = JSON.parse(segment.slice(2)) as JsonObject;
    const index = container.findIndex(
      (item) => isJsonObject(item) && Object.entries(wanted).every(([key, value]) => item[key] === value),
    );
    return index >= 0 ? { container, index, value: container[index] } : undefined;
  }
  return undefined;
}

/** `.spec.template.spec.containers[name="web"].image` — the path notation of conflict messages. */
export function formatPath(path: FieldPath): string {
  return path
    .map((segment) => {
      if (segment.startsWith("f:")) return `.${segment.slice(2)}`;
      const wanted = JSON.parse(segment.slice(2)) as JsonObject;
      const keys = Object.entries(wanted).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
      return `[${keys.join(",")}]`;
    })
    .join("");
}

/** True when `ancestor` is `path` itself or one of its ancestors. */
export function isPrefix(ancestor: FieldPath, path: FieldPath): boolean {
  return ancestor.length <= path.length && ancestor.every((segment, index) => path[index] === segment);
}

export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  const members: JsonObject[] = [];
  for (const key of set) {
    let node = root;
    for (const segment of decodePath(key)) {
      const next = node[segment];
      if (isJsonObject(next)) {
        node = next;
      } else {
        const created: JsonObject = {};
        node[segment] = created;
        node = created;
      }
    }
    members.push(node);
  }
  // A member that also has children is marked with "." (as for list items in real managedFields).
  for (const node of members) if (Object.keys(node).some((segment) => segment !== ".")) node["."] = {};
  return root;
}

export function fromFieldsV1(fields: unknown): FieldSet {
  const set: FieldSet = new Set();
  const walk = (node: unknown, path: string[]) => {
    if (!isJsonObject(node)) return;
    const children = Object.keys(node).filter((segment) => segment !== ".");
    if (path.length > 0 && (children.length === 0 || "." in node)) set.add(encodePath(path));
    for (const segment of children) walk(node[segment], [...path, segment]);
  };
  walk(fields, []);
  return set;
}
