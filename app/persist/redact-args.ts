// Step arguments as the run record keeps them: exactly what ran, except Secret values. The tools'
// redactSecrets masks Secret objects; step args can also carry Secrets as YAML text (k8s_apply's
// manifests) or as a patch of a Secret (k8s_patch), which it cannot see, and Helm values by key.
import { parseAllDocuments, stringify } from "yaml";
import { maskSensitiveValues } from "../../tools/helm/sensitive-values.ts";
import { redactSecrets } from "../../tools/shared/redact.ts";
import type { JsonObject, JsonValue } from "../plan/index.ts";

const SECRET_KIND = /^secrets?$/i;
const MASK = "<redacted>";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** YAML manifests with any Secret document re-written with its values masked; other text kept as is. */
function redactManifestText(text: string): string {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.some((d) => d.errors.length > 0)) {
    // Unreadable YAML: keep it only if it cannot hold a Secret.
    return /\bSecret\b/.test(text)
      ? `${MASK} (manifests that could not be read and may hold a Secret)`
      : text;
  }
  const values: unknown[] = documents.map((d) => d.toJS());
  const masked = redactSecrets(values);
  if (JSON.stringify(masked) === JSON.stringify(values)) return text;
  return masked.map((value) => stringify(value)).join("---\n");
}

/** A patch of a Secret: data/stringData values in an object patch, values of JSON patch operations on them. */
function redactSecretPatch(patch: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(patch)) {
    return patch.map((operation) => {
      if (!isRecord(operation) || !("value" in operation)) return operation;
      const path = typeof operation.path === "string" ? operation.path : "";
      const touchesValues = path === "" || path === "/" || /^\/(data|stringData)(\/|$)/.test(path);
      return touchesValues ? { ...operation, value: MASK } : operation;
    }) as JsonValue;
  }
  if (!isRecord(patch)) return patch;
  const { kind: _kind, ...masked } = redactSecrets({ ...patch, kind: "Secret" });
  return masked as JsonValue;
}

/** The args of one step with every Secret value masked. */
export function redactStepArgs(tool: string, args: JsonObject): JsonObject {
  const copy = redactSecrets(args);
  if (typeof copy.manifests === "string") copy.manifests = redactManifestText(copy.manifests);
  if (tool === "k8s_patch" && typeof copy.kind === "string" && SECRET_KIND.test(copy.kind)) {
    const patch = redactSecretPatch(copy.patch);
    if (patch !== undefined) copy.patch = patch;
  }
  // Helm values and --set pairs: masked by key, as the Helm tools mask them in their output.
  if (tool.startsWith("helm_")) {
    if (copy.values !== undefined) copy.values = maskSensitiveValues(copy.values);
    if (copy.set !== undefined) copy.set = maskSensitiveValues(copy.set);
  }
  return copy;
}
