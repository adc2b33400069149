// k8s_get against the emulator: one object or a bounded list of any kind (CRDs too), Secret
// values never shown, and arguments that could reach a URL or selector refused with a sentence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  badNames,
  configMap,
  deployment,
  everything,
  namespace,
  namespaceObject,
  type ObjectJson,
  secret,
  widget,
  widgetType,
} from "./object-fixtures.ts";

interface GetData {
  resource: { kind: string; apiVersion: string; plural: string; namespaced: boolean };
  object?: ObjectJson;
  items?: ObjectJson[];
  rows?: Array<{ name: string; namespace?: string; age: string; ready?: string; status?: string }>;
  truncated: boolean;
  continue?: string;
}

const password = "s3cr3t-hunter2-value";
let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({
    emulator: {
      readyDelayMs: 10,
      seed: [
        namespaceObject(),
        namespaceObject("other"),
        configMap("alpha"),
        configMap("beta"),
        configMap("gamma"),
        configMap("delta"),
        configMap("epsilon"),
        configMap("elsewhere", { color: "red" }, "other"),
        deployment("web", { replicas: 2 }),
        secret("db", { password }),
      ],
    },
  });
  harness.emulator.store.registry.add(widgetType);
  harness.emulator.seed([widget("gizmo", { size: 3 })]);
});

afterAll(async () => {
  await harness?.close();
});

describe("k8s_get one object", () => {
  it("returns the object without managedFields, and a summary line", async () => {
    const result = await harness.call("k8s_get", { kind: "ConfigMap", name: "alpha", namespace });
    expect(result.isError).toBeFalsy();
    const data = result.structuredContent as unknown as GetData;
    expect(data.resource).toEqual({
      kind: "ConfigMap",
      apiVersion: "v1",
      plural: "configmaps",
      namespaced: true,
    });
    expect(data.object).toMatchObject({
      kind: "ConfigMap",
      metadata: { name: "alpha", namespace },
      data: { color: "blue" },
    });
    expect(data.object?.metadata.managedFields).toBeUndefined();
    expect(data.truncated).toBe(false);
    const text = result.content[0]?.type === "text" ? result.content[0].text : "";
    expect(text.split("\n")[0]).toMatch(/^ConfigMap "alpha" in namespace "shop": age \d+s\.$/);
  });

  it("resolves plurals and short names and reports workload readiness", async () => {
    await harness.emulator.idle();
    const data = await harness.ok<GetData>("k8s_get", { kind: "deploy", name: "web", namespace });
    expect(data.resource.kind).toBe("Deployment");
    expect(data.object?.spec?.replicas).toBe(2);
    const plural = await harness.ok<GetData>("k8s_get", {
      kind: "deployments",
      name: "web",
      namespace,
      apiVersion: "apps/v1",
    });
    expect(plural.object?.metadata.name).toBe("web");
  });

  it("reads custom resources served through a CRD", async () => {
    const data = await harness.ok<GetData>("k8s_get", { kind: "Widget", name: "gizmo", namespace });
    expect(data.resource).toMatchObject({ kind: "Widget", apiVersion: "example.com/v1", plural: "widgets" });
    expect(data.object).toMatchObject({ apiVersion: "example.com/v1", kind: "Widget", spec: { size: 3 } });
    const short = await harness.ok<GetData>("k8s_get", { kind: "wdg", name: "gizmo", namespace });
    expect(short.object?.metadata.name).toBe("gizmo");
  });

  it("reads cluster-scoped objects without a namespace", async () => {
    const data = await harness.ok<GetData>("k8s_get", { kind: "Namespace", name: "other" });
    expect(data.resource.namespaced).toBe(false);
    expect(data.object?.metadata.name).toBe("other");
  });

  it("never shows a Secret's values, plain or base64, in the text or the structured content", async () => {
    const result = await harness.call("k8s_get", { kind: "Secret", name: "db", namespace });
    expect(result.isError).toBeFalsy();
    const all = everything(result);
    expect(all).not.toContain(password);
    expect(all).not.toContain(Buffer.from(password).toString("base64"));
    const data = result.structuredContent as unknown as GetData;
    expect(data.object?.data?.password).toMatch(/^<redacted: 20 bytes>$/);
  });

  it("never shows Secret values in a list either", async () => {
    const result = await harness.call("k8s_get", { kind: "secrets", namespace });
    expect(result.isError).toBeFalsy();
    const all = everything(result);
    expect(all).not.toContain(password);
    expect(all).not.toContain(Buffer.from(password).toString("base64"));
    const data = result.structuredContent as unknown as GetData;
    expect(data.items?.map((i) => i.metadata.name)).toContain("db");
  });

  it("names the object and namespace when it does not exist", async () => {
    const message = await harness.fail("k8s_get", { kind: "ConfigMap", name: "missing", namespace });
    expect(message).toContain('ConfigMap "missing" in namespace "shop"');
    expect(message).toContain("does not exist");
  });
});

