// Conformance of the emulator with the real @kubernetes/client-node: typed APIs, the generic
// KubernetesObjectApi, errors as ApiException, dry runs, patches and the scale subresource.
import {
  ApiException,
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeEmulator, startKubeEmulator } from "./index.ts";
import type { KubeObject } from "./types.ts";

let emulator: KubeEmulator;
let core: CoreV1Api;
let apps: AppsV1Api;
let objects: KubernetesObjectApi;

beforeAll(async () => {
  emulator = await startKubeEmulator({
    seed: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }],
  });
  const kc = emulator.kubeConfig();
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  objects = KubernetesObjectApi.makeApiClient(kc);
});

afterAll(async () => {
  await emulator.close();
});

function deployment(name: string, namespace: string, replicas = 2): V1Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels: { app: name } },
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

async function apiError(
  promise: Promise<unknown>,
): Promise<{ code: number; status: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) {
      const body = typeof error.body === "string" ? JSON.parse(error.body) : error.body;
      return { code: error.code, status: body as Record<string, unknown> };
    }
    throw error;
  }
  throw new Error("expected the call to fail");
}

async function freshNamespace(name: string): Promise<string> {
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

describe("CoreV1Api", () => {
  it("creates, reads, replaces, lists and deletes ConfigMaps", async () => {
    const ns = await freshNamespace("cm-crud");
    const created = await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "settings", labels: { tier: "web" } }, data: { a: "1" } },
    });
    expect(created.metadata?.uid).toBeTruthy();
    expect(created.metadata?.resourceVersion).toBeTruthy();
    expect(created.metadata?.managedFields?.[0]).toMatchObject({ operation: "Update" });

    const read = await core.readNamespacedConfigMap({ name: "settings", namespace: ns });
    expect(read.data).toEqual({ a: "1" });

    const replaced = await core.replaceNamespacedConfigMap({
      name: "settings",
      namespace: ns,
      body: { ...read, data: { a: "2" } },
    });
    expect(replaced.data).toEqual({ a: "2" });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(read.metadata?.resourceVersion),
    );

    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "other", labels: { tier: "db" } } },
    });
    const web = await core.listNamespacedConfigMap({ namespace: ns, labelSelector: "tier=web" });
    expect(web.items.map((i) => i.metadata?.name)).toEqual(["settings"]);
    const byName = await core.listNamespacedConfigMap({
      namespace: ns,
      fieldSelector: "metadata.name=other",
    });
    expect(byName.items.map((i) => i.metadata?.name)).toEqual(["other"]);
    expect(Number(web.metadata?.resourceVersion)).toBeGreaterThanOrEqual(
      Number(replaced.metadata?.resourceVersion),
    );

    const status = await core.deleteNamespacedConfigMap({ name: "settings", namespace: ns });
    expect(status).toMatchObject({ status: "Success", details: { name: "settings", kind: "configmaps" } });
    const gone = await apiError(core.readNamespacedConfigMap({ name: "settings", namespace: ns }));
    expect(gone.code).toBe(404);
    expect(gone.status).toMatchObject({
      kind: "Status",
      reason: "NotFound",
      message: 'configmaps "settings" not found',
    });
  });

  it("surfaces 409 AlreadyExists, 409 Conflict and 422 Invalid as ApiException", async () => {
    const ns = await freshNamespace("cm-errors");
    const body = { metadata: { name: "dup" } };
    const first = await core.createNamespacedConfigMap({ namespace: ns, body });
    const duplicate = await apiError(core.createNamespacedConfigMap({ namespace: ns, body }));
    expect([duplicate.code, duplicate.status.reason]).toEqual([409, "AlreadyExists"]);

    await core.replaceNamespacedConfigMap({
      name: "dup",
      namespace: ns,
      body: { ...first, data: { x: "1" } },
    });
    const stale = await apiError(
      core.replaceNamespacedConfigMap({ name: "dup", namespace: ns, body: { ...first, data: { x: "2" } } }),
    );
    expect([stale.code, stale.status.reason]).toEqual([409, "Conflict"]);

    const bad = await apiError(
      core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "Not_Valid" } } }),
    );
    expect(bad.code).toBe(422);
    expect(bad.status).toMatchObject({
      reason: "Invalid",
      details: { causes: [{ reason: "FieldValueInvalid", field: "metadata.name" }] },
    });

    const noNamespace = await apiError(core.createNamespacedConfigMap({ namespace: "nowhere", body }));
    expect([noNamespace.code, noNamespace.status.message]).toEqual([404, 'namespaces "nowhere" not found']);
  });

  it("lists pods across namespaces with a status.phase field selector", async () => {
    const ns = await freshNamespace("pods-phase");
    await core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: "solo" }, spec: { containers: [{ name: "c", image: "busybox:1.36" }] } },
    });
    const pending = await core.listPodForAllNamespaces({
      fieldSelector: `status.phase=Pending,metadata.namespace=${ns}`,
    });
    expect(pending.items.map((p) => p.metadata?.name)).toEqual(["solo"]);
    const bad = await apiError(core.listPodForAllNamespaces({ fieldSelector: "spec.bogus=1" }));
    expect([bad.code, bad.status.message]).toEqual([400, "field label not supported: spec.bogus"]);
  });

  it("reads pod logs as plain text, from the annotation when a test sets one", async () => {
    const ns = await freshNamespace("pod-logs");
    await core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: "talker", annotations: { "kube-emulator.skyflo.dev/log": "one\ntwo\nthree" } },
        spec: { containers: [{ name: "c", image: "busybox:1.36" }] },
      },
    });
    // Logs exist once the container runs (the reconciler starts it after readyDelayMs).
    const deadline = Date.now() + 5000;
    while ((await core.readNamespacedPod({ name: "talker", namespace: ns })).status?.phase !== "Running") {
      if (Date.now() > deadline) throw new Error("pod talker never started running");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await core.readNamespacedPodLog({ name: "talker", namespace: ns })).toBe("one\ntwo\nthree\n");
    expect(await core.readNamespacedPodLog({ name: "talker", namespace: ns, tailLines: 1 })).toBe("three\n");
    const wrong = await apiError(
      core.readNamespacedPodLog({ name: "talker", namespace: ns, container: "nope" }),
    );
    expect(wrong.code).toBe(400);
  });

  it("dryRun=All returns the would-be object and changes nothing", async () => {
    const ns = await freshNamespace("dry-run");
    const events: string[] = [];
    const unsubscribe = emulator.store.subscribe((e) => {
      if (e.object.metadata.namespace === ns) events.push(`${e.type} ${e.object.metadata.name}`);
    });
    const created = await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "ghost" }, data: { a: "1" } },
      dryRun: "All",
    });
    expect(created.metadata?.name).toBe("ghost");
    expect(created.metadata?.uid).toBeTruthy();
    const real = await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "real" } },
    });
    const replaced = await core.replaceNamespacedConfigMap({
      name: "real",
      namespace: ns,
      body: { ...real, data: { b: "2" } },
      dryRun: "All",
    });
    expect(replaced.data).toEqual({ b: "2" });
    await core.patchNamespacedConfigMap(
      { name: "real", namespace: ns, body: { data: { c: "3" } }, dryRun: "All" },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({ name: "real", namespace: ns, dryRun: "All" });
    unsubscribe();
    expect(events).toEqual(["ADDED real"]);
    const live = await core.readNamespacedConfigMap({ name: "real", namespace: ns });
    expect(live.metadata?.resourceVersion).toBe(real.metadata?.resourceVersion);
    expect(live.data).toBeUndefined();
    expect((await apiError(core.readNamespacedConfigMap({ name: "ghost", namespace: ns }))).code).toBe(404);
  });
});

