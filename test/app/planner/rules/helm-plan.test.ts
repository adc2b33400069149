// The rules planner's Helm phrasings against the emulator: releases seeded as Helm writes them are
// read through the read-only Helm tools; upgrades, rollbacks and uninstalls become plans with the
// next revision's intents, and what cannot be planned (missing release, revision, chart; a no-op
// rollback; an operation in progress) becomes a reply. Last, a plan is previewed, executed and
// verified with the real helm binary.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPlan, writePlan } from "../../../../app/plan/index.ts";
import {
  type PlannerContext,
  type PlanOutcome,
  planWithRules,
  rulesHelp,
} from "../../../../app/planner/rules/index.ts";
import { inProcessToolCaller, type ToolCaller } from "../../../../app/tool-caller.ts";
import { verifyIntent } from "../../../../app/verify/index.ts";
import { disposeHelmWorkspaces } from "../../../../tools/helm/index.ts";
import { createKubeClients, createToolRegistry, invokeTool, Policy } from "../../../../tools/index.ts";
import type { KubeObject } from "../../../emulators/kube/types.ts";
import { helmPath } from "../../../support/kube-binaries.ts";
import { type KubectlSession, startKubectlSession } from "../../../support/kubectl-session.ts";
import { fixturesRoot } from "../../../tools/helm/helm-fixtures.ts";
import { deploymentManifest, type FakeRelease, releaseSecret } from "../../../tools/helm/release-secrets.ts";
import { type ClusterFixture, startClusterFixture, workload } from "./cluster-fixture.ts";

const NOW = new Date("2026-11-25T10:00:00Z");
const chartYaml = "apiVersion: v2\nname: shop\nversion: 0.1.0\nappVersion: '1.27'\n";
const repoFiles: Record<string, string> = { "charts/shop/Chart.yaml": chartYaml };

let cluster: ClusterFixture;

function revisions(
  name: string,
  statuses: FakeRelease["status"][],
  manifest = deploymentManifest(`${name}-web`, 2),
) {
  return statuses.map(
    (status, index) =>
      releaseSecret({
        name,
        namespace: "shop",
        revision: index + 1,
        status,
        chart: { name: "shop", version: `0.${index + 1}.0` },
        manifest,
      }) as unknown as KubeObject,
  );
}

beforeAll(async () => {
  cluster = await startClusterFixture([
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "empty" } },
    workload("Deployment", "web", "shop", { replicas: 3 }),
    ...revisions("shop", ["superseded", "superseded", "deployed"]),
    ...revisions("stuck", ["deployed", "pending-upgrade"]),
    ...revisions("fresh", ["deployed"]),
  ]);
});

afterAll(async () => {
  await cluster?.close();
  await disposeHelmWorkspaces();
});

function recording(tools: ToolCaller, calls: string[]): ToolCaller {
  return {
    call(tool, args) {
      calls.push(tool);
      return tools.call(tool, args);
    },
  };
}

function plan(
  text: string,
  calls: string[] = [],
  tools: ToolCaller = cluster.planning,
): Promise<PlanOutcome> {
  const context: PlannerContext = {
    tools: recording(tools, calls),
    readRepoFile: async (path) => repoFiles[path],
    now: () => NOW,
  };
  return planWithRules(
    { text, by: "alice", url: "https://github.com/acme/shop/issues/42#issuecomment-1", issueNumber: 42 },
    context,
  );
}

async function planned(text: string, tools?: ToolCaller) {
  const outcome = await plan(text, [], tools);
  if (!outcome.ok) throw new Error(`expected a plan for "${text}", got the reply:\n${outcome.reply}`);
  // Every plan survives the file format.
  expect(readPlan(writePlan(outcome.plan))).toMatchObject({ ok: true, plan: outcome.plan });
  return outcome.plan;
}

async function replyTo(text: string): Promise<string> {
  const outcome = await plan(text);
  if (outcome.ok) throw new Error(`expected a reply for "${text}", got plan ${outcome.plan.metadata.id}`);
  return outcome.reply;
}

const intents = (release: string, revision: number) => [
  {
    id: `${release}-deployed`,
    check: "helm_release_deployed",
    args: { namespace: "shop", release, revision },
    timeoutSeconds: 300,
  },
  {
    id: `${release}-rolled-out`,
    check: "helm_release_rolled_out",
    args: { namespace: "shop", release, revision },
    timeoutSeconds: 300,
  },
];