describe("k8s_get lists", () => {
  it("lists a namespace with a compact row per item", async () => {
    const data = await harness.ok<GetData>("k8s_get", { kind: "ConfigMap", namespace });
    const names = data.rows?.map((r) => r.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(["alpha", "beta", "gamma", "delta", "epsilon"]));
    expect(names).not.toContain("elsewhere");
    expect(data.items?.every((i) => i.kind === "ConfigMap" && i.metadata.managedFields === undefined)).toBe(
      true,
    );
    expect(data.rows?.[0]).toMatchObject({ namespace, age: expect.stringMatching(/^\d+s$/) });
    expect(data.truncated).toBe(false);
  });

  it("shows ready/desired for workloads", async () => {
    await harness.emulator.idle();
    const data = await harness.ok<GetData>("k8s_get", { kind: "Deployment", namespace });
    expect(data.rows?.find((r) => r.name === "web")?.ready).toMatch(/^\d\/2$/);
    const pods = await harness.ok<GetData>("k8s_get", { kind: "pods", namespace, labelSelector: "app=web" });
    expect(pods.rows?.length).toBe(2);
    expect(pods.rows?.[0]).toMatchObject({
      ready: expect.stringMatching(/^[01]\/1$/),
      status: expect.any(String),
    });
  });

  it("filters by label and field selectors", async () => {
    const byLabel = await harness.ok<GetData>("k8s_get", {
      kind: "ConfigMap",
      namespace,
      labelSelector: "app in (alpha,beta)",
    });
    expect(byLabel.rows?.map((r) => r.name).sort()).toEqual(["alpha", "beta"]);
    const byField = await harness.ok<GetData>("k8s_get", {
      kind: "ConfigMap",
      namespace,
      fieldSelector: "metadata.name=gamma",
    });
    expect(byField.rows?.map((r) => r.name)).toEqual(["gamma"]);
  });

  it("bounds lists with limit, says truncated, and pages with continue", async () => {
    const first = await harness.ok<GetData>("k8s_get", { kind: "ConfigMap", namespace, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.truncated).toBe(true);
    expect(first.continue).toEqual(expect.any(String));
    const second = await harness.ok<GetData>("k8s_get", {
      kind: "ConfigMap",
      namespace,
      limit: 2,
      continue: first.continue,
    });
    expect(second.items).toHaveLength(2);
    const seen = [...(first.rows ?? []), ...(second.rows ?? [])].map((r) => r.name);
    expect(new Set(seen).size).toBe(4);
  });

  it("lists across all namespaces", async () => {
    const data = await harness.ok<GetData>("k8s_get", { kind: "ConfigMap", allNamespaces: true, limit: 500 });
    const where = data.rows?.map((r) => `${r.namespace}/${r.name}`) ?? [];
    expect(where).toEqual(expect.arrayContaining(["shop/alpha", "other/elsewhere"]));
  });

  it("rejects limits above the maximum", async () => {
    const message = await harness.fail("k8s_get", { kind: "ConfigMap", namespace, limit: 501 });
    expect(message).toMatch(/limit/);
  });
});

describe("k8s_get refuses bad arguments with a clear error", () => {
  it.each(badNames)("refuses the name %j (%s)", async (name) => {
    const message = await harness.fail("k8s_get", { kind: "ConfigMap", name, namespace });
    expect(message).toMatch(/name/);
  });

  it.each(badNames)("refuses the namespace %j (%s)", async (bad) => {
    const message = await harness.fail("k8s_get", { kind: "ConfigMap", namespace: bad });
    expect(message).toMatch(/namespace/);
  });

  it.each([
    ["app=web&watch=true", "query injection"],
    ["a=b\nc", "newline"],
    ["app=web;rm -rf /", "shell characters"],
    ["app=web,", "trailing comma"],
  ])("refuses the label selector %j (%s)", async (labelSelector) => {
    const message = await harness.fail("k8s_get", { kind: "ConfigMap", namespace, labelSelector });
    expect(message).toMatch(/label selector/);
  });

  it.each([["metadata.name=a&watch=true"], ["metadata.name=a\nb"]])(
    "refuses the field selector %j",
    async (fieldSelector) => {
      const message = await harness.fail("k8s_get", { kind: "ConfigMap", namespace, fieldSelector });
      expect(message).toMatch(/field selector/);
    },
  );

  it("refuses kinds that are not names, and explains unknown kinds", async () => {
    expect(await harness.fail("k8s_get", { kind: "deployments/scale", namespace })).toMatch(/kind/);
    const unknown = await harness.fail("k8s_get", { kind: "Frobnicator", namespace });
    expect(unknown).toContain('does not serve a resource called "Frobnicator"');
    expect(unknown).toContain("k8s_api_resources");
  });

  it("asks for a namespace for namespaced kinds", async () => {
    const message = await harness.fail("k8s_get", { kind: "ConfigMap", name: "alpha" });
    expect(message).toContain("ConfigMap is a namespaced kind and no namespace was given");
  });

  it("refuses a name together with list arguments, and namespace with allNamespaces", async () => {
    expect(
      await harness.fail("k8s_get", { kind: "ConfigMap", name: "alpha", namespace, labelSelector: "a=b" }),
    ).toContain("list arguments");
    expect(await harness.fail("k8s_get", { kind: "ConfigMap", namespace, allNamespaces: true })).toContain(
      "either namespace or allNamespaces",
    );
  });

  it("refuses a continue token that is not one", async () => {
    expect(await harness.fail("k8s_get", { kind: "ConfigMap", namespace, continue: "a b&c" })).toMatch(
      /continue/,
    );
  });
});
