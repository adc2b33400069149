// `skyflo mcp` as a user runs it: the real CLI in a child process, spoken to over stdio by the
// MCP SDK's own client, against the Kubernetes emulator.
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCluster } from "../../../scripts/demo-cluster.ts";
import { type KubeEmulator, startKubeEmulator } from "../../emulators/kube/index.ts";

const cli = fileURLToPath(new URL("../../../bin/skyflo.js", import.meta.url));
let emulator: KubeEmulator;

beforeAll(async () => {
  emulator = await startKubeEmulator({ seed: demoCluster() });
});
afterAll(async () => {
  await emulator.close();
});

async function connect(...flags: string[]): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, "mcp", "--kubeconfig", emulator.kubeconfigPath, ...flags],
    stderr: "pipe",
  });
  const client = new Client({ name: "cli-test", version: "0" });
  await client.connect(transport);
  return client;
}

describe("skyflo mcp over stdio", () => {
  it("serves only read-only tools by default, with schemas and annotations", async () => {
    const client = await connect();
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toContain("k8s_get");
      expect(names).toContain("k8s_rollout_status");
      expect(names).not.toContain("k8s_scale");
      expect(names).not.toContain("k8s_delete");
      for (const tool of tools) {
        expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
        expect(tool.inputSchema.type).toBe("object");
        expect(tool.outputSchema?.type, tool.name).toBe("object");
        expect(tool.description?.length, tool.name).toBeGreaterThan(40);
      }
      const refused = (await client.callTool({
        name: "k8s_scale",
        arguments: { kind: "Deployment", namespace: "shop", name: "web", replicas: 5 },
      })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(emulator.store.get(deployments(), "shop", "web")?.spec).toMatchObject({ replicas: 3 });
    } finally {
      await client.close();
    }
  });

  it("lists all four tool families with --allow-write, each tool with schemas and exact annotations", async () => {
    const client = await connect("--allow-write");
    try {
      const { tools } = await client.listTools();
      const byName = new Map(tools.map((t) => [t.name, t]));
      for (const prefix of ["k8s_", "helm_", "argo_", "jenkins_"]) {
        expect(tools.filter((t) => t.name.startsWith(prefix)).length, prefix).toBeGreaterThanOrEqual(5);
      }
      for (const tool of tools) {
        expect(tool.inputSchema.type, tool.name).toBe("object");
        expect(tool.outputSchema?.type, tool.name).toBe("object");
        expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe("boolean");
      }
      expect(byName.get("helm_status")?.annotations).toMatchObject({ readOnlyHint: true });
      expect(byName.get("helm_uninstall")?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
      });
      expect(byName.get("argo_promote_full")?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
      });
      expect(byName.get("jenkins_trigger")?.annotations).toMatchObject({
        readOnlyHint: false,
        idempotentHint: false,
      });
      expect(byName.get("jenkins_trigger")?.inputSchema.properties).toHaveProperty("dryRun");
    } finally {
      await client.close();
    }
  });

  it("lists and runs mutating tools with --allow-write, limited to --namespaces", async () => {
    const client = await connect("--allow-write", "--namespaces", "shop");
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining(["k8s_scale", "k8s_apply", "k8s_delete", "k8s_rollout_undo"]),
      );
      const scaled = (await client.callTool({
        name: "k8s_scale",
        arguments: { kind: "Deployment", namespace: "shop", name: "web", replicas: 4 },
      })) as CallToolResult;
      expect(scaled.isError).toBeFalsy();
      expect(scaled.structuredContent).toMatchObject({
        dryRun: false,
        changed: true,
        previousReplicas: 3,
        replicas: 4,
      });
      expect(emulator.store.get(deployments(), "shop", "web")?.spec).toMatchObject({ replicas: 4 });

      const outside = (await client.callTool({
        name: "k8s_get",
        arguments: { kind: "Pod", namespace: "kube-system" },
      })) as CallToolResult;
      expect(outside.isError).toBe(true);
      expect(JSON.stringify(outside.content)).toContain(
        'Namespace \\"kube-system\\" is not in the allowed namespaces (shop)',
      );
    } finally {
      await client.close();
    }
  });

  it("exits with a clear message on a bad flag or kubeconfig", async () => {
    const { execFile } = await import("node:child_process");
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(process.execPath, [cli, ...args], (error, _stdout, stderr) =>
          resolve({ code: error ? (error.code as number) : 0, stderr }),
        );
      });
    const badFlag = await run(["mcp", "--port", "x"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--port must be a whole number from 0 to 65535, got "x".');
    const badConfig = await run(["mcp", "--kubeconfig", "/nonexistent/kubeconfig"]);
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain("skyflo mcp: cannot load the kubeconfig:");
    const unknown = await run(["deploy"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "deploy".');
  });
});

function deployments() {
  const type = emulator.store.registry.byKind("apps/v1", "Deployment");
  if (!type) throw new Error("the emulator does not serve Deployments");
  return type;
}
