// An MCP client connected in memory to a Skyflo tool server that talks to a fresh Kubernetes
// emulator: the real MCP SDK and the real client-node on both sides, nothing mocked.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createToolRegistry } from "../../tools/index.ts";
import { createKubeClients } from "../../tools/kubernetes/client.ts";
import { Policy, type PolicySettings } from "../../tools/policy.ts";
import type { ToolContext } from "../../tools/registry.ts";
import { buildServer } from "../../tools/server.ts";
import { type KubeEmulator, type KubeEmulatorOptions, startKubeEmulator } from "../emulators/kube/index.ts";

export interface McpHarness {
  client: Client;
  emulator: KubeEmulator;
  /** Calls a tool and returns the raw MCP result. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Calls a tool, fails the test if it returned isError, and returns its structuredContent. */
  ok<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Calls a tool, fails the test unless it returned isError, and returns the error text. */
  fail(name: string, args?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startMcpHarness(
  options: {
    policy?: Partial<PolicySettings>;
    emulator?: KubeEmulatorOptions;
    reuseEmulator?: KubeEmulator;
    /** Non-Kubernetes backends (Helm, Jenkins) the tools may use, as ToolContext fields. */
    backends?: Partial<Omit<ToolContext, "kube" | "policy" | "signal">>;
  } = {},
): Promise<McpHarness> {
  const emulator = options.reuseEmulator ?? (await startKubeEmulator(options.emulator));
  const kube = createKubeClients(emulator.kubeConfig());
  const policy = new Policy({ allowWrite: true, ...options.policy });
  const server = buildServer({
    registry: createToolRegistry(),
    context: { ...options.backends, kube, policy },
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "skyflo-test", version: "0.0.0" });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  const textOf = (result: CallToolResult) =>
    result.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join("\n");

  return {
    client,
    emulator,
    call,
    async ok<T>(name: string, args?: Record<string, unknown>) {
      const result = await call(name, args);
      if (result.isError) throw new Error(`${name} returned an error: ${textOf(result)}`);
      return result.structuredContent as T;
    },
    async fail(name: string, args?: Record<string, unknown>) {
      const result = await call(name, args);
      if (!result.isError)
        throw new Error(`${name} was expected to fail but returned: ${textOf(result).slice(0, 500)}`);
      return textOf(result);
    },
    async close() {
      await client.close();
      await server.close();
      if (!options.reuseEmulator) await emulator.close();
    },
  };
}