describe("AppsV1Api", () => {
  it("creates a Deployment with server defaults and reads it across namespaces", async () => {
    const ns = await freshNamespace("apps-crud");
    const created = await apps.createNamespacedDeployment({ namespace: ns, body: deployment("web", ns) });
    expect(created.metadata?.generation).toBe(1);
    expect(created.spec?.strategy?.type).toBe("RollingUpdate");
    expect(created.spec?.template.spec?.containers[0]?.imagePullPolicy).toBe("IfNotPresent");
    const all = await apps.listDeploymentForAllNamespaces({ labelSelector: "app=web" });
    expect(all.items.map((d) => `${d.metadata?.namespace}/${d.metadata?.name}`)).toContain(`${ns}/web`);
  });

  it("rejects a Deployment whose selector does not match its template (422)", async () => {
    const bad = deployment("mismatch", "shop");
    bad.spec = {
      ...(bad.spec as NonNullable<V1Deployment["spec"]>),
      selector: { matchLabels: { app: "other" } },
    };
    const error = await apiError(apps.createNamespacedDeployment({ namespace: "shop", body: bad }));
    expect(error.code).toBe(422);
    expect(error.status.message).toContain('Deployment.apps "mismatch" is invalid');
  });

  it("reads and writes the scale subresource", async () => {
    const ns = await freshNamespace("apps-scale");
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment("web", ns, 2) });
    const scale = await apps.readNamespacedDeploymentScale({ name: "web", namespace: ns });
    expect(scale).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 2 } });
    expect(scale.status?.selector).toBe("app=web");

    const replaced = await apps.replaceNamespacedDeploymentScale({
      name: "web",
      namespace: ns,
      body: { metadata: { name: "web", namespace: ns }, spec: { replicas: 4 } },
    });
    expect(replaced.spec?.replicas).toBe(4);
    await apps.patchNamespacedDeploymentScale(
      { name: "web", namespace: ns, body: { spec: { replicas: 6 } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const after = await apps.readNamespacedDeployment({ name: "web", namespace: ns });
    expect(after.spec?.replicas).toBe(6);
    expect(after.metadata?.generation).toBe(3);

    const negative = await apiError(
      apps.replaceNamespacedDeploymentScale({ name: "web", namespace: ns, body: { spec: { replicas: -1 } } }),
    );
    expect(negative.code).toBe(422);
  });

  it("updates status only through the status subresource", async () => {
    // A Service: no controller in the emulator writes its status, so the test owns it.
    const ns = await freshNamespace("status-subresource");
    const created = await core.createNamespacedService({
      namespace: ns,
      body: { metadata: { name: "front" }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } },
    });
    const ingress = [{ ip: "203.0.113.7" }];
    await core.replaceNamespacedServiceStatus({
      name: "front",
      namespace: ns,
      body: {
        ...created,
        spec: { ...created.spec, sessionAffinity: "ClientIP" },
        status: { loadBalancer: { ingress } },
      },
    });
    const read = await core.readNamespacedServiceStatus({ name: "front", namespace: ns });
    expect(read.status?.loadBalancer?.ingress).toEqual(ingress);
    expect(read.spec?.sessionAffinity).toBe("None");
    const main = await core.replaceNamespacedService({
      name: "front",
      namespace: ns,
      body: { ...read, status: { loadBalancer: {} } },
    });
    expect(main.status?.loadBalancer?.ingress).toEqual(ingress);
  });

  it("cascades a Deployment delete to what it owns", async () => {
    const ns = await freshNamespace("apps-cascade");
    const created = await apps.createNamespacedDeployment({ namespace: ns, body: deployment("web", ns) });
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: {
        metadata: {
          name: "owned",
          ownerReferences: [
            { apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: created.metadata?.uid ?? "" },
          ],
        },
      },
    });
    await apps.deleteNamespacedDeployment({ name: "web", namespace: ns });
    expect((await apiError(core.readNamespacedConfigMap({ name: "owned", namespace: ns }))).code).toBe(404);
  });
});

