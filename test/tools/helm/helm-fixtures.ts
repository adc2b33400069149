// Shared by the Helm tool tests: an MCP harness whose tools get the real helm binary and the chart
// fixtures under test/fixtures, the result shapes, and readers of the emulator's state.
import { fileURLToPath } from "node:url";
import type { PolicySettings } from "../../../tools/policy.ts";
import type { KubeEmulator } from "../../emulators/kube/index.ts";
import type { KubeObject, ResourceType } from "../../emulators/kube/types.ts";
import { helmPath } from "../../support/kube-binaries.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";

/** The charts root the tests use: chart references are `charts/<name>` under it. */
export const fixturesRoot = fileURLToPath(new URL("../../fixtures/", import.meta.url));

export interface ChangeData {
  dryRun: boolean;
  changed: boolean;
  objects: Array<{ key: string; changed: boolean; diff: string }>;
  release: string;
  namespace: string;
  revision?: number;
  previousRevision?: number;
  status: string;
  chart?: string;
}

export async function startHelmHarness(
  options: { policy?: Partial<PolicySettings>; reuseEmulator?: KubeEmulator } = {},
): Promise<McpHarness> {
  return startMcpHarness({
    emulator: {
      readyDelayMs: 10,
      seed: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }],
    },
    ...options,
    backends: { helm: { binary: await helmPath(), chartsRoot: fixturesRoot } },
  });
}

function typeOf(emulator: KubeEmulator, apiVersion: string, kind: string): ResourceType {
  const type = emulator.store.registry.byKind(apiVersion, kind);
  if (!type) throw new Error(`the emulator serves no ${apiVersion} ${kind}`);
  return type as ResourceType;
}

export function storedObject(
  emulator: KubeEmulator,
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
): KubeObject | undefined {
  return emulator.store.get(typeOf(emulator, apiVersion, kind), namespace, name) as KubeObject | undefined;
}

/** Names of the release Secrets Helm keeps for `release` in `namespace`. */
export function releaseSecretNames(emulator: KubeEmulator, namespace: string, release: string): string[] {
  return emulator.store
    .list(typeOf(emulator, "v1", "Secret"), { namespace, labelSelector: `owner=helm,name=${release}` })
    .items.map((item) => String((item as KubeObject).metadata?.name))
    .sort();
}

/** The +/- lines of every diff, trimmed, without the file headers. */
export function changedLines(data: ChangeData): string[] {
  return data.objects.flatMap((o) =>
    o.diff
      .split("\n")
      .filter((line) => /^[+-]/.test(line) && !/^(\+\+\+|---) /.test(line))
      .map((line) => `${line[0]}${line.slice(1).trim()}`),
  );
}
