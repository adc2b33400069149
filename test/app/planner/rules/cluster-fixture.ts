// A Kubernetes emulator with the tool callers the planner and the preview use (in process, the
// same invoke pipeline as MCP), plus a writer for setting the cluster up the way a test needs.
import { inProcessToolCaller, type ToolCaller } from "../../../../app/tool-caller.ts";
import {
  createKubeClients,
  createToolRegistry,
  invokeTool,
  isMutating,
  Policy,
  type PolicySettings,
} from "../../../../tools/index.ts";
import { type KubeEmulator, startKubeEmulator } from "../../../emulators/kube/index.ts";
import type { KubeObject } from "../../../emulators/kube/types.ts";

export interface ClusterFixture {
  emulator: KubeEmulator;
  /** Read-only, as the planner gets it. */
  planning: ToolCaller;
  /** Dry runs only, as the preview gets it. */
  preview: ToolCaller;
  /** A read-only caller under a narrower policy, as a repository's config would give. */
  planningUnder(settings: Partial<PolicySettings>): ToolCaller;
  isMutatingTool(name: string): boolean;
  /** Runs a tool for real (test setup only) and fails the test if it errors. */
  run(tool: string, args: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function startClusterFixture(seed: KubeObject[]): Promise<ClusterFixture> {
  const emulator = await startKubeEmulator({ readyDelayMs: 10, seed });
  const registry = createToolRegistry();
  const context = {
    kube: createKubeClients(emulator.kubeConfig()),
    policy: new Policy({ allowWrite: true }),
  };
  return {
    emulator,
    planning: inProcessToolCaller({ registry, context, mutating: "none" }),
    preview: inProcessToolCaller({ registry, context, mutating: "dry-run" }),
    planningUnder(settings) {
      const policy = new Policy({ ...context.policy.settings, ...settings });
      return inProcessToolCaller({ registry, context: { ...context, policy }, mutating: "none" });
    },
    isMutatingTool(name) {
      const tool = registry.get(name);
      return tool === undefined || isMutating(tool);
    },
    async run(name, args) {
      const tool = registry.get(name);
      if (!tool) throw new Error(`no tool ${name}`);
      const result = await invokeTool(tool, args, context);
      if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
      await emulator.idle();
    },
    close: () => emulator.close(),
  };
}

interface WorkloadOptions {
  replicas?: number;
  containers?: Array<{ name: string; image: string }>;
  initContainers?: Array<{ name: string; image: string }>;
  paused?: boolean;
}

export function workload(
  kind: string,
  name: string,
  namespace: string,
  options: WorkloadOptions = {},
): KubeObject {
  const containers = options.containers ?? [{ name: "app", image: "nginx:1.25" }];
  const spec: Record<string, unknown> = {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers, ...(options.initContainers ? { initContainers: options.initContainers } : {}) },
    },
  };
  if (kind !== "DaemonSet") spec.replicas = options.replicas ?? 3;
  if (kind === "StatefulSet") spec.serviceName = name;
  if (options.paused) spec.paused = true;
  return { apiVersion: "apps/v1", kind, metadata: { name, namespace }, spec };
}

/** The stored object's spec, read straight from the emulator. */
export function storedSpec(
  emulator: KubeEmulator,
  kind: string,
  namespace: string,
  name: string,
): Record<string, unknown> {
  const type = emulator.store.registry.byKind("apps/v1", kind);
  if (!type) throw new Error(`no apps/v1 ${kind}`);
  const object = emulator.store.get(type, namespace, name);
  if (!object) throw new Error(`${kind} ${namespace}/${name} is not stored`);
  return object.spec as Record<string, unknown>;
}