describe("planWithRules: Helm plans", () => {
  it("plans an upgrade that keeps the release's values and sets the named ones, reading only", async () => {
    const calls: string[] = [];
    const outcome = await plan(
      "upgrade release shop with chart charts/shop version 0.1.0 set image.tag=1.28 set replicas=3 in shop",
      calls,
    );
    if (!outcome.ok) throw new Error(outcome.reply);
    expect(outcome.plan.metadata.id).toBe("42-upgrade-shop");
    expect(outcome.plan.steps).toEqual([
      {
        id: "upgrade-shop",
        tool: "helm_upgrade",
        args: {
          namespace: "shop",
          release: "shop",
          chart: "charts/shop",
          version: "0.1.0",
          values: {},
          set: { "image.tag": "1.28", replicas: 3 },
          reuseValues: true,
          wait: false,
          timeoutSeconds: 300,
        },
        reason:
          "Upgrade Helm release shop from revision 3 (shop-0.3.0, deployed) to revision 4 with chart charts/shop 0.1.0, setting image.tag, replicas over its current values, as requested.",
      },
    ]);
    expect(outcome.plan.verify).toEqual(intents("shop", 4));
    expect(calls.every((tool) => cluster.isMutatingTool(tool) === false)).toBe(true);
    expect(calls).toContain("helm_history");
  });

  it("plans a rollback to a named revision, and to the one before by default", async () => {
    const named = await planned("rollback release shop to revision 2 in shop");
    expect(named.steps).toEqual([
      {
        id: "rollback-shop",
        tool: "helm_rollback",
        args: { namespace: "shop", release: "shop", revision: 2, wait: false, timeoutSeconds: 300 },
        reason:
          "Roll Helm release shop back from revision 3 to revision 2 (shop-0.2.0); Helm records it as revision 4. As requested.",
      },
    ]);
    expect(named.verify).toEqual(intents("shop", 4));
    const previous = await planned("roll back release shop in shop");
    expect(previous.steps[0]?.args).toMatchObject({ revision: 2 });
  });

  it("plans an uninstall verified by the release records and workloads being gone", async () => {
    const uninstall = await planned("uninstall release shop in shop");
    expect(uninstall.steps).toEqual([
      {
        id: "uninstall-shop",
        tool: "helm_uninstall",
        args: { namespace: "shop", release: "shop", keepHistory: false, wait: false, timeoutSeconds: 300 },
        reason:
          "Uninstall Helm release shop (revision 3, shop-0.3.0): its 1 object and release records are deleted, as requested.",
      },
    ]);
    expect(uninstall.verify.map((v) => [v.check, v.args])).toEqual([
      ["k8s_object_absent", { namespace: "shop", kind: "Secret", name: "sh.helm.release.v1.shop.v3" }],
      ["k8s_object_absent", { namespace: "shop", kind: "Deployment", name: "shop-web" }],
    ]);
  });
});

describe("planWithRules: Helm replies", () => {
  it("names the releases that exist when the release does not", async () => {
    expect(await replyTo("upgrade release nope with chart charts/shop in shop")).toBe(
      'I read this as a request to upgrade Helm release "nope" in namespace "shop" with chart charts/shop. Helm release "nope" in namespace "shop" does not exist. Helm releases in namespace "shop": fresh, shop, stuck.',
    );
    expect(await replyTo("uninstall release shop in empty")).toContain(
      'Helm release "shop" in namespace "empty" does not exist. There are no Helm releases in namespace "empty".',
    );
  });

  it("refuses revisions that do not exist and a rollback to where the release already is", async () => {
    expect(await replyTo("rollback release shop to revision 9 in shop")).toContain(
      'Helm release "shop" in namespace "shop" has no revision 9. Its revisions are: 3, 2, 1.',
    );
    expect(await replyTo("rollback release fresh in shop")).toContain(
      'Helm release "fresh" in namespace "shop" has no earlier revision to roll back to (revisions: 1).',
    );
    expect(await replyTo("rollback release shop to revision 3 in shop")).toContain(
      'Nothing would change: Helm release "shop" in namespace "shop" is already at revision 3 (shop-0.3.0, deployed). No plan was opened.',
    );
  });

  it("refuses a chart that is not on the default branch, or not in the version asked for", async () => {
    expect(await replyTo("upgrade release shop with chart charts/web in shop")).toContain(
      "There is no chart at charts/web on the repository's default branch (charts/web/Chart.yaml does not exist).",
    );
    expect(await replyTo("upgrade release shop with chart charts/shop version 2.0.0 in shop")).toContain(
      "The chart at charts/shop is version 0.1.0 on the default branch, not 2.0.0.",
    );
  });

  it("refuses while another helm operation is in progress", async () => {
    expect(await replyTo("upgrade release stuck with chart charts/shop in shop")).toContain(
      'Helm release "stuck" in namespace "shop" is in the middle of another operation: its newest revision 2 is pending-upgrade.',
    );
  });

  it("lists the Helm phrasings in the help", () => {
    const help = rulesHelp();
    expect(help).toContain("`upgrade release shop with chart charts/shop in shop`");
    expect(help).toContain("`rollback release shop to revision 2 in shop`");
    expect(help).toContain("`uninstall release shop in shop`");
  });
});

describe("a Helm plan previewed, executed and verified with the real helm", () => {
  let session: KubectlSession;

  beforeAll(async () => {
    session = await startKubectlSession({ namespace: "shop", reuseEmulator: cluster.emulator });
    await session.helm("install", "live", `${fixturesRoot}charts/shop`);
  });

  afterAll(async () => {
    await session?.close();
  });

  it("upgrades the release as planned and the intents pass", async () => {
    const registry = createToolRegistry();
    const context = {
      kube: createKubeClients(cluster.emulator.kubeConfig()),
      policy: new Policy({ allowWrite: true }),
      helm: { binary: await helmPath(), chartsRoot: fixturesRoot },
    };
    const planning = inProcessToolCaller({ registry, context, mutating: "none" });
    const preview = inProcessToolCaller({ registry, context, mutating: "dry-run" });
    const upgrade = await planned(
      "upgrade release live with chart charts/shop set replicas=2 in shop",
      planning,
    );
    const step = upgrade.steps[0];
    if (!step) throw new Error("no step");

    const dry = await preview.call(step.tool, { ...step.args, dryRun: true });
    if (!dry.ok) throw new Error(dry.error);
    expect(dry.summary).toContain("Dry run: would upgrade");
    const deploymentDiff = (dry.data.objects as Array<{ key: string; diff: string }>).find(
      (o) => o.key === "Deployment/shop/live-web",
    );
    expect(deploymentDiff?.diff).toContain("-  replicas: 1\n+  replicas: 2");

    const tool = registry.get(step.tool);
    if (!tool) throw new Error("no tool");
    const executed = await invokeTool(tool, step.args, context);
    expect(executed.isError).toBeFalsy();
    for (const entry of upgrade.verify) {
      expect(await verifyIntent(entry, context.kube, { timeScale: 0.1 })).toMatchObject({ status: "passed" });
    }
  });
});
