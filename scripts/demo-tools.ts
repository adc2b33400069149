// `npm run demo:tools`: Skyflo's tool server on its embedded defaults, end to end, on one machine.
// Starts the Kubernetes API emulator with a small shop, starts `skyflo mcp --http` against it as a
// real child process, and walks through what an MCP client sees: the tools, a read, and a
// dry-run change with its diff. Keeps serving until Ctrl-C (or exits with --once).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startKubeEmulator } from "../test/emulators/kube/index.ts";
import { demoCluster } from "./demo-cluster.ts";

const { values } = parseArgs({ options: { once: { type: "boolean", default: false } } });
const say = (line = "") => process.stdout.write(`${line}\n`);

const emulator = await startKubeEmulator({ seed: demoCluster(), readyDelayMs: 200 });
say(`Kubernetes API emulator: ${emulator.url}`);
say(`KUBECONFIG=${emulator.kubeconfigPath}`);

const cli = fileURLToPath(new URL("../bin/skyflo.js", import.meta.url));
const child = spawn(
  process.execPath,
  [cli, "mcp", "--http", "--port", "0", "--allow-write", "--kubeconfig", emulator.kubeconfigPath],
  {
    stdio: ["ignore", "inherit", "pipe"],
  },
);
const mcpUrl = await new Promise<string>((resolve, reject) => {
  let buffered = "";
  child.stderr.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    process.stderr.write(chunk);
    const match = /serving .* tools at (http:\/\/\S+)/.exec(buffered);
    if (match?.[1]) resolve(match[1]);
  });
  child.once("exit", (code) => reject(new Error(`skyflo mcp exited with code ${code} before it was ready`)));
});

const client = new Client({ name: "skyflo-demo", version: "0.1.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
const text = (result: CallToolResult) =>
  result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

const { tools } = await client.listTools();
say(`\n${tools.length} tools served at ${mcpUrl}:`);
for (const tool of tools) {
  const kind = tool.annotations?.readOnlyHint
    ? "read-only"
    : tool.annotations?.destructiveHint
      ? "destructive"
      : "mutating";
  say(`  ${tool.name.padEnd(22)} ${kind}`);
}

say("\n$ k8s_get Deployment web -n shop");
say(text(await call("k8s_get", { kind: "Deployment", name: "web", namespace: "shop" })).split("\n")[0]);

say("\n$ k8s_scale Deployment web -n shop replicas=5 (dry run: nothing changes)");
const preview = await call("k8s_scale", {
  kind: "Deployment",
  name: "web",
  namespace: "shop",
  replicas: 5,
  dryRun: true,
});
const objects = (preview.structuredContent?.objects ?? []) as Array<{ diff: string }>;
say(objects.map((o) => o.diff).join("\n") || text(preview));

say("\n$ k8s_get Secret db-credentials -n shop (values never leave a tool)");
const secret = await call("k8s_get", { kind: "Secret", name: "db-credentials", namespace: "shop" });
say(
  JSON.stringify((secret.structuredContent as { object?: { data?: unknown } })?.object?.data ?? text(secret)),
);

await client.close();
if (values.once) {
  child.kill("SIGTERM");
  await once(child, "exit");
  await emulator.close();
  say("\nDone.");
} else {
  say(
    `\nServing. Point any MCP client at ${mcpUrl} (or run: npx skyflo mcp --kubeconfig ${emulator.kubeconfigPath}). Ctrl-C stops.`,
  );
  const stop = async () => {
    child.kill("SIGTERM");
    await emulator.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
