// The Kubernetes emulator in its own process for benchmarks, as a real API server would be: its
// work (reconciling pods after a scale, deep copies) then does not run on the measured event loop.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { KubeObject } from "../test/emulators/kube/types.ts";
import type { KubeClients } from "../tools/kubernetes/client.ts";
import { createKubeClients, loadKubeConfig } from "../tools/kubernetes/client.ts";
import { resourcePath } from "../tools/kubernetes/discovery.ts";

export interface EmulatorProcess {
  kube: KubeClients;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(seed: KubeObject[]): Promise<EmulatorProcess> {
  const cli = fileURLToPath(new URL("../test/emulators/kube/cli.ts", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [cli, "--ready-delay-ms", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const kubeconfig = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^KUBECONFIG=(.+)$/m.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`kube emulator exited with code ${code}`)));
  });
  const kube = createKubeClients(loadKubeConfig({ kubeconfig }));
  for (const object of seed) await create(kube, object);
  return {
    kube,
    kubeconfigPath: kubeconfig,
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

async function create(kube: KubeClients, object: KubeObject): Promise<void> {
  const [group, version] = object.apiVersion.includes("/")
    ? object.apiVersion.split("/")
    : ["", object.apiVersion];
  const plural = `${object.kind.toLowerCase()}s`;
  const namespaced = object.kind !== "Namespace";
  const path = resourcePath(
    {
      group: group ?? "",
      version: version ?? "",
      apiVersion: object.apiVersion,
      kind: object.kind,
      plural,
      singular: object.kind.toLowerCase(),
      namespaced,
      shortNames: [],
      verbs: [],
      subresources: [],
    },
    namespaced ? object.metadata.namespace : undefined,
  );
  const response = await kube.request(path, {
    method: "POST",
    body: JSON.stringify(object),
    headers: { "Content-Type": "application/json" },
  });
  if (response.status >= 300)
    throw new Error(`seeding ${path} failed: HTTP ${response.status} ${response.text}`);
}