describe("custom resources", () => {
  it("serves a type registered at runtime: discovery, CRUD, and DELETE returning the object", async () => {
    emulator.store.registry.add({
      group: "argoproj.io",
      version: "v1alpha1",
      kind: "Rollout",
      listKind: "RolloutList",
      plural: "rollouts",
      singular: "rollout",
      namespaced: true,
      shortNames: ["ro"],
      subresources: ["status", "scale"],
    });
    const custom = emulator.kubeConfig().makeApiClient(CustomObjectsApi);
    const rollout = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      metadata: { name: "web" },
      spec: { replicas: 2, selector: { matchLabels: { app: "web" } } },
    };
    await custom.createNamespacedCustomObject({
      group: "argoproj.io",
      version: "v1alpha1",
      namespace: "shop",
      plural: "rollouts",
      body: rollout,
    });
    const listed = (await custom.listNamespacedCustomObject({
      group: "argoproj.io",
      version: "v1alpha1",
      namespace: "shop",
      plural: "rollouts",
    })) as { items: KubeObject[] };
    expect(listed.items.map((i) => [i.kind, i.metadata.name])).toEqual([["Rollout", "web"]]);
    const scale = await fetch(`${emulator.url}/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web/scale`);
    expect(await scale.json()).toMatchObject({ spec: { replicas: 2 }, status: { selector: "app=web" } });
    const deleted = (await custom.deleteNamespacedCustomObject({
      group: "argoproj.io",
      version: "v1alpha1",
      namespace: "shop",
      plural: "rollouts",
      name: "web",
    })) as KubeObject;
    expect(deleted.kind).toBe("Rollout");
  });
});

