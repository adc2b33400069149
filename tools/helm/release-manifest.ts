// A release manifest (the YAML helm renders and stores) as objects the way they land in the
// cluster: namespaced kinds get the release namespace when the chart leaves it out, and Secret
// stringData is folded into data (as the API server does), so a changed value is noticed and masked.
import { parseAllDocuments } from "yaml";
import type { KubeClients } from "../kubernetes/client.ts";
import { resolveKind } from "../kubernetes/kinds.ts";
import type { KubeObject } from "../kubernetes/object-rest.ts";
import { ToolError } from "../shared/tool-error.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The objects of a manifest, in order, exactly as written (no namespace filled in). */
export function parseManifest(manifest: string): KubeObject[] {
  const documents = parseAllDocuments(manifest);
  if (!Array.isArray(documents)) return [];
  const objects: KubeObject[] = [];
  for (const [index, document] of documents.entries()) {
    if (document.errors.length > 0) {
      throw new ToolError(
        `Document ${index + 1} of the release manifest does not parse: ${document.errors[0]?.message.split("\n")[0]}`,
      );
    }
    const value = document.toJS({ maxAliasCount: 100 }) as unknown;
    if (isRecord(value) && typeof value.kind === "string") objects.push(value as KubeObject);
  }
  return objects;
}

function foldStringData(object: KubeObject): KubeObject {
  if (object.kind !== "Secret" || !isRecord(object.stringData)) return object;
  const data: Record<string, unknown> = isRecord(object.data) ? { ...object.data } : {};
  for (const [key, value] of Object.entries(object.stringData)) {
    data[key] = Buffer.from(String(value)).toString("base64");
  }
  const { stringData: _folded, ...rest } = object;
  return { ...rest, data };
}

/**
 * The manifest's objects as placed in the cluster. Whether a kind is namespaced comes from
 * discovery; a kind the cluster does not serve (a CRD the chart installs) is taken as namespaced.
 */
export async function releaseObjects(
  kube: KubeClients,
  manifest: string,
  namespace: string,
  signal: AbortSignal,
): Promise<KubeObject[]> {
  const scopes = new Map<string, boolean>();
  const objects: KubeObject[] = [];
  for (const object of parseManifest(manifest)) {
    const kind = String(object.kind);
    const apiVersion = typeof object.apiVersion === "string" ? object.apiVersion : undefined;
    const scopeKey = `${apiVersion}/${kind}`;
    let namespaced = scopes.get(scopeKey);
    if (namespaced === undefined) {
      try {
        namespaced = (await resolveKind(kube, kind, apiVersion, signal)).namespaced;
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        namespaced = true;
      }
      scopes.set(scopeKey, namespaced);
    }
    const metadata = { ...(object.metadata ?? {}) };
    if (namespaced && metadata.namespace === undefined) metadata.namespace = namespace;
    if (!namespaced) delete metadata.namespace;
    objects.push(foldStringData({ ...object, metadata }));
  }
  return objects;
}
