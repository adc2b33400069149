// The workload tools against the real kubectl (v1.34) on the same emulator: the same status messages
// from `kubectl rollout status --watch=false`, the same revisions as `kubectl rollout history`, and an
// undo that leaves exactly the Deployment `kubectl rollout undo` leaves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubectlSession, startKubectlSession } from "../../support/kubectl-session.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  daemonSet,
  deployment,
  deploymentWithRevisions,
  eventually,
  namespace,
  namespaceObject,
  rolledOut,
  statefulSet,
  status,
  storedOrFail,
  type WorkloadArgs,
} from "./workload-fixtures.ts";

let harness: McpHarness;
let session: KubectlSession;

beforeAll(async () => {
  harness = await startMcpHarness({
    emulator: { readyDelayMs: 20, seed: [namespaceObject(), namespaceObject("shop-twin")] },
  });
  session = await startKubectlSession({ reuseEmulator: harness.emulator });
});

afterAll(async () => {
  await session?.close();
  await harness?.close();
});

/** kubectl's combined output, whether it succeeded or not. */
async function kubectl(ns: string, ...args: string[]): Promise<string> {
  const { stdout, stderr } = await session.kubectlResult("-n", ns, ...args);
  return `${stdout}${stderr}`.trim();
}

function kubectlStatus(ref: WorkloadArgs): Promise<string> {
  return kubectl(
    ref.namespace,
    "rollout",
    "status",
    `${ref.kind.toLowerCase()}/${ref.name}`,
    "--watch=false",
  );
}

describe("k8s_rollout_status matches kubectl rollout status", () => {
  it.each([
    ["Deployment", deployment("parity-web", { replicas: 2 })],
    ["StatefulSet", statefulSet("parity-db", { replicas: 2 })],
    ["DaemonSet", daemonSet("parity-agent")],
  ])("for a finished %s rollout", async (kind, object) => {
    harness.emulator.seed([object]);
    const ref = { namespace, kind, name: object.metadata.name ?? "" };
    const ours = await rolledOut(harness, ref);
    await harness.emulator.idle();
    expect(await kubectlStatus(ref)).toBe(ours.message);
  });

  it("for a rollout stuck on a broken image", async () => {
    harness.emulator.seed([deployment("parity-stuck", { replicas: 2 })]);
    const ref = { namespace, kind: "Deployment", name: "parity-stuck" };
    await rolledOut(harness, ref);
    await harness.ok("k8s_set_image", { ...ref, image: "app:broken" });
    // Wait for the rollout to reach the state it stays in: the surge pod created and never ready.
    const stuck = await eventually(
      () => status(harness, ref),
      (s) => s.observedGeneration >= s.generation && s.replicas.updated > 0,
      { what: "the broken rollout to start" },
    );
    await harness.emulator.idle();
    const ours = await status(harness, ref);
    expect(ours).toMatchObject({ done: false, message: stuck.message });
    expect(await kubectlStatus(ref)).toBe(ours.message);
  });

  it("for a rollout past its progress deadline (kubectl reports it as an error)", async () => {
    harness.emulator.seed([
      deployment("parity-late", { replicas: 1, image: "app:does-not-exist", progressDeadlineSeconds: 1 }),
    ]);
    const ref = { namespace, kind: "Deployment", name: "parity-late" };
    const ours = await eventually(
      () => status(harness, ref),
      (s) => s.failed,
    );
    expect(await kubectlStatus(ref)).toBe(`error: ${ours.message}`);
  });
});

describe("k8s_rollout_history and k8s_rollout_undo match kubectl", () => {
  /** The same Deployment with the same three revisions in two namespaces. */
  async function twins(name: string): Promise<[WorkloadArgs, WorkloadArgs]> {
    const twin = (ns: string) =>
      deploymentWithRevisions(harness, name, ["nginx:1.25", "nginx:1.26", "nginx:1.27"], {
        namespace: ns,
        annotations: { "kubernetes.io/change-cause": "first" },
      });
    return [await twin(namespace), await twin("shop-twin")];
  }

  function rolledBackState(ref: WorkloadArgs) {
    const type = harness.emulator.store.registry.byKind("apps/v1", "Deployment");
    if (!type) throw new Error("no Deployment type");
    const live = harness.emulator.store.get(type, ref.namespace, ref.name);
    if (!live) throw new Error(`no Deployment ${ref.namespace}/${ref.name}`);
    return {
      annotations: live.metadata.annotations,
      template: (live.spec as { template: unknown }).template,
    };
  }

  it("lists the same revisions as kubectl rollout history", async () => {
    const [ref] = await twins("parity-hist");
    const ours = await harness.ok<{ revisions: Array<{ revision: number; changeCause?: string }> }>(
      "k8s_rollout_history",
      ref,
    );
    const rows = (await kubectl(ref.namespace, "rollout", "history", `deployment/${ref.name}`))
      .split("\n")
      .slice(2)
      .map((line) => line.trim().split(/\s+/));
    const kubectlRevisions = rows.map(([revision, cause]) => [
      Number(revision),
      cause === "<none>" ? undefined : cause,
    ]);
    const ourRevisions = [...ours.revisions].reverse().map((r) => [r.revision, r.changeCause]);
    expect(ourRevisions).toEqual(kubectlRevisions);
  });

  it.each([
    ["the previous revision", []],
    ["a named revision", ["--to-revision=1"]],
  ])("undoes to %s exactly as kubectl rollout undo does", async (_, flags) => {
    const name = flags.length > 0 ? "parity-undo-to" : "parity-undo";
    const [ours, theirs] = await twins(name);
    await harness.ok("k8s_rollout_undo", { ...ours, ...(flags.length > 0 ? { toRevision: 1 } : {}) });
    expect(await kubectl(theirs.namespace, "rollout", "undo", `deployment/${name}`, ...flags)).toBe(
      `deployment.apps/${name} rolled back`,
    );
    await rolledOut(harness, ours);
    await rolledOut(harness, theirs);
    await harness.emulator.idle();
    expect(rolledBackState(ours)).toEqual(rolledBackState(theirs));
    expect(storedOrFail(harness.emulator, "Deployment", name).metadata.annotations).toMatchObject({
      "deployment.kubernetes.io/revision": "4",
    });
  });

  it("refuses a rollback to the current template, as kubectl skips it", async () => {
    const [ours, theirs] = await twins("parity-skip");
    const ourError = await harness.fail("k8s_rollout_undo", { ...ours, toRevision: 3 });
    const kubectlSays = await kubectl(
      theirs.namespace,
      "rollout",
      "undo",
      "deployment/parity-skip",
      "--to-revision=3",
    );
    expect(kubectlSays).toContain("skipped rollback (current template already matches revision 3)");
    expect(ourError).toContain("skipped rollback: current template already matches revision 3");
  });
});
