// A kubeconfig file for the emulator, so kubectl, helm and client-node load it like any cluster's.
import { writeFile } from "node:fs/promises";
import { stringify } from "yaml";

export const contextName = "emulator";
export const emulatorToken = "kube-emulator-token";

export function kubeconfigDocument(server: string, namespace = "default"): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Config",
    // client-node refuses plain http unless TLS verification is (pointlessly) switched off.
    clusters: [{ name: contextName, cluster: { server, "insecure-skip-tls-verify": true } }],
    users: [{ name: contextName, user: { token: emulatorToken } }],
    contexts: [{ name: contextName, context: { cluster: contextName, user: contextName, namespace } }],
    "current-context": contextName,
    preferences: {},
  };
}

export async function writeKubeconfig(path: string, server: string): Promise<void> {
  await writeFile(path, stringify(kubeconfigDocument(server)), { mode: 0o600 });
}
