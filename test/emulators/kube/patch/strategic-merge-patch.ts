// Strategic merge patch, the default of `kubectl patch/edit/apply`: a merge patch in which lists listed in
// list-schema.ts are merged item by item on their merge key. Supported directives: `$patch: replace |
// delete | merge` (in maps and as list items), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
// `$setElementOrder/<field>` (items it names come first, in its order; others keep their order after them).
import { ApiError } from "../errors.ts";
import type { ResourceType } from "../types.ts";
import { cloneJson, describeValue, isJsonObject, type JsonObject } from "./json-values.ts";
import { isMergedScalarList, listMergeKey } from "./list-schema.ts";

const DELETE_FIELD = Symbol("delete field");
const SET_ELEMENT_ORDER = "$setElementOrder/";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

export function applyStrategicMergePatch(
  live: JsonObject,
  patch: JsonObject,
  resource: ResourceType,
): JsonObject {
  const merged = mergeMap(live, patch, [], resource);
  return merged === DELETE_FIELD ? {} : merged;
}

function mergeMap(
  live: JsonObject | undefined,
  patch: JsonObject,
  path: string[],
  resource: ResourceType,
): JsonObject | typeof DELETE_FIELD {
  const directive = patch.$patch;
  if (directive === "delete") return DELETE_FIELD;
  if (directive === "replace") return withoutDirectives(patch);
  if (directive !== undefined && directive !== "merge") {
    throw invalidPatch(
      path,
      `unknown $patch directive ${describeValue(directive)} (use merge, replace or delete)`,
    );
  }

  const result = live ? cloneJson(live) : {};
  const orders: Record<string, unknown[]> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch" || key === "$retainKeys") continue;
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      orders[key.slice(SET_ELEMENT_ORDER.length)] = expectList(value, [...path, key]);
      continue;
    }
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      const remove = expectList(value, [...path, key]);
      const current = result[field];
      if (Array.isArray(current)) result[field] = current.filter((item) => !remove.includes(item));
      continue;
    }
    if (key.startsWith("$")) throw invalidPatch([...path, key], "unknown strategic merge patch directive");

    const fieldPath = [...path, key];
    if (value === null) {
      delete result[key];
    } else if (isJsonObject(value)) {
      const current = result[key];
      const merged = mergeMap(isJsonObject(current) ? current : undefined, value, fieldPath, resource);
      if (merged === DELETE_FIELD) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      const current = result[key];
      result[key] = mergeList(Array.isArray(current) ? current : [], value, fieldPath, resource);
    } else {
      result[key] = value;
    }
  }

  for (const [field, order] of Object.entries(orders)) {
    const current = result[field];
    if (Array.isArray(current))
      result[field] = reorder(current, order, listMergeKey(resource, [...path, field]));
  }

  const retainKeys = patch.$retainKeys;
  if (retainKeys !== undefined) {
    const keep = expectList(retainKeys, [...path, "$retainKeys"]);
    for (const key of Object.keys(result)) if (!keep.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(live: unknown[], patch: unknown[], path: string[], resource: ResourceType): unknown[] {
  const replaceIndex = patch.findIndex((item) => isJsonObject(item) && item.$patch === "replace");
  if (replaceIndex >= 0) {
    return patch.filter((_, index) => index !== replaceIndex).map(cleanItem);
  }

  if (isMergedScalarList(resource, path)) {
    const result = [...live];
    for (const item of patch) if (!result.includes(item)) result.push(item);
    return result;
  }

  const key = listMergeKey(resource, path);
  if (key === undefined) return patch.map(cleanItem);

  const result = live.map((item) => cloneJson(item));
  for (const item of patch) {
    if (!isJsonObject(item) || item[key] === undefined || item[key] === null) {
      throw invalidPatch(
        path,
        `list item ${describeValue(item)} does not contain declared merge key: ${key}`,
      );
    }
    const index = result.findIndex((existing) => isJsonObject(existing) && existing[key] === item[key]);
    if (item.$patch === "delete") {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    const existing = index >= 0 ? result[index] : undefined;
    const merged = mergeMap(isJsonObject(existing) ? existing : undefined, item, path, resource);
    if (merged === DELETE_FIELD) {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = merged;
    } else {
      result.push(merged);
    }
  }
  return result;
}

function reorder(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const identity = (item: unknown) => (key !== undefined && isJsonObject(item) ? item[key] : item);
  const wanted = order.map(identity);
  const ranked = list.filter((item) => wanted.includes(identity(item)));
  ranked.sort((a, b) => wanted.indexOf(identity(a)) - wanted.indexOf(identity(b)));
  return [...ranked, ...list.filter((item) => !wanted.includes(identity(item)))];
}

function cleanItem(item: unknown): unknown {
  return isJsonObject(item) ? withoutDirectives(item) : item;
}

function withoutDirectives(map: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(map)) {
    if (key.startsWith("$")) continue;
    result[key] = Array.isArray(value)
      ? value.map(cleanItem)
      : isJsonObject(value)
        ? withoutDirectives(value)
        : value;
  }
  return result;
}

function expectList(value: unknown, path: string[]): unknown[] {
  if (!Array.isArray(value)) throw invalidPatch(path, `expected a list, got ${describeValue(value)}`);
  return value;
}

function invalidPatch(path: string[], why: string): ApiError {
  const field = path.join(".") || "<root>";
  return new ApiError(422, "Invalid", `strategic merge patch: ${field}: ${why}`, {
    causes: [{ type: "FieldValueInvalid", message: why, field }],
  });
}
