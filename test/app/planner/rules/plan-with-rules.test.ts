// The rules planner against the Kubernetes emulator: each supported phrasing becomes a valid plan
// with fully-specified args and verification intents, read from the live cluster; everything it
// cannot plan becomes a reply that names the problem, and nothing in the cluster changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePlan, planDigest, writePlan } from "../../../../app/plan/index.ts";
import {
  type PlannerContext,
  type PlanOutcome,
  planWithRules,
  rulesHelp,
} from "../../../../app/planner/rules/index.ts";
import { plannedArgsSchema } from "../../../../app/planner/rules/planned-args.ts";
import type { ToolCaller } from "../../../../app/tool-caller.ts";
import { type ClusterFixture, startClusterFixture, storedSpec, workload } from "./cluster-fixture.ts";

const NOW = new Date("2026-11-25T10:00:00Z");
const WEB_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: nginx:1.26
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-settings
data:
  mode: fast
`;
const WEB2_YAML = WEB_YAML.replaceAll("web", "web2")
  .replace("name: web2-settings", "name: web-settings")
  .replace("name: web-settings\n", "name: web-settings\n  namespace: shop\n");
const repoFiles: Record<string, string> = {
  "k8s/web.yaml": WEB_YAML,
  "k8s/shop-v2.yaml": WEB2_YAML,
  "k8s/no-namespace.yaml": WEB2_YAML.replace("  namespace: shop\n", "").replace("  namespace: shop\n", ""),
};

let cluster: ClusterFixture;

beforeAll(async () => {
  cluster = await startClusterFixture([
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "empty" } },
    workload("Deployment", "web", "shop", { replicas: 3 }),
    workload("Deployment", "api", "shop", {
      replicas: 2,
      containers: [
        { name: "api", image: "api:1.0" },
        { name: "proxy", image: "envoy:1.30" },
      ],
      initContainers: [{ name: "migrate", image: "api-migrate:1.0" }],
    }),
    workload("Deployment", "multi", "shop", {
      containers: [
        { name: "app", image: "app:1" },
        { name: "sidecar", image: "proxy:1" },
      ],
    }),
    workload("Deployment", "frozen", "shop", { paused: true }),
    workload("Deployment", "hist", "shop", {
      replicas: 1,
      containers: [{ name: "app", image: "nginx:1.25" }],
    }),
    workload("StatefulSet", "db", "shop", {
      replicas: 2,
      containers: [{ name: "postgres", image: "postgres:16" }],
    }),
    workload("DaemonSet", "agent", "shop", { containers: [{ name: "agent", image: "agent:1" }] }),
  ]);
  await cluster.emulator.idle();
  // Revisions 1..3 of "hist": nginx:1.25 → 1.26 → 1.27.
  for (const image of ["nginx:1.26", "nginx:1.27"]) {
    await cluster.run("k8s_set_image", { namespace: "shop", kind: "Deployment", name: "hist", image });
  }
});

afterAll(async () => {
  await cluster?.close();
});

/** Records every tool call, so tests can show the planner only reads. */
function recording(tools: ToolCaller, calls: string[]): ToolCaller {
  return {
    call(tool, args) {
      calls.push(tool);
      return tools.call(tool, args);
    },
  };
}

function context(calls: string[] = []): PlannerContext {
  return {
    tools: recording(cluster.planning, calls),
    readRepoFile: async (path) => repoFiles[path],
    now: () => NOW,
  };
}

function plan(text: string, calls?: string[]): Promise<PlanOutcome> {
  return planWithRules(
    { text, by: "alice", url: "https://github.com/acme/shop/issues/42#issuecomment-1", issueNumber: 42 },
    context(calls),
  );
}

async function planned(text: string) {
  const outcome = await plan(text);
  if (!outcome.ok) throw new Error(`expected a plan for "${text}", got the reply:\n${outcome.reply}`);
  return outcome.plan;
}

async function replyTo(text: string): Promise<string> {
  const outcome = await plan(text);
  if (outcome.ok) throw new Error(`expected a reply for "${text}", got plan ${outcome.plan.metadata.id}`);
  return outcome.reply;
}

const web = { namespace: "shop", kind: "Deployment", name: "web" };
const rolledOut = (id: string, ref: object) => ({
  id,
  check: "k8s_rollout_complete",
  args: ref,
  timeoutSeconds: 300,
});
const fieldEquals = (id: string, ref: object, path: string, equals: unknown) => ({
  id,
  check: "k8s_field_equals",
  args: { ...ref, path, equals },
  timeoutSeconds: 300,
});

describe("planWithRules: plans", () => {
  const scaleWeb = {
    id: "42-scale-web",
    steps: [
      {
        id: "scale-web",
        tool: "k8s_scale",
        args: { ...web, replicas: 5 },
        reason: "Scale web from 3 to 5 replicas as requested.",
      },
    ],
    verify: [rolledOut("web-rolled-out", web), fieldEquals("web-replicas", web, "spec.replicas", 5)],
  };
  const setWebImage = {
    id: "42-set-image-web",
    steps: [
      {
        id: "set-image-web",
        tool: "k8s_set_image",
        args: { ...web, container: "app", image: "nginx:1.27" },
        reason: "Set the image of container app in web from nginx:1.25 to nginx:1.27 as requested.",
      },
    ],
    verify: [
      rolledOut("web-rolled-out", web),
      fieldEquals("web-image-app", web, "spec.template.spec.containers[name=app].image", "nginx:1.27"),
    ],
  };
  const restartWeb = {
    id: "42-restart-web",
    steps: [
      {
        id: "restart-web",
        tool: "k8s_rollout_restart",
        args: web,
        reason:
          "Restart every pod of web with a rolling update (as kubectl rollout restart does) as requested.",
      },
    ],
    verify: [rolledOut("web-rolled-out", web)],
  };
  const hist = { namespace: "shop", kind: "Deployment", name: "hist" };
  const rollbackTo = (revision: number, image: string) => ({
    id: "42-rollback-hist",
    steps: [
      {
        id: "rollback-hist",
        tool: "k8s_rollout_undo",
        args: { ...hist, toRevision: revision },
        reason: `Roll hist back from revision 3 to revision ${revision} (app=${image}) as requested.`,
      },
    ],
    verify: [
      rolledOut("hist-rolled-out", hist),
      fieldEquals("hist-image-app", hist, "spec.template.spec.containers[name=app].image", image),
    ],
  });
  const db = { namespace: "shop", kind: "StatefulSet", name: "db" };

  const table: Array<[string, { id: string; steps: unknown[]; verify: unknown[] }]> = [
    ["scale deployment web to 5 in shop", scaleWeb],
    ["scale web to 5 replicas -n shop", scaleWeb],
    ["scale deploy/web to 5 in namespace shop", scaleWeb],
    [
      "scale statefulset db to 3 in shop",
      {
        id: "42-scale-db",
        steps: [
          {
            id: "scale-db",
            tool: "k8s_scale",
            args: { ...db, replicas: 3 },
            reason: "Scale db from 2 to 3 replicas as requested.",
          },
        ],
        verify: [rolledOut("db-rolled-out", db), fieldEquals("db-replicas", db, "spec.replicas", 3)],
      },
    ],
    ["restart deploy/web in shop", restartWeb],
    ["restart web in shop", restartWeb],
    ["set image web=nginx:1.27 in shop", setWebImage],
    ["set image deploy/web app=nginx:1.27 -n shop", setWebImage],
    ["set image of web to nginx:1.27 in shop", setWebImage],
    ["rollback hist in shop", rollbackTo(2, "nginx:1.26")],
    ["rollback hist to revision 1 in shop", rollbackTo(1, "nginx:1.25")],
    ["undo deploy/hist -n shop", rollbackTo(2, "nginx:1.26")],
    [
      "delete deployment web in shop",
      {
        id: "42-delete-web",
        steps: [
          {
            id: "delete-web",
            tool: "k8s_delete",
            args: { kind: "Deployment", name: "web", namespace: "shop", propagationPolicy: "Background" },
            reason:
              "Delete Deployment web in namespace shop as requested; the pods it owns are deleted with it.",
          },
        ],
        verify: [{ id: "web-absent", check: "k8s_object_absent", args: web, timeoutSeconds: 300 }],
      },
    ],
  ];

  it.each(table)("%s", async (text, expected) => {
    const result = await planned(text);
    expect(result).toEqual({
      apiVersion: "skyflo/v1",
      kind: "Plan",
      metadata: {
        id: expected.id,
        request: { text, by: "alice", url: "https://github.com/acme/shop/issues/42#issuecomment-1" },
        planner: "rules",
        createdAt: NOW.toISOString(),
      },
      target: { cluster: "default" },
      steps: expected.steps,
      verify: expected.verify,
    });
    // Valid, with every step's args exactly what its tool runs (defaults written out).
    expect(parsePlan(result, { toolArgs: plannedArgsSchema })).toMatchObject({ ok: true });
    expect(() => writePlan(result)).not.toThrow();
  });

  it("picks the container named like the workload in `set image <name>=<image>`", async () => {
    const result = await planned("set image api=api:1.1 in shop");
    expect(result.steps[0]?.args).toEqual({
      namespace: "shop",
      kind: "Deployment",
      name: "api",
      container: "api",
      image: "api:1.1",
    });
  });

  it("sets an init container's image by name, verified at initContainers[name=…]", async () => {
    const result = await planned("set image deploy/api migrate=api-migrate:1.1 in shop");
    expect(result.steps[0]?.args).toMatchObject({ container: "migrate", image: "api-migrate:1.1" });
    expect(result.verify[1]?.args).toMatchObject({
      path: "spec.template.spec.initContainers[name=migrate].image",
    });
  });

  it("plans apply from the repository with the manifest text, and rollout checks for changed workloads", async () => {
    const result = await planned("apply k8s/shop-v2.yaml");
    expect(result.metadata.id).toBe("42-apply-shop-v2");
    expect(result.steps).toEqual([
      {
        id: "apply-shop-v2-yaml",
        tool: "k8s_apply",
        args: { manifests: repoFiles["k8s/shop-v2.yaml"], force: false },
        reason:
          "Apply k8s/shop-v2.yaml from the default branch as requested: 2 of 2 objects change (Deployment/shop/web2, ConfigMap/shop/web-settings).",
      },
    ]);
    const web2 = { namespace: "shop", kind: "Deployment", name: "web2" };
    expect(result.verify).toEqual([rolledOut("web2-deployment-rolled-out", web2)]);
    expect(parsePlan(result, { toolArgs: plannedArgsSchema })).toMatchObject({ ok: true });
  });

  it("refuses to take over fields others manage unless asked with --force-conflicts", async () => {
    const reply = await replyTo("apply k8s/web.yaml");
    expect(reply).toContain('Could not compare k8s/web.yaml with the cluster: Cannot diff Deployment "web"');
    expect(reply).toContain('ask "apply k8s/web.yaml --force-conflicts"');
    expect(reply).not.toContain("metadata.namespace");
    const result = await planned("apply k8s/web.yaml --force-conflicts in shop");
    expect(result.steps[0]).toMatchObject({
      args: { manifests: WEB_YAML, namespace: "shop", force: true },
      reason: expect.stringContaining(
        "taking ownership of fields other field managers set (--force-conflicts)",
      ),
    });
    expect(result.verify.map((v) => v.id)).toEqual(["web-deployment-rolled-out"]);
  });

  it("needs a namespace for objects without one", async () => {
    const reply = await replyTo("apply k8s/no-namespace.yaml");
    expect(reply).toContain("Could not compare k8s/no-namespace.yaml with the cluster");
    expect(reply).toContain('Its objects have no metadata.namespace: add "in <namespace>".');
    const result = await planned("apply k8s/no-namespace.yaml in shop");
    expect(result.steps[0]?.args).toEqual({
      manifests: repoFiles["k8s/no-namespace.yaml"],
      namespace: "shop",
      force: false,
    });
  });

  it("gives the same plan and digest for the same request and cluster state", async () => {
    const first = await planned("scale web to 5 in shop");
    const second = await planned("scale web to 5 in shop");
    expect(second).toEqual(first);
    expect(planDigest(second)).toBe(planDigest(first));
    expect(planDigest(first)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("only reads the cluster and changes nothing", async () => {
    const calls: string[] = [];
    for (const text of [
      "scale web to 5 in shop",
      "restart web in shop",
      "rollback hist in shop",
      "delete deploy/web in shop",
    ]) {
      expect((await plan(text, calls)).ok).toBe(true);
    }
    expect(new Set(calls)).toEqual(new Set(["k8s_get", "k8s_rollout_history"]));
    expect(storedSpec(cluster.emulator, "Deployment", "shop", "web")).toMatchObject({ replicas: 3 });
  });

  it("keeps ids within 63 characters for long names", async () => {
    const long = `w${"e".repeat(80)}b`;
    const object = workload("Deployment", "short", "shop", { replicas: 1 });
    object.metadata = { name: long, namespace: "shop" };
    cluster.emulator.seed([object]);
    const result = await planned(`scale ${long} to 2 in shop`);
    expect(result.metadata.id.length).toBeLessThanOrEqual(63);
    expect(result.metadata.id).toMatch(/^42-scale-w/);
    for (const item of [...result.steps, ...result.verify]) expect(item.id.length).toBeLessThanOrEqual(63);
    expect(new Set(result.verify.map((v) => v.id)).size).toBe(result.verify.length);
  });
});

describe("planWithRules: replies", () => {
  const replies: Array<[string, string[]]> = [
    [
      "scale web to 5",
      [
        "I read this as a request to scale Deployment web to 5 replicas",
        'Skyflo does not assume "default"',
        "- `scale deployment web to 5 in shop`",
      ],
    ],
    [
      "make web faster please",
      [
        'I cannot plan this request: "make" does not start a request the rules planner knows.',
        "The rules planner understands:",
      ],
    ],
    ["scale --all to 5 in shop", ['"--all" is not a valid Kubernetes object name', "command-line flag"]],
    ["scale ../x to 5 in shop", ['"../x" is not a valid Kubernetes object name']],
    ["scale web;rm to 5 in shop", ['"web;rm" is not a valid Kubernetes object name']],
    ["apply ../x.yaml", ['may not contain "." or ".." parts']],
    [
      "scale web to 5 in nowhere",
      [
        'Namespace "nowhere" does not exist',
        "Namespaces in the cluster: default, empty, kube-public, kube-system, shop",
      ],
    ],
    [
      "scale webb to 5 in shop",
      [
        'Deployment "webb" does not exist in namespace "shop"',
        'Deployments in namespace "shop": api, frozen, hist, multi, web',
      ],
    ],
    [
      "restart web in empty",
      [
        'Deployment "web" does not exist in namespace "empty"',
        'There are no Deployments in namespace "empty"',
      ],
    ],
    [
      "scale sts/web to 5 in shop",
      ['StatefulSet "web" does not exist', 'StatefulSets in namespace "shop": db'],
    ],
    [
      "scale web to 3 in shop",
      ['Nothing would change: Deployment "web" in namespace "shop" already has 3 replicas'],
    ],
    [
      "set image web=nginx:1.25 in shop",
      [
        'Nothing would change: container "app" of Deployment "web" in namespace "shop" already runs nginx:1.25',
      ],
    ],
    ["scale web to 5000 in shop", ["k8s_scale would not accept the arguments", "replicas"]],
    ["scale ds/agent to 2 in shop", ['DaemonSet "agent" cannot be scaled']],
    [
      "set image of multi to app:2 in shop",
      [
        "has 2 containers",
        "Its containers are: app, sidecar",
        'Name one, e.g. "set image deployment/multi app=app:2 in shop"',
      ],
    ],
    ["set image multi=app:2 in shop", ['none is named "multi"', "Its containers are: app, sidecar"]],
    [
      "set image deploy/multi nope=app:2 in shop",
      ['has no container named "nope"', "Its containers are: app, sidecar"],
    ],
    ["rollback web in shop", ["has no earlier revision to roll back to (revisions: 1)"]],
    ["rollback hist to revision 9 in shop", ["has no revision 9. Its revisions are: 1, 2, 3"]],
    [
      "rollback hist to revision 3 in shop",
      ['Nothing would change: Deployment "hist" in namespace "shop" is already at revision 3'],
    ],
    ["rollback sts/db in shop", ["Rollback is supported for Deployments only", "set image statefulset/db"]],
    ["restart frozen in shop", ['Deployment "frozen" in namespace "shop" is paused']],
    ["rollback frozen in shop", ['Deployment "frozen" in namespace "shop" is paused']],
    ["apply k8s/missing.yaml", ["k8s/missing.yaml does not exist on the repository's default branch"]],
    ["delete deployment nope in shop", ['Deployment "nope" does not exist in namespace "shop"']],
    ["delete web in shop", ['the kind of "web" is not written']],
  ];

  it.each(replies)("%s", async (text, expected) => {
    const reply = await replyTo(text);
    for (const words of expected) expect(reply).toContain(words);
  });

  it("starts each reply about the cluster with what it understood", async () => {
    expect(await replyTo("scale webb to 5 in shop")).toMatch(
      /^I read this as a request to scale Deployment webb in namespace "shop" to 5 replicas\. Deployment "webb" does not exist/,
    );
    expect(await replyTo("set image deploy/multi nope=app:2 in shop")).toMatch(
      /^I read this as a request to set the image of Deployment multi in namespace "shop" \(container "nope"\) to app:2\. /,
    );
    expect(await replyTo("rollback hist to revision 9 in shop")).toMatch(
      /^I read this as a request to roll back Deployment hist in namespace "shop" to revision 9\. /,
    );
    expect(await replyTo("delete sts/nope in shop")).toMatch(
      /^I read this as a request to delete StatefulSet nope in namespace "shop"\. StatefulSet "nope" does not exist/,
    );
  });

  it("passes on a policy refusal instead of claiming the target does not exist", async () => {
    const outcome = await planWithRules(
      { text: "scale web to 5 in shop", by: "alice", url: "https://example.com/1", issueNumber: 7 },
      { ...context(), tools: cluster.planningUnder({ allowNamespaces: ["team-*"] }) },
    );
    expect(outcome).toEqual({
      ok: false,
      reply:
        'I read this as a request to scale Deployment web in namespace "shop" to 5 replicas. Could not read Deployment "web" in namespace "shop": k8s_get refused: Namespace "shop" is not in the allowed namespaces (team-*).',
    });
  });

  it("says when nothing in a manifest would change", async () => {
    repoFiles["k8s/same.yaml"] =
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: same, namespace: shop}\ndata: {a: b}\n`;
    await cluster.run("k8s_apply", { manifests: repoFiles["k8s/same.yaml"] });
    expect(await replyTo("apply k8s/same.yaml")).toContain(
      "Nothing would change: every object in k8s/same.yaml already matches the cluster.",
    );
  });

  it("reports a manifest that does not parse", async () => {
    repoFiles["k8s/broken.yaml"] = "apiVersion: v1\nkind: [unclosed\n";
    expect(await replyTo("apply k8s/broken.yaml")).toContain(
      "Could not compare k8s/broken.yaml with the cluster: YAML document 1 does not parse",
    );
  });

  it("reports a repository that cannot be read", async () => {
    const outcome = await planWithRules(
      { text: "apply k8s/web.yaml", by: "alice", url: "https://example.com/1", issueNumber: 7 },
      {
        ...context(),
        readRepoFile: async () => {
          throw new Error("HTTP 502 from the forge");
        },
      },
    );
    expect(outcome).toEqual({
      ok: false,
      reply:
        "I read this as a request to apply k8s/web.yaml from the default branch. Could not read k8s/web.yaml from the repository's default branch: HTTP 502 from the forge",
    });
  });

  it("turns a plan that would not validate into a reply, never an invalid plan", async () => {
    const outcome = await planWithRules(
      { text: "scale web to 5 in shop", by: "not a login!", url: "https://example.com/1", issueNumber: 7 },
      context(),
    );
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reply).toContain("This is a bug in Skyflo");
    expect(!outcome.ok && outcome.reply).toContain("metadata.request.by");
  });

  it("turns a tool caller that throws into a reply", async () => {
    const outcome = await planWithRules(
      { text: "scale web to 5 in shop", by: "alice", url: "https://example.com/1", issueNumber: 7 },
      {
        ...context(),
        tools: {
          call: async () => {
            throw new Error("MCP connection closed");
          },
        },
      },
    );
    expect(outcome).toEqual({
      ok: false,
      reply: "Could not read the cluster to plan this request: MCP connection closed",
    });
  });

  it("exports the help text it appends to replies", async () => {
    expect(await replyTo("hello")).toContain(rulesHelp());
    expect(rulesHelp()).toContain("`apply k8s/web.yaml`");
  });
});
