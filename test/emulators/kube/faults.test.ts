// Fault injection as tests use it: failing the next requests, adding latency, dropping watches.
import { ApiException, CoreV1Api } from "@kubernetes/client-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pathMatches } from "./faults.ts";
import { type KubeEmulator, startKubeEmulator } from "./index.ts";

let emulator: KubeEmulator;
let core: CoreV1Api;

beforeAll(async () => {
  emulator = await startKubeEmulator();
  core = emulator.kubeConfig().makeApiClient(CoreV1Api);
});

afterEach(() => emulator.faults.clear());

afterAll(async () => {
  await emulator.close();
});

async function failureCode(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) return error.code;
    throw error;
  }
  return 0;
}

describe("faults", () => {
  it("fails the next N matching requests with a Status, then lets requests through", async () => {
    emulator.faults.failNext({
      path: "/api/v1/namespaces/default/configmaps",
      method: "GET",
      status: 503,
      count: 2,
      message: "etcd is sad",
    });
    const raw = await fetch(`${emulator.url}/api/v1/namespaces/default/configmaps`);
    expect(raw.status).toBe(503);
    expect(await raw.json()).toMatchObject({
      kind: "Status",
      code: 503,
      reason: "ServiceUnavailable",
      message: "etcd is sad",
    });
    expect(await failureCode(core.listNamespacedConfigMap({ namespace: "default" }))).toBe(503);
    expect(await failureCode(core.listNamespacedConfigMap({ namespace: "default" }))).toBe(0);
  });

  it("matches only real requests, or only server-side dry runs, when dryRun is given", async () => {
    emulator.faults.failNext({
      path: "/api/v1/namespaces/default/configmaps",
      method: "POST",
      status: 500,
      dryRun: false,
    });
    const body = { metadata: { name: "dry-or-not" } };
    expect(
      await failureCode(core.createNamespacedConfigMap({ namespace: "default", body, dryRun: "All" })),
    ).toBe(0);
    expect(await failureCode(core.createNamespacedConfigMap({ namespace: "default", body }))).toBe(500);
    emulator.faults.failNext({
      path: "/api/v1/namespaces/default/configmaps",
      method: "POST",
      status: 409,
      dryRun: true,
    });
    expect(await failureCode(core.createNamespacedConfigMap({ namespace: "default", body }))).toBe(0);
    expect(
      await failureCode(
        core.createNamespacedConfigMap({
          namespace: "default",
          body: { metadata: { name: "other" } },
          dryRun: "All",
        }),
      ),
    ).toBe(409);
  });

  it("matches only the given method and path", async () => {
    emulator.faults.failNext({ path: /\/configmaps\/target$/, method: "DELETE", status: 500 });
    expect(await failureCode(core.listNamespacedConfigMap({ namespace: "default" }))).toBe(0);
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "target" } } });
    expect(await failureCode(core.deleteNamespacedConfigMap({ name: "target", namespace: "default" }))).toBe(
      500,
    );
    expect(await failureCode(core.deleteNamespacedConfigMap({ name: "target", namespace: "default" }))).toBe(
      0,
    );
  });

  it("delays matching requests", async () => {
    emulator.faults.delay({ path: "/version", ms: 150, count: 1 });
    const started = performance.now();
    await fetch(`${emulator.url}/version`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const again = performance.now();
    await fetch(`${emulator.url}/version`);
    expect(performance.now() - again).toBeLessThan(140);
  });

  it("rejects nonsense rules with a message that says what is wrong", () => {
    expect(() => emulator.faults.failNext({ path: "/", status: 200 })).toThrow(
      /status must be an HTTP error code/,
    );
    expect(() => emulator.faults.delay({ path: "/", ms: -1 })).toThrow(/ms must be a non-negative number/);
  });

  it("dropWatches returns 0 when nothing is watching", () => {
    expect(emulator.faults.dropWatches()).toBe(0);
  });
});

describe("pathMatches", () => {
  it("matches a path exactly or as a parent, never a sibling with the same prefix", () => {
    expect(pathMatches("/api/v1/namespaces/a/pods/web", "/api/v1/namespaces/a/pods/web")).toBe(true);
    expect(pathMatches("/api/v1/namespaces/a/pods/web", "/api/v1/namespaces/a/pods/web/log")).toBe(true);
    expect(pathMatches("/api/v1/namespaces/a/pods/web", "/api/v1/namespaces/a/pods/web-2")).toBe(false);
    expect(pathMatches(/pods$/, "/api/v1/pods")).toBe(true);
  });
});
