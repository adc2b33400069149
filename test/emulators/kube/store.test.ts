import { describe, expect, it } from "vitest";
import { ApiError } from "./errors.ts";
import { ResourceRegistry } from "./resources.ts";
import { ObjectStore } from "./store.ts";
import type { KubeObject, ResourceType, StoreEvent } from "./types.ts";

function setup() {
  const registry = new ResourceRegistry();
  const store = new ObjectStore(registry);
  const type = (apiVersion: string, kind: string): ResourceType => {
    const found = registry.byKind(apiVersion, kind);
    if (!found) throw new Error(`no type ${kind}`);
    return found;
  };
  const namespaces = type("v1", "Namespace");
  for (const name of ["default", "shop"]) {
    store.create(namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  const events: StoreEvent[] = [];
  store.subscribe((e) => events.push(e));
  return {
    store,
    events,
    namespaces,
    configMaps: type("v1", "ConfigMap"),
    pods: type("v1", "Pod"),
    deployments: type("apps/v1", "Deployment"),
    replicaSets: type("apps/v1", "ReplicaSet"),
  };
}

function deployment(name: string, replicas = 2): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "shop", labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
      },
    },
  };
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe("ObjectStore.create", () => {
  it("fills system metadata and server defaults, and emits ADDED", () => {
    const { store, events, deployments } = setup();
    const created = store.create(deployments, deployment("web"));
    expect(created.metadata).toMatchObject({ name: "web", namespace: "shop", generation: 1 });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.metadata.resourceVersion).toBe(store.currentResourceVersion());
    expect(created.spec).toMatchObject({
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      template: { spec: { restartPolicy: "Always", containers: [{ imagePullPolicy: "IfNotPresent" }] } },
    });
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([["ADDED", "web"]]);
  });

  it("generates names from generateName and defaults the namespace", () => {
    const { store, configMaps } = setup();
    const created = store.create(configMaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { generateName: "settings-" },
    });
    expect(created.metadata.name).toMatch(/^settings-[a-z0-9]{5}$/);
    expect(created.metadata.namespace).toBe("default");
  });

  it("rejects duplicates (409), bad names (422) and missing namespaces (404)", () => {
    const { store, configMaps, deployments } = setup();
    store.create(deployments, deployment("web"));
    const duplicate = apiError(() => store.create(deployments, deployment("web")));
    expect([duplicate.code, duplicate.reason, duplicate.message]).toEqual([
      409,
      "AlreadyExists",
      'deployments.apps "web" already exists',
    ]);
    const badName = apiError(() =>
      store.create(configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Bad_Name" } }),
    );
    expect(badName.code).toBe(422);
    expect(badName.message).toContain(
      'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"',
    );
    const noNamespace = apiError(() =>
      store.create(configMaps, {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "x", namespace: "nope" },
      }),
    );
    expect([noNamespace.code, noNamespace.message]).toEqual([404, 'namespaces "nope" not found']);
  });

  it("rejects a workload whose selector does not match its template labels", () => {
    const { store, deployments } = setup();
    const bad = deployment("web");
    (bad.spec as { selector: unknown }).selector = { matchLabels: { app: "other" } };
    const error = apiError(() => store.create(deployments, bad));
    expect(error.code).toBe(422);
    expect(error.details?.causes?.[0]?.field).toBe("spec.template.metadata.labels");
  });

  it("folds Secret stringData into base64 data", () => {
    const { store } = setup();
    const secrets = store.registry.byKind("v1", "Secret") as ResourceType;
    const created = store.create(secrets, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "token" },
      stringData: { password: "hunter2" },
    });
    expect(created).toMatchObject({ type: "Opaque", data: { password: "aHVudGVyMg==" } });
    expect(created.stringData).toBeUndefined();
  });

  it("dry-run changes nothing and emits nothing", () => {
    const { store, events, deployments } = setup();
    const before = store.currentResourceVersion();
    const result = store.create(deployments, deployment("web"), { dryRun: true });
    expect(result.metadata.uid).toBeDefined();
    expect(store.get(deployments, "shop", "web")).toBeUndefined();
    expect(store.currentResourceVersion()).toBe(before);
    expect(events).toEqual([]);
  });

  it("returns deep copies", () => {
    const { store, configMaps } = setup();
    const input: KubeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c" },
      data: { a: "1" },
    };
    const created = store.create(configMaps, input);
    (input.data as Record<string, string>).a = "changed";
    (created.data as Record<string, string>).a = "changed";
    expect(store.get(configMaps, "default", "c")?.data).toEqual({ a: "1" });
  });
});

