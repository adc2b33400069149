// Entry point every test uses: an in-process Kubernetes API server on loopback, with a kubeconfig
// file for kubectl/helm and a client-node KubeConfig, seeded state, a reconciler and fault injection.
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { rolloutResource } from "./argo-rollouts.ts";
import { FaultInjector, type Faults } from "./faults.ts";
import { contextName, emulatorToken, writeKubeconfig } from "./kubeconfig.ts";
import { type Reconciler, startReconciler } from "./reconciler/index.ts";
import { ResourceRegistry } from "./resources.ts";
import { createApiServer } from "./server.ts";
import { ObjectStore } from "./store.ts";
import type { KubeObject } from "./types.ts";
import { WatchHub } from "./watch.ts";

export type { Faults } from "./faults.ts";
export { logAnnotation, previousLogAnnotation } from "./pod-logs.ts";
export { ResourceRegistry } from "./resources.ts";
export { ObjectStore } from "./store.ts";

export interface KubeEmulatorOptions {
  host?: string;
  port?: number;
  /** Pods become Ready this long after creation (default 50). */
  readyDelayMs?: number;
  /** Images matching it never become ready (default /broken|does-not-exist/). */
  brokenImagePattern?: RegExp;
  /** Created (namespaces first) before the server listens. */
  seed?: KubeObject[];
}

export interface KubeEmulator {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly store: ObjectStore;
  readonly faults: Faults;
  kubeConfig(): KubeConfig;
  seed(objects: KubeObject[]): void;
  idle(): Promise<void>;
  close(): Promise<void>;
}

const builtinNamespaces = ["default", "kube-system", "kube-public"];

/** Creates objects, namespaces first; a namespace an object needs but nobody listed is created too. */
export function seedObjects(store: ObjectStore, objects: KubeObject[]): void {
  const namespaceType = store.registry.byKind("v1", "Namespace");
  if (!namespaceType) throw new Error("seed: the registry has no v1 Namespace type");
  const ordered = [
    ...objects.filter((o) => o.kind === "Namespace"),
    ...objects.filter((o) => o.kind !== "Namespace"),
  ];
  for (const obj of ordered) {
    const type = store.registry.byKind(obj.apiVersion, obj.kind);
    if (!type) {
      throw new Error(
        `seed: no resource type serves apiVersion "${obj.apiVersion}" kind "${obj.kind}"; register it with store.registry.add() first`,
      );
    }
    const namespace = obj.metadata?.namespace;
    if (type.namespaced && namespace && !store.get(namespaceType, undefined, namespace)) {
      store.create(namespaceType, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    }
    store.create(type, obj);
  }
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startKubeEmulator(options: KubeEmulatorOptions = {}): Promise<KubeEmulator> {
  const host = options.host ?? "127.0.0.1";
  const store = new ObjectStore(new ResourceRegistry());
  store.registry.add(rolloutResource); // Argo Rollouts' CRD is installed in every emulated cluster
  seedObjects(
    store,
    builtinNamespaces.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } })),
  );
  seedObjects(store, options.seed ?? []);
  const hub = new WatchHub(store);
  const faults = new FaultInjector((matches) => hub.drop(matches));
  const server = createApiServer({ store, hub, faults });
  const address = await listen(server, host, options.port ?? 0);
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  const dir = await mkdtemp(join(tmpdir(), "kube-emulator-"));
  const kubeconfigPath = join(dir, "kubeconfig");
  await writeKubeconfig(kubeconfigPath, url);
  const reconciler: Reconciler = startReconciler(store, {
    readyDelayMs: options.readyDelayMs ?? 50,
    brokenImagePattern: options.brokenImagePattern ?? /broken|does-not-exist/,
  });
  let closed: Promise<void> | undefined;

  return {
    url,
    kubeconfigPath,
    store,
    faults,
    kubeConfig() {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        // client-node refuses plain http unless TLS verification is switched off.
        clusters: [{ name: contextName, server: url, skipTLSVerify: true }],
        users: [{ name: contextName, token: emulatorToken }],
        contexts: [{ name: contextName, cluster: contextName, user: contextName, namespace: "default" }],
        currentContext: contextName,
      });
      return kc;
    },
    seed(objects) {
      seedObjects(store, objects);
    },
    idle() {
      return reconciler.idle();
    },
    close() {
      closed ??= (async () => {
        reconciler.stop();
        hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await rm(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
