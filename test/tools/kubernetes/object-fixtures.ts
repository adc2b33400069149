// Objects and helpers the generic object tool tests share: small builders for seeded state, a
// CRD type, reading the emulator's store directly, and polling with a deadline (never sleeping).
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { KubeEmulator } from "../../emulators/kube/index.ts";
import type { KubeObject, ResourceType } from "../../emulators/kube/types.ts";

export const namespace = "shop";

export function namespaceObject(name = namespace): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name } };
}

export function configMap(
  name: string,
  data: Record<string, string> = { color: "blue" },
  ns = namespace,
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: ns, labels: { app: name } },
    data,
  };
}

export function secret(name: string, data: Record<string, string>, ns = namespace): KubeObject {
  const encoded = Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")]),
  );
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace: ns },
    type: "Opaque",
    data: encoded,
  };
}

export function deployment(
  name: string,
  options: {
    replicas?: number;
    image?: string;
    containers?: Array<{ name: string; image: string }>;
    ns?: string;
  } = {},
): KubeObject {
  const containers = options.containers ?? [{ name, image: options.image ?? "nginx:1.27" }];
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: options.ns ?? namespace, labels: { app: name } },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers } },
    },
  };
}

export function pod(
  name: string,
  options: {
    containers?: string[];
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace,
      ...(options.annotations ? { annotations: options.annotations } : {}),
      ...(options.labels ? { labels: options.labels } : {}),
    },
    spec: { containers: (options.containers ?? [name]).map((c) => ({ name: c, image: `example/${c}:1` })) },
  };
}

export function event(
  name: string,
  about: { kind: string; name: string; uid?: string },
  options: { reason: string; message: string; type?: "Normal" | "Warning"; at: string; ns?: string },
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: options.ns ?? namespace },
    involvedObject: {
      kind: about.kind,
      name: about.name,
      namespace: options.ns ?? namespace,
      ...(about.uid ? { uid: about.uid } : {}),
    },
    reason: options.reason,
    message: options.message,
    type: options.type ?? "Normal",
    count: 1,
    firstTimestamp: options.at,
    lastTimestamp: options.at,
    source: { component: "test" },
  };
}

/** A namespaced custom resource type, as a CRD would add it. */
export const widgetType: ResourceType = {
  group: "example.com",
  version: "v1",
  kind: "Widget",
  listKind: "WidgetList",
  plural: "widgets",
  singular: "widget",
  namespaced: true,
  shortNames: ["wdg"],
  subresources: [],
};

export function widget(name: string, spec: Record<string, unknown> = { size: 1 }): KubeObject {
  return { apiVersion: "example.com/v1", kind: "Widget", metadata: { name, namespace }, spec };
}

export function typeOf(emulator: KubeEmulator, apiVersion: string, kind: string): ResourceType {
  const type = emulator.store.registry.byKind(apiVersion, kind);
  if (!type) throw new Error(`the emulator serves no ${apiVersion} ${kind}`);
  return type;
}

/** The stored object, read from the emulator directly (not through the tools). */
export function stored(
  emulator: KubeEmulator,
  apiVersion: string,
  kind: string,
  name: string,
  ns: string | undefined = namespace,
): KubeObject | undefined {
  const type = typeOf(emulator, apiVersion, kind);
  return emulator.store.get(type, type.namespaced ? ns : undefined, name);
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

/** Everything a caller receives: the text and the structured content. */
export function everything(result: CallToolResult): string {
  return `${textOf(result)}\n${JSON.stringify(result.structuredContent ?? {})}`;
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10)); // poll interval, bounded by the deadline
  }
}

export interface ObjectChange {
  key: string;
  changed: boolean;
  diff: string;
}

export interface MutationData {
  dryRun: boolean;
  changed: boolean;
  objects: ObjectChange[];
}

/** The +/- lines of a unified diff, without the file headers. */
export function changedLines(diff: string): string[] {
  return diff.split("\n").filter((line) => /^[-+]/.test(line) && !/^(---|\+\+\+) /.test(line));
}

/** Names that must never reach a URL, each with why. */
export const badNames: Array<[string, string]> = [
  ["a/b", "slash"],
  ["..", "dot-dot"],
  ["../etc", "path traversal"],
  ["Web", "uppercase"],
  ["-web", "leading dash"],
  ["a".repeat(300), "300 characters"],
  ["web?watch=true", "query"],
  ["", "empty"],
];

/** An object as the tools return it (JSON), typed loosely enough for assertions. */
export interface ObjectJson {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; namespace?: string; managedFields?: unknown; [key: string]: unknown };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [key: string]: unknown;
}

/** The value at a dotted path (`spec.template.spec.containers`), or undefined. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
