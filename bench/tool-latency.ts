// Benchmark: the cost of going through Skyflo's tool server (MCP protocol, validation, policy,
// deadline, redaction, diff) compared with calling @kubernetes/client-node directly against the
// same emulated API server, which runs in its own process. All variants are interleaved.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { demoCluster } from "../scripts/demo-cluster.ts";
import { createToolRegistry } from "../tools/index.ts";
import { Policy } from "../tools/policy.ts";
import { buildServer } from "../tools/server.ts";
import { startEmulatorProcess } from "./emulator-process.ts";
import { interleave, type Summary, summarize } from "./stats.ts";

export interface LatencyRow {
  operation: string;
  variant: string;
  requests: number;
  summary: Summary;
}

export interface LatencyResult {
  rows: LatencyRow[];
  ratios: Array<{ operation: string; against: string; medianRatio: number }>;
}

export async function benchToolLatency(iterations: number, warmup: number): Promise<LatencyResult> {
  const emulator = await startEmulatorProcess(demoCluster());
  const kube = emulator.kube;
  const server = buildServer({
    registry: createToolRegistry(),
    context: { kube, policy: new Policy({ allowWrite: true }) },
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench", version: "0" });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);

  const callTool = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  };
  const ref = { namespace: "shop", name: "web" };
  const mergePatch = kube.options(AbortSignal.timeout(60_000), {
    "Content-Type": "application/merge-patch+json",
  });
  const replicasFor = (i: number) => 3 + (i % 2);

  const get = await interleave(
    {
      "client-node readNamespacedDeployment": () => kube.apps.readNamespacedDeployment(ref),
      "MCP k8s_get": () => callTool("k8s_get", { kind: "Deployment", ...ref }),
    },
    iterations,
    warmup,
  );
  const scale = await interleave(
    {
      "client-node patchNamespacedDeploymentScale": (i) =>
        kube.apps.patchNamespacedDeploymentScale(
          { ...ref, body: { spec: { replicas: replicasFor(i) } } },
          mergePatch,
        ),
      "client-node read + patch scale": async (i) => {
        await kube.apps.readNamespacedDeployment(ref);
        await kube.apps.patchNamespacedDeploymentScale(
          { ...ref, body: { spec: { replicas: replicasFor(i) } } },
          mergePatch,
        );
      },
      "MCP k8s_scale": (i) => callTool("k8s_scale", { kind: "Deployment", ...ref, replicas: replicasFor(i) }),
    },
    iterations,
    warmup,
  );
  await client.close();
  await server.close();
  await emulator.stop();

  const rows: LatencyRow[] = [];
  const requests: Record<string, number> = {
    "client-node readNamespacedDeployment": 1,
    "MCP k8s_get": 1,
    "client-node patchNamespacedDeploymentScale": 1,
    "client-node read + patch scale": 2,
    "MCP k8s_scale": 2,
  };
  for (const [operation, samples] of [
    ["get", get],
    ["scale", scale],
  ] as const) {
    for (const [variant, values] of Object.entries(samples)) {
      rows.push({ operation, variant, requests: requests[variant] ?? 0, summary: summarize(values) });
    }
  }
  const median = (variant: string) => rows.find((r) => r.variant === variant)?.summary.medianMs ?? Number.NaN;
  const ratio = (a: string, b: string) => Math.round((median(a) / median(b)) * 100) / 100;
  return {
    rows,
    ratios: [
      {
        operation: "get",
        against: "client-node readNamespacedDeployment",
        medianRatio: ratio("MCP k8s_get", "client-node readNamespacedDeployment"),
      },
      {
        operation: "scale",
        against: "client-node read + patch scale",
        medianRatio: ratio("MCP k8s_scale", "client-node read + patch scale"),
      },
      {
        operation: "scale",
        against: "client-node patchNamespacedDeploymentScale",
        medianRatio: ratio("MCP k8s_scale", "client-node patchNamespacedDeploymentScale"),
      },
    ],
  };
}
