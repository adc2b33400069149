// A private directory per set of Kubernetes clients for the helm binary: the kubeconfig written
// once (mode 0600) from the clients' KubeConfig, and HELM_CACHE_HOME / CONFIG_HOME / DATA_HOME of
// its own, so no user's repositories, registry logins, plugins or cache take part in a call.
// Removed when the process exits (or by disposeHelmWorkspaces).
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeClients } from "../kubernetes/client.ts";

export interface HelmWorkspace {
  dir: string;
  kubeconfig: string;
  /** The whole environment helm runs with. */
  env: Record<string, string>;
}

const workspaces = new WeakMap<KubeClients, { generation: number; workspace: Promise<HelmWorkspace> }>();
const directories = new Set<string>();
// Bumped by disposeHelmWorkspaces, so clients whose workspace was removed get a new one.
let generation = 0;
let exitHookInstalled = false;

// Network settings a helm that pulls oci:// or https:// charts may need; nothing Helm-specific.
const passedThrough = [
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
  "https_proxy",
  "http_proxy",
  "no_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
];

type ExportedConfig = {
  clusters?: Array<{ name: string }>;
  users?: Array<{ name: string; user: Record<string, unknown> }>;
  contexts?: Array<{ name: string; context: { cluster?: string; user?: string } }>;
  "current-context"?: string;
};

/** The KubeConfig as a kubeconfig file for client-go, reduced to its current context. */
export function kubeconfigText(kube: KubeClients): string {
  const exported = JSON.parse(kube.config.exportConfig()) as ExportedConfig;
  const contextName = exported["current-context"];
  const context = exported.contexts?.find((c) => c.name === contextName);
  const users = (exported.users ?? [])
    .filter((u) => u.name === context?.context.user)
    .map(({ name, user }) => {
      // client-node's in-cluster user is an auth-provider "tokenFile"; client-go names it tokenFile.
      const provider = user["auth-provider"] as
        | { name?: string; config?: { tokenFile?: string } }
        | undefined;
      if (provider?.name !== "tokenFile") return { name, user };
      const { "auth-provider": _dropped, ...rest } = user;
      return { name, user: { ...rest, tokenFile: provider.config?.tokenFile } };
    });
  return JSON.stringify({
    ...exported,
    clusters: (exported.clusters ?? []).filter((c) => c.name === context?.context.cluster),
    users,
    contexts: context ? [context] : [],
  });
}

async function createWorkspace(kube: KubeClients): Promise<HelmWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), "skyflo-helm-"));
  directories.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const directory of directories) rmSync(directory, { recursive: true, force: true });
    });
  }
  const kubeconfig = join(dir, "kubeconfig");
  await writeFile(kubeconfig, kubeconfigText(kube), { mode: 0o600 });
  const homes = {
    HOME: join(dir, "home"),
    HELM_CACHE_HOME: join(dir, "cache"),
    HELM_CONFIG_HOME: join(dir, "config"),
    HELM_DATA_HOME: join(dir, "data"),
  };
  await Promise.all(Object.values(homes).map((home) => mkdir(home, { mode: 0o700 })));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    ...homes,
    HELM_DRIVER: "secret",
  };
  for (const name of passedThrough) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { dir, kubeconfig, env };
}

/** The workspace of these clients, created on first use. */
export function helmWorkspace(kube: KubeClients): Promise<HelmWorkspace> {
  const known = workspaces.get(kube);
  if (known && known.generation === generation) return known.workspace;
  const workspace = createWorkspace(kube);
  workspaces.set(kube, { generation, workspace });
  // A failed creation is retried by the next call instead of being remembered.
  workspace.catch(() => workspaces.delete(kube));
  return workspace;
}

/** Removes every workspace this process created (tests, a server shutting down). */
export async function disposeHelmWorkspaces(): Promise<void> {
  generation += 1;
  const all = [...directories];
  directories.clear();
  await Promise.all(all.map((dir) => rm(dir, { recursive: true, force: true })));
}