describe("ObjectStore.update", () => {
  it("bumps resourceVersion and generation on spec changes only", () => {
    const { store, deployments } = setup();
    const created = store.create(deployments, deployment("web"));
    const relabeled = store.update(deployments, {
      ...created,
      metadata: { ...created.metadata, annotations: { a: "b" } },
    });
    expect(relabeled.metadata.generation).toBe(1);
    expect(Number(relabeled.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    const scaled = store.update(deployments, {
      ...relabeled,
      spec: { ...(relabeled.spec as object), replicas: 5 },
    });
    expect(scaled.metadata.generation).toBe(2);
    expect(scaled.metadata.uid).toBe(created.metadata.uid);
  });

  it("is a no-op (same resourceVersion, no event) when nothing changes", () => {
    const { store, events, deployments } = setup();
    const created = store.create(deployments, deployment("web"));
    const again = store.update(deployments, created);
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(events).toHaveLength(1);
  });

  it("409s on a stale resourceVersion and 404s on a missing object", () => {
    const { store, deployments } = setup();
    const created = store.create(deployments, deployment("web"));
    store.update(deployments, { ...created, spec: { ...(created.spec as object), replicas: 3 } });
    const stale = apiError(() =>
      store.update(deployments, { ...created, spec: { ...(created.spec as object), replicas: 4 } }),
    );
    expect([stale.code, stale.reason]).toEqual([409, "Conflict"]);
    expect(stale.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    const missing = apiError(() => store.update(deployments, deployment("nope")));
    expect([missing.code, missing.message]).toEqual([404, 'deployments.apps "nope" not found']);
  });

  it("keeps status on main updates and changes only status through the subresource", () => {
    const { store, deployments } = setup();
    const created = store.create(deployments, deployment("web"));
    const withStatus = store.update(
      deployments,
      { ...created, spec: { replicas: 99 }, status: { replicas: 2 } },
      { subresource: "status" },
    );
    expect(withStatus.status).toEqual({ replicas: 2 });
    expect((withStatus.spec as { replicas: number }).replicas).toBe(2);
    expect(withStatus.metadata.generation).toBe(1);
    const main = store.update(deployments, { ...withStatus, status: { replicas: 7 } });
    expect(main.status).toEqual({ replicas: 2 });
  });

  it("refuses to change an immutable workload selector", () => {
    const { store, deployments } = setup();
    const created = store.create(deployments, deployment("web"));
    const changed = structuredClone(created);
    (changed.spec as { selector: unknown }).selector = { matchLabels: { app: "web", tier: "x" } };
    expect(apiError(() => store.update(deployments, changed)).code).toBe(422);
  });

  it("dry-run returns the would-be object and changes nothing", () => {
    const { store, events, deployments } = setup();
    const created = store.create(deployments, deployment("web"));
    const result = store.update(
      deployments,
      { ...created, spec: { ...(created.spec as object), replicas: 9 } },
      { dryRun: true },
    );
    expect((result.spec as { replicas: number }).replicas).toBe(9);
    expect(store.get(deployments, "shop", "web")?.spec).toMatchObject({ replicas: 2 });
    expect(events).toHaveLength(1);
  });
});

describe("ObjectStore.delete", () => {
  function owned(store: ObjectStore, rsType: ResourceType, owner: KubeObject): KubeObject {
    const rs = deployment("web-abc");
    return store.create(rsType, {
      ...rs,
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        ...rs.metadata,
        ownerReferences: [
          {
            apiVersion: "apps/v1",
            kind: "Deployment",
            name: owner.metadata.name ?? "",
            uid: owner.metadata.uid ?? "",
            controller: true,
          },
        ],
      },
    });
  }

  it("cascades to dependents in the background by default", () => {
    const { store, events, deployments, replicaSets } = setup();
    const web = store.create(deployments, deployment("web"));
    owned(store, replicaSets, web);
    const deleted = store.delete(deployments, "shop", "web");
    expect(deleted.metadata.name).toBe("web");
    expect(store.get(replicaSets, "shop", "web-abc")).toBeUndefined();
    expect(events.slice(-2).map((e) => [e.type, e.object.kind])).toEqual([
      ["DELETED", "Deployment"],
      ["DELETED", "ReplicaSet"],
    ]);
  });

  it("deletes dependents first with Foreground and orphans them with Orphan", () => {
    const { store, events, deployments, replicaSets } = setup();
    const web = store.create(deployments, deployment("web"));
    owned(store, replicaSets, web);
    store.delete(deployments, "shop", "web", { propagationPolicy: "Foreground" });
    expect(events.slice(-2).map((e) => e.object.kind)).toEqual(["ReplicaSet", "Deployment"]);

    const again = store.create(deployments, deployment("web"));
    owned(store, replicaSets, again);
    store.delete(deployments, "shop", "web", { propagationPolicy: "Orphan" });
    expect(store.get(replicaSets, "shop", "web-abc")?.metadata.ownerReferences).toBeUndefined();
  });

  it("waits for finalizers before removing an object", () => {
    const { store, configMaps } = setup();
    store.create(configMaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "held", finalizers: ["x/y"] },
    });
    const marked = store.delete(configMaps, "default", "held");
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(store.get(configMaps, "default", "held")).toBeDefined();
    store.update(configMaps, { ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(store.get(configMaps, "default", "held")).toBeUndefined();
  });

  it("deleting a namespace deletes its content; protected namespaces are refused", () => {
    const { store, namespaces, deployments } = setup();
    store.create(deployments, deployment("web"));
    store.delete(namespaces, undefined, "shop");
    expect(store.get(namespaces, undefined, "shop")).toBeUndefined();
    expect(store.list(deployments).items).toEqual([]);
    expect(apiError(() => store.delete(namespaces, undefined, "default")).code).toBe(403);
  });

  it("404s on a missing object and dry-run keeps the object", () => {
    const { store, deployments } = setup();
    expect(apiError(() => store.delete(deployments, "shop", "nope")).code).toBe(404);
    store.create(deployments, deployment("web"));
    store.delete(deployments, "shop", "web", { dryRun: true });
    expect(store.get(deployments, "shop", "web")).toBeDefined();
  });
});

describe("ObjectStore.list", () => {
  it("filters by namespace, labels and fields and reports the current resourceVersion", () => {
    const { store, configMaps } = setup();
    const cm = (name: string, namespace: string, labels: Record<string, string>): KubeObject => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, namespace, labels },
    });
    store.create(configMaps, cm("b", "shop", { tier: "web", env: "prod" }));
    store.create(configMaps, cm("a", "shop", { tier: "db" }));
    store.create(configMaps, cm("c", "default", { tier: "web" }));
    const names = (opts: Parameters<ObjectStore["list"]>[1]) =>
      store.list(configMaps, opts).items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(names({})).toEqual(["default/c", "shop/a", "shop/b"]);
    expect(names({ namespace: "shop" })).toEqual(["shop/a", "shop/b"]);
    expect(names({ labelSelector: "tier=web" })).toEqual(["default/c", "shop/b"]);
    expect(names({ labelSelector: "tier in (web,db),!env" })).toEqual(["default/c", "shop/a"]);
    expect(names({ fieldSelector: "metadata.name!=a,metadata.namespace=shop" })).toEqual(["shop/b"]);
    expect(store.list(configMaps).resourceVersion).toBe(store.currentResourceVersion());
    expect(apiError(() => store.list(configMaps, { fieldSelector: "status.phase=Running" })).message).toBe(
      "field label not supported: status.phase",
    );
  });
});