describe("CoordinationV1Api", () => {
  it("creates and renews a Lease with optimistic concurrency", async () => {
    const coordination = emulator.kubeConfig().makeApiClient(CoordinationV1Api);
    const lease = await coordination.createNamespacedLease({
      namespace: "kube-system",
      body: { metadata: { name: "skyflo-lock" }, spec: { holderIdentity: "a", leaseDurationSeconds: 15 } },
    });
    const renewed = await coordination.replaceNamespacedLease({
      name: "skyflo-lock",
      namespace: "kube-system",
      body: { ...lease, spec: { ...lease.spec, holderIdentity: "b" } },
    });
    expect(renewed.spec?.holderIdentity).toBe("b");
    const lost = await apiError(
      coordination.replaceNamespacedLease({
        name: "skyflo-lock",
        namespace: "kube-system",
        body: { ...lease, spec: { ...lease.spec, holderIdentity: "c" } },
      }),
    );
    expect(lost.code).toBe(409);
  });
});

describe("KubernetesObjectApi patches", () => {
  it("applies merge, strategic and JSON patches", async () => {
    const ns = await freshNamespace("patches");
    await objects.create(deployment("web", ns));
    const ref = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: ns } };
    await objects.patch(
      { ...ref, spec: { replicas: 3 } },
      undefined,
      undefined,
      "test",
      undefined,
      PatchStrategy.MergePatch,
    );
    await objects.patch(
      { ...ref, spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.28" }] } } } },
      undefined,
      undefined,
      "test",
      undefined,
      PatchStrategy.StrategicMergePatch,
    );
    const jsonPatch = [{ op: "add", path: "/metadata/labels/patched", value: "yes" }];
    await apps.patchNamespacedDeployment(
      { name: "web", namespace: ns, body: jsonPatch },
      setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
    );
    const live = await apps.readNamespacedDeployment({ name: "web", namespace: ns });
    expect(live.spec?.replicas).toBe(3);
    expect(live.spec?.template.spec?.containers.map((c) => c.image)).toEqual(["nginx:1.28"]);
    expect(live.metadata?.labels).toMatchObject({ app: "web", patched: "yes" });
  });

  it("server-side applies: creates when missing, conflicts between managers, force takes over", async () => {
    const ns = await freshNamespace("ssa");
    const applied = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cfg", namespace: ns },
      data: { mode: "a" },
    };
    const created = await objects.patch(
      applied,
      undefined,
      undefined,
      "alice",
      false,
      PatchStrategy.ServerSideApply,
    );
    expect((created as KubeObject).metadata.managedFields?.map((m) => [m.manager, m.operation])).toEqual([
      ["alice", "Apply"],
    ]);
    const conflict = await apiError(
      objects.patch(
        { ...applied, data: { mode: "b" } },
        undefined,
        undefined,
        "bob",
        false,
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(conflict.code).toBe(409);
    expect(String(conflict.status.message)).toContain("alice");
    const forced = await objects.patch(
      { ...applied, data: { mode: "b" } },
      undefined,
      undefined,
      "bob",
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((forced as KubeObject).data).toEqual({ mode: "b" });
  });

  it("requires a fieldManager for apply and refuses force on other patches (422, as a real server)", async () => {
    const ns = await freshNamespace("ssa-options");
    const applied = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: ns } };
    const noManager = await apiError(
      objects.patch(applied, undefined, undefined, undefined, undefined, PatchStrategy.ServerSideApply),
    );
    expect(noManager.code).toBe(422);
    expect(noManager.status.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  });

  it("answers an unsupported patch media type with 415", async () => {
    const response = await fetch(`${emulator.url}/api/v1/namespaces/default/configmaps/x`, {
      method: "PATCH",
      headers: { "Content-Type": "text/plain" },
      body: "{}",
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ reason: "UnsupportedMediaType", code: 415 });
  });
});
