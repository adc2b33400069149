// Watch streams through client-node's Watch class and raw HTTP: initial state, live events,
// resuming from a resourceVersion, 410 Expired, selector transitions, timeouts and dropped streams.
import { CoreV1Api, Watch } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeEmulator, startKubeEmulator } from "./index.ts";
import type { KubeObject, ResourceType } from "./types.ts";

let emulator: KubeEmulator;
let core: CoreV1Api;
let configMaps: ResourceType;

beforeAll(async () => {
  emulator = await startKubeEmulator();
  core = emulator.kubeConfig().makeApiClient(CoreV1Api);
  configMaps = emulator.store.registry.byKind("v1", "ConfigMap") as ResourceType;
});

afterAll(async () => {
  await emulator.close();
});

interface Seen {
  type: string;
  name: string;
  data?: Record<string, string>;
}

/** Starts a client-node watch and collects its events; `ended` resolves with the done() error. */
async function watchWith(path: string, query: Record<string, string | number | boolean>) {
  const events: Seen[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let resolveEnded: (err: unknown) => void = () => {};
  const ended = new Promise<unknown>((resolve) => {
    resolveEnded = resolve;
  });
  const controller = await new Watch(emulator.kubeConfig()).watch(
    path,
    query,
    (type, obj: KubeObject) => {
      events.push({
        type,
        name: obj.metadata?.name ?? "",
        data: obj.data as Record<string, string> | undefined,
      });
      for (const w of waiters.filter((w) => events.length >= w.count)) w.resolve();
    },
    (err) => resolveEnded(err),
  );
  const until = (count: number) =>
    events.length >= count
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ count, resolve }));
  return { events, until, ended, stop: () => controller.abort() };
}

function configMap(namespace: string, name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace, labels }, data: { v: "1" } };
}

async function namespace(name: string): Promise<string> {
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

describe("watch", () => {
  it("sends the current state as ADDED, then live events in order", async () => {
    const ns = await namespace("w-live");
    emulator.store.create(configMaps, configMap(ns, "before"));
    const watch = await watchWith(`/api/v1/namespaces/${ns}/configmaps`, {});
    await watch.until(1);
    emulator.store.create(configMaps, configMap(ns, "after"));
    const live = emulator.store.get(configMaps, ns, "after") as KubeObject;
    emulator.store.update(configMaps, { ...live, data: { v: "2" } });
    emulator.store.delete(configMaps, ns, "after");
    await watch.until(4);
    watch.stop();
    expect(watch.events.map((e) => `${e.type} ${e.name}`)).toEqual([
      "ADDED before",
      "ADDED after",
      "MODIFIED after",
      "DELETED after",
    ]);
    expect(watch.events[2]?.data).toEqual({ v: "2" });
  });

  it("resumes after a resourceVersion without replaying the current state", async () => {
    const ns = await namespace("w-resume");
    emulator.store.create(configMaps, configMap(ns, "old"));
    const { resourceVersion } = emulator.store.list(configMaps, { namespace: ns });
    emulator.store.create(configMaps, configMap(ns, "missed"));
    const watch = await watchWith(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion });
    await watch.until(1);
    watch.stop();
    expect(watch.events).toEqual([{ type: "ADDED", name: "missed", data: { v: "1" } }]);
  });

  it("answers a resourceVersion older than the history with a 410 Expired ERROR event", async () => {
    const watch = await watchWith("/api/v1/configmaps", { resourceVersion: "1" });
    await watch.ended;
    expect(watch.events).toHaveLength(1);
    expect(watch.events[0]?.type).toBe("ERROR");
    const raw = await fetch(`${emulator.url}/api/v1/configmaps?watch=true&resourceVersion=1`);
    const line = JSON.parse((await raw.text()).trim());
    expect(line).toMatchObject({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } });
  });

  it("turns label-selector transitions into ADDED and DELETED", async () => {
    const ns = await namespace("w-labels");
    const watch = await watchWith(`/api/v1/namespaces/${ns}/configmaps`, { labelSelector: "tier=web" });
    emulator.store.create(configMaps, configMap(ns, "c", { tier: "db" }));
    const live = emulator.store.get(configMaps, ns, "c") as KubeObject;
    const moved = emulator.store.update(configMaps, {
      ...live,
      metadata: { ...live.metadata, labels: { tier: "web" } },
    });
    emulator.store.update(configMaps, { ...moved, metadata: { ...moved.metadata, labels: { tier: "db" } } });
    await watch.until(2);
    watch.stop();
    expect(watch.events.map((e) => e.type)).toEqual(["ADDED", "DELETED"]);
  });

  it("watches one object by field selector, as kubectl rollout status does", async () => {
    const ns = await namespace("w-field");
    emulator.store.create(configMaps, configMap(ns, "a"));
    emulator.store.create(configMaps, configMap(ns, "b"));
    const watch = await watchWith(`/api/v1/namespaces/${ns}/configmaps`, {
      fieldSelector: "metadata.name=b",
    });
    await watch.until(1);
    watch.stop();
    expect(watch.events.map((e) => e.name)).toEqual(["b"]);
  });

  it("ends the stream after timeoutSeconds", async () => {
    const watch = await watchWith("/api/v1/namespaces/default/configmaps", { timeoutSeconds: 1 });
    expect(await watch.ended).toBeNull();
  });

  it("ends the stream with an error when the connection is dropped", async () => {
    const ns = await namespace("w-drop");
    const watch = await watchWith(`/api/v1/namespaces/${ns}/configmaps`, {});
    const deadline = Date.now() + 5000;
    let dropped = 0;
    // The stream is registered once the server has answered; poll until it is there.
    while (dropped === 0 && Date.now() < deadline) {
      dropped = emulator.faults.dropWatches(`/api/v1/namespaces/${ns}/configmaps`);
      if (dropped === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(dropped).toBe(1);
    expect(await watch.ended).toBeTruthy();
  });

  it("sends an initial-events-end bookmark when asked for sendInitialEvents", async () => {
    const ns = await namespace("w-initial");
    emulator.store.create(configMaps, configMap(ns, "one"));
    const response = await fetch(
      `${emulator.url}/api/v1/namespaces/${ns}/configmaps?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1`,
    );
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(["ADDED", "BOOKMARK"]);
    expect(lines[1].object.metadata.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
  });

  it("sends one-row Tables when asked for as=Table, as kubectl get -w does", async () => {
    const ns = await namespace("w-table");
    emulator.store.create(configMaps, configMap(ns, "shown"));
    const response = await fetch(
      `${emulator.url}/api/v1/namespaces/${ns}/configmaps?watch=1&timeoutSeconds=1`,
      {
        headers: { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" },
      },
    );
    const [event] = (await response.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(event.type).toBe("ADDED");
    expect(event.object).toMatchObject({ kind: "Table", apiVersion: "meta.k8s.io/v1" });
    expect(event.object.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      "Name",
      "Data",
      "Age",
    ]);
    expect(event.object.rows[0].cells.slice(0, 2)).toEqual(["shown", 1]);
  });
});
