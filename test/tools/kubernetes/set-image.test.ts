// k8s_set_image against the emulator: a new revision that rolls out, broken images that never
// become ready, container choice, dry runs, and argument validation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  changedLines,
  daemonSet,
  deployment,
  eventually,
  type MutationData,
  namespace,
  namespaceObject,
  rolledOut,
  statefulSet,
  status,
  stored,
  storedTemplate,
} from "./workload-fixtures.ts";

interface SetImageData extends MutationData {
  container: string;
  init: boolean;
  previousImage: string;
  image: string;
}

interface HistoryData {
  currentRevision?: number;
  revisions: Array<{
    revision: number;
    current: boolean;
    images: Array<{ container: string; image: string }>;
  }>;
}

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({ emulator: { readyDelayMs: 20, seed: [namespaceObject()] } });
});

afterAll(async () => {
  await harness?.close();
});

function containers(kind: string, name: string, list: "containers" | "initContainers" = "containers") {
  return storedTemplate(harness.emulator, kind, name).spec[list] ?? [];
}

describe("k8s_set_image", () => {
  it("is listed as a mutating, idempotent tool", async () => {
    const { tools } = await harness.client.listTools();
    expect(tools.find((t) => t.name === "k8s_set_image")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
    });
  });

  it("sets the only container's image, creating a new revision that rolls out", async () => {
    harness.emulator.seed([deployment("img-web", { replicas: 2, image: "nginx:1.25" })]);
    const ref = { namespace, kind: "Deployment", name: "img-web" };
    await rolledOut(harness, ref);

    const result = await harness.ok<SetImageData>("k8s_set_image", { ...ref, image: "nginx:1.27" });
    expect(result).toMatchObject({
      dryRun: false,
      changed: true,
      container: "app",
      init: false,
      previousImage: "nginx:1.25",
      image: "nginx:1.27",
    });
    expect(changedLines(result)).toEqual(expect.arrayContaining(["+image: nginx:1.27"]));
    expect(containers("Deployment", "img-web")[0]?.image).toBe("nginx:1.27");

    const done = await rolledOut(harness, ref);
    expect(done.replicas).toMatchObject({ desired: 2, updated: 2, available: 2, current: 2 });
    expect(done.revision).toBe(2);
    const history = await harness.ok<HistoryData>("k8s_rollout_history", ref);
    expect(history.currentRevision).toBe(2);
    expect(history.revisions[0]).toMatchObject({
      revision: 2,
      current: true,
      images: [{ image: "nginx:1.27" }],
    });
  });

  it("never completes a rollout to a broken image, while a healthy one completes", async () => {
    harness.emulator.seed([
      deployment("img-broken", { replicas: 2 }),
      deployment("img-control", { replicas: 2 }),
    ]);
    const broken = { namespace, kind: "Deployment", name: "img-broken" };
    const control = { namespace, kind: "Deployment", name: "img-control" };
    await rolledOut(harness, broken);
    await rolledOut(harness, control);

    await harness.ok("k8s_set_image", { ...broken, image: "registry.example.com/app:broken" });
    await harness.ok("k8s_set_image", { ...control, image: "nginx:1.27" });
    // Pods of both were created together with the same readiness delay: once the healthy rollout has
    // finished, the broken one has had every chance to.
    await rolledOut(harness, control);
    await harness.emulator.idle();
    const stuck = await status(harness, broken);
    expect(stuck.done).toBe(false);
    expect(stuck.message).toMatch(/^Waiting for deployment "img-broken" rollout to finish: /);
  });

  it("requires the container when there are several, listing them", async () => {
    harness.emulator.seed([
      deployment("img-multi", {
        sidecars: [{ name: "proxy", image: "envoy:1.30" }],
        initContainers: [{ name: "migrate", image: "migrate:1" }],
      }),
    ]);
    const ref = { namespace, kind: "Deployment", name: "img-multi" };
    const text = await harness.fail("k8s_set_image", { ...ref, image: "nginx:1.27" });
    expect(text).toContain(
      'Deployment "img-multi" in namespace "shop" has 2 containers, so "container" is required.',
    );
    expect(text).toContain("Its containers are: migrate (init container), app, proxy.");

    const unknown = await harness.fail("k8s_set_image", { ...ref, container: "web", image: "nginx:1.27" });
    expect(unknown).toContain('has no container named "web"');
    expect(unknown).toContain("migrate (init container), app, proxy");

    const sidecar = await harness.ok<SetImageData>("k8s_set_image", {
      ...ref,
      container: "proxy",
      image: "envoy:1.31",
    });
    expect(sidecar).toMatchObject({ container: "proxy", previousImage: "envoy:1.30", image: "envoy:1.31" });
    expect(containers("Deployment", "img-multi").map((c) => c.image)).toEqual(["nginx:1.25", "envoy:1.31"]);

    const init = await harness.ok<SetImageData>("k8s_set_image", {
      ...ref,
      container: "migrate",
      image: "migrate:2",
    });
    expect(init).toMatchObject({ container: "migrate", init: true, previousImage: "migrate:1" });
    expect(containers("Deployment", "img-multi", "initContainers")).toEqual([
      expect.objectContaining({ name: "migrate", image: "migrate:2" }),
    ]);
  });

  it("with dryRun changes nothing and returns the diff of the image", async () => {
    harness.emulator.seed([deployment("img-dry")]);
    const ref = { namespace, kind: "deploy", name: "img-dry" };
    await rolledOut(harness, ref);
    await harness.emulator.idle();
    const before = stored(harness.emulator, "Deployment", "img-dry");

    const result = await harness.ok<SetImageData>("k8s_set_image", {
      ...ref,
      image: "nginx:1.27",
      dryRun: true,
    });
    expect(result).toMatchObject({
      dryRun: true,
      changed: true,
      previousImage: "nginx:1.25",
      image: "nginx:1.27",
    });
    expect(changedLines(result)).toEqual(["-image: nginx:1.25", "+image: nginx:1.27"]);
    expect(stored(harness.emulator, "Deployment", "img-dry")).toEqual(before);
  });

  it("reports no change when the image is already set", async () => {
    harness.emulator.seed([deployment("img-same")]);
    // Let the controllers settle first, so the diff can only show what this call changed.
    await rolledOut(harness, { namespace, kind: "Deployment", name: "img-same" });
    await harness.emulator.idle();
    const result = await harness.ok<SetImageData>("k8s_set_image", {
      namespace,
      kind: "Deployment",
      name: "img-same",
      image: "nginx:1.25",
    });
    expect(result).toMatchObject({ changed: false, previousImage: "nginx:1.25" });
  });

  it.each([
    [{ image: "nginx 1.27" }, /image/],
    [{ image: "nginx:1.27;rm -rf /" }, /image/],
    [{ image: "$(curl evil)" }, /image/],
    [{ image: "" }, /image/],
    [{ container: "App_1" }, /container/],
    [{ kind: "Secret" }, /kind "Secret" is not supported by this tool/],
    [{ kind: "Pod" }, /kind "Pod" is not supported by this tool/],
    [{ name: "WEB" }, /name/],
  ])("rejects bad arguments %o", async (override, pattern) => {
    const args = { namespace, kind: "Deployment", name: "img-web", image: "nginx:1.27", ...override };
    expect(await harness.fail("k8s_set_image", args)).toMatch(pattern);
  });

  it("is refused in a namespace the policy denies", async () => {
    const restricted = await startMcpHarness({
      reuseEmulator: harness.emulator,
      policy: { denyNamespaces: ["shop"] },
    });
    try {
      const text = await restricted.fail("k8s_set_image", {
        namespace,
        kind: "Deployment",
        name: "img-web",
        image: "nginx:9",
      });
      expect(text).toBe('k8s_set_image refused: Namespace "shop" is denied by policy.');
    } finally {
      await restricted.close();
    }
    expect(containers("Deployment", "img-web")[0]?.image).not.toBe("nginx:9");
  });

  it("sets the image of a StatefulSet and a DaemonSet pod template", async () => {
    harness.emulator.seed([statefulSet("img-db"), daemonSet("img-agent")]);
    await harness.ok("k8s_set_image", { namespace, kind: "sts", name: "img-db", image: "postgres:17" });
    await harness.ok("k8s_set_image", { namespace, kind: "ds", name: "img-agent", image: "agent:2" });
    expect(containers("StatefulSet", "img-db")[0]?.image).toBe("postgres:17");
    expect(containers("DaemonSet", "img-agent")[0]?.image).toBe("agent:2");
    await eventually(
      () => status(harness, { namespace, kind: "StatefulSet", name: "img-db" }),
      (s) => s.done,
      { what: "the StatefulSet rollout" },
    );
  });
});
