// The HTTP surface seen by any client: discovery documents, OpenAPI v3 stubs, and the Status
// errors for unknown paths, wrong methods and bad bodies.
import { AuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeEmulator, startKubeEmulator } from "./index.ts";

let emulator: KubeEmulator;

beforeAll(async () => {
  emulator = await startKubeEmulator();
});

afterAll(async () => {
  await emulator.close();
});

async function get(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}${path}`, init);
  expect(response.headers.get("content-type")).toBe("application/json");
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("discovery", () => {
  it("serves /version, /api and /apis", async () => {
    expect((await get("/version")).body).toMatchObject({ major: "1", minor: "34" });
    expect((await get("/api")).body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = (await get("/apis")).body as { groups: { name: string; preferredVersion: unknown }[] };
    expect(groups.groups.map((g) => g.name)).toEqual([
      "apps",
      "coordination.k8s.io",
      "authorization.k8s.io",
      "argoproj.io", // Argo Rollouts' CRD, installed in every emulated cluster
    ]);
    expect((await get("/apis/apps")).body).toMatchObject({
      kind: "APIGroup",
      preferredVersion: { groupVersion: "apps/v1", version: "v1" },
    });
  });

  it("lists resources with verbs, short names, categories and subresources", async () => {
    const { body } = await get("/apis/apps/v1");
    const resources = body.resources as Record<string, unknown>[];
    expect(body).toMatchObject({ kind: "APIResourceList", groupVersion: "apps/v1" });
    expect(resources.find((r) => r.name === "deployments")).toMatchObject({
      singularName: "deployment",
      namespaced: true,
      kind: "Deployment",
      shortNames: ["deploy"],
      categories: ["all"],
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
    });
    expect(resources.find((r) => r.name === "deployments/scale")).toMatchObject({
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
      verbs: ["get", "patch", "update"],
    });
    const core = (await get("/api/v1")).body.resources as Record<string, unknown>[];
    expect(core.find((r) => r.name === "pods/log")).toMatchObject({ kind: "Pod", verbs: ["get"] });
    expect(core.find((r) => r.name === "namespaces")).toMatchObject({
      namespaced: false,
      shortNames: ["ns"],
    });
  });

  it("advertises server-side field validation through OpenAPI v3", async () => {
    const root = (await get("/openapi/v3")).body as { paths: Record<string, { serverRelativeURL: string }> };
    const appsUrl = root.paths["apis/apps/v1"]?.serverRelativeURL ?? "";
    expect(appsUrl).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = (await get(appsUrl)).body as { paths: Record<string, { patch: Record<string, unknown> }> };
    const patch = doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]?.patch;
    expect(patch?.["x-kubernetes-group-version-kind"]).toEqual({
      group: "apps",
      version: "v1",
      kind: "Deployment",
    });
    const parameters = (patch?.parameters ?? []) as { name: string }[];
    expect(parameters.map((p) => p.name)).toContain("fieldValidation");
  });
});

describe("access reviews", () => {
  it("allows everything through SelfSubjectAccessReview and stores nothing", async () => {
    const authorization = emulator.kubeConfig().makeApiClient(AuthorizationV1Api);
    const review = await authorization.createSelfSubjectAccessReview({
      body: {
        spec: {
          resourceAttributes: { verb: "patch", group: "apps", resource: "deployments", namespace: "x" },
        },
      },
    });
    expect(review.status?.allowed).toBe(true);
    expect(review.spec.resourceAttributes?.verb).toBe("patch");
    const list = await get("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
    expect(list.status).toBe(405);
    const { body } = await get("/apis/authorization.k8s.io/v1");
    expect(body.resources).toEqual([
      expect.objectContaining({ name: "selfsubjectaccessreviews", namespaced: false, verbs: ["create"] }),
    ]);
  });
});

describe("errors", () => {
  it("404s unknown paths and resources with a Status", async () => {
    for (const path of ["/apis/nope/v1", "/api/v1/widgets", "/apis/apps/v1/namespaces/x/deployments/a/b/c"]) {
      const { status, body } = await get(path);
      expect(status).toBe(404);
      expect(body).toMatchObject({ kind: "Status", reason: "NotFound", code: 404 });
    }
  });

  it("405s methods a path does not support", async () => {
    const { status, body } = await get("/apis/apps/v1/deployments", { method: "POST", body: "{}" });
    expect([status, body.reason]).toEqual([405, "MethodNotAllowed"]);
  });

  it("400s malformed JSON and a body that contradicts the URL", async () => {
    const post = (body: string) =>
      get("/api/v1/namespaces/default/configmaps", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
    expect((await post("{nope")).status).toBe(400);
    const wrongNs = await post(JSON.stringify({ metadata: { name: "x", namespace: "other" } }));
    expect([wrongNs.status, wrongNs.body.message]).toEqual([
      400,
      "the namespace of the provided object does not match the namespace sent on the request",
    ]);
    const wrongKind = await post(JSON.stringify({ kind: "Secret", metadata: { name: "x" } }));
    expect(wrongKind.status).toBe(400);
  });

  it("415s a protobuf body, which the emulator does not speak", async () => {
    const { status, body } = await get("/api/v1/namespaces/default/configmaps", {
      method: "POST",
      headers: { "Content-Type": "application/vnd.kubernetes.protobuf" },
      body: "k8s\u0000",
    });
    expect([status, body.reason]).toEqual([415, "UnsupportedMediaType"]);
  });

  it("pages lists with limit and continue", async () => {
    for (const name of ["p1", "p2", "p3"]) {
      await get("/api/v1/namespaces/kube-public/configmaps", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ metadata: { name } }),
      });
    }
    const first = (await get("/api/v1/namespaces/kube-public/configmaps?limit=2")).body as {
      items: { metadata: { name: string } }[];
      metadata: { continue: string; remainingItemCount: number };
    };
    expect(first.items.map((i) => i.metadata.name)).toEqual(["p1", "p2"]);
    expect(first.metadata.remainingItemCount).toBe(1);
    const second = (
      await get(`/api/v1/namespaces/kube-public/configmaps?limit=2&continue=${first.metadata.continue}`)
    ).body as { items: { metadata: { name: string } }[]; metadata: Record<string, unknown> };
    expect(second.items.map((i) => i.metadata.name)).toEqual(["p3"]);
    expect(second.metadata.continue).toBeUndefined();
  });
});
