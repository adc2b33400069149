// RFC 7386 JSON merge patch. Hand-written: the algorithm is a dozen lines and the npm packages for it
// either mutate their input or are unmaintained.
import { cloneJson, isJsonObject } from "./json-values.ts";

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result = isJsonObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}
