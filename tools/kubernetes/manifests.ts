// Manifests as k8s_apply and k8s_diff take them: YAML text (one or more documents) or an array of
// objects. Parsed and checked before anything is sent, so each problem names its document.
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import type { ToolTarget } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { apiVersionName, kindName, namespaceName, objectName } from "../shared/validation.ts";
import { isNamespaceKind } from "./kinds.ts";
import type { KubeObject } from "./object-rest.ts";

export const maxManifestBytes = 1024 * 1024;
export const maxManifestDocuments = 50;

// Size and count are checked by parseManifests, not here: a failing branch of a union only
// reports "Invalid input", and the caller deserves to hear which limit was hit.
export const manifestsInput = z
  .union([z.string(), z.array(z.record(z.string(), z.unknown()))])
  .describe(
    `YAML text with one or more documents separated by '---', or an array of objects. At most ${maxManifestDocuments} objects and 1 MiB; each needs apiVersion, kind and metadata.name. A kind: List is expanded into its items.`,
  );

export interface Manifest {
  /** 1-based position among the objects, for messages. */
  position: number;
  apiVersion: string;
  kind: string;
  name: string;
  /** metadata.namespace as written, if any. */
  namespace: string | undefined;
  object: KubeObject;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sizeOf(input: string | Record<string, unknown>[]): number {
  return Buffer.byteLength(typeof input === "string" ? input : JSON.stringify(input));
}

function fromYaml(text: string): unknown[] {
  const documents = parseAllDocuments(text);
  // parseAllDocuments returns an EmptyStream (no documents) for blank input.
  if (!Array.isArray(documents)) return [];
  const values: unknown[] = [];
  for (const [index, document] of documents.entries()) {
    const problem = document.errors[0];
    if (problem) {
      const where = problem.linePos?.[0] ? ` at line ${problem.linePos[0].line}` : "";
      throw new ToolError(
        `YAML document ${index + 1} does not parse${where}: ${problem.message.split("\n")[0]}`,
        "Fix the YAML (indentation, quoting) and retry.",
      );
    }
    const value = document.toJS({ maxAliasCount: 100 });
    // Empty documents (a trailing '---', comments only) are skipped, as kubectl does.
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

function check(schema: z.ZodType, value: unknown, what: string, position: number): string {
  const result = schema.safeParse(value);
  if (!result.success) {
    const shown = typeof value === "string" ? `"${value.slice(0, 80)}"` : String(value);
    throw new ToolError(
      `Manifest object ${position}: ${what} ${value === undefined ? "is missing" : `${shown} is not valid (${result.error.issues[0]?.message})`}.`,
      "Every object needs apiVersion, kind and metadata.name.",
    );
  }
  return result.data as string;
}

function toManifest(value: unknown, position: number): Manifest {
  if (!isRecord(value)) {
    throw new ToolError(
      `Manifest object ${position} is not a mapping (got ${Array.isArray(value) ? "a list" : typeof value}).`,
    );
  }
  const apiVersion = check(apiVersionName, value.apiVersion, "apiVersion", position);
  const kind = check(kindName, value.kind, "kind", position);
  const metadata = value.metadata;
  if (!isRecord(metadata)) {
    throw new ToolError(
      `Manifest object ${position} (${kind}) has no metadata.`,
      "Add metadata.name (and metadata.namespace for namespaced kinds).",
    );
  }
  if (metadata.name === undefined && metadata.generateName !== undefined) {
    throw new ToolError(
      `Manifest object ${position} (${kind}) uses metadata.generateName; apply needs a fixed metadata.name.`,
    );
  }
  const name = check(objectName, metadata.name, `${kind} metadata.name`, position);
  const namespace =
    metadata.namespace === undefined
      ? undefined
      : check(namespaceName, metadata.namespace, `${kind} "${name}" metadata.namespace`, position);
  return { position, apiVersion, kind, name, namespace, object: value as KubeObject };
}

/** Parses and checks manifests; throws a ToolError naming the document for any problem. */
export function parseManifests(input: string | Record<string, unknown>[]): Manifest[] {
  const bytes = sizeOf(input);
  if (bytes > maxManifestBytes) {
    throw new ToolError(
      `The manifests are ${bytes} bytes; the limit is ${maxManifestBytes} bytes (1 MiB).`,
      "Split them into several calls.",
    );
  }
  const values = typeof input === "string" ? fromYaml(input) : input;
  // A `kind: List` (what `kubectl get -o yaml` prints for several objects) stands for its items.
  const objects = values.flatMap((value) =>
    isRecord(value) && value.kind === "List" && Array.isArray(value.items) ? value.items : [value],
  );
  if (objects.length === 0)
    throw new ToolError("The manifests contain no objects.", "Pass at least one object.");
  if (objects.length > maxManifestDocuments) {
    throw new ToolError(
      `The manifests contain ${objects.length} objects; at most ${maxManifestDocuments} are allowed per call.`,
      "Split them into several calls.",
    );
  }
  return objects.map((value, index) => toManifest(value, index + 1));
}

/** The namespace an object goes to: its own, else the `namespace` argument; both must agree. */
export function manifestNamespace(manifest: Manifest, namespaceArg: string | undefined): string | undefined {
  if (manifest.namespace && namespaceArg && manifest.namespace !== namespaceArg) {
    throw new ToolError(
      `Manifest object ${manifest.position} (${manifest.kind} "${manifest.name}") is in namespace "${manifest.namespace}" but the namespace argument is "${namespaceArg}".`,
      "Remove one of them or make them the same.",
    );
  }
  return manifest.namespace ?? namespaceArg;
}

/**
 * Policy targets: every object's namespace (none: cluster scope) and, for Namespace objects, the
 * namespace they are. Unparseable manifests give no targets: the handler then fails on the same
 * problem before sending anything.
 */
export function manifestTargets(
  input: string | Record<string, unknown>[],
  namespaceArg: string | undefined,
): ToolTarget[] {
  let manifests: Manifest[];
  try {
    manifests = parseManifests(input);
  } catch {
    return [];
  }
  const targets: ToolTarget[] = [];
  for (const manifest of manifests) {
    // On a namespace conflict both are checked; the handler refuses the call anyway.
    targets.push({ namespace: manifest.namespace ?? namespaceArg });
    if (namespaceArg && manifest.namespace && manifest.namespace !== namespaceArg)
      targets.push({ namespace: namespaceArg });
    if (isNamespaceKind(manifest.kind, manifest.apiVersion)) targets.push({ namespace: manifest.name });
  }
  return targets;
}
