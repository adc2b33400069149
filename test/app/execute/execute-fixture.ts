// What the executor tests share: one Kubernetes emulator (the cluster the Leases and the workloads
// live in), an MCP tool server with writes allowed in front of it, an executor-side MCP client per
// "replica", plans, and real Approvals made by the gate from a passing input.

import { RepoConfigSchema } from "../../../app/config/repo-config.ts";
import { diffDigest } from "../../../app/execute/digests.ts";
import type { ExecuteOptions } from "../../../app/execute/index.ts";
import { mcpMutatingTools, mcpToolCaller } from "../../../app/execute/index.ts";
import { type Approval, evaluateGate } from "../../../app/gate/requirements.ts";
import { type Plan, PlanSchema, planDigest } from "../../../app/plan/index.ts";
import { previewPlan } from "../../../app/preview/preview-plan.ts";
import type { ToolCaller } from "../../../app/tool-caller.ts";
import type { KubeClients } from "../../../tools/kubernetes/client.ts";
import { createKubeClients } from "../../../tools/kubernetes/client.ts";
import type { PolicySettings } from "../../../tools/policy.ts";
import { type KubeEmulator, startKubeEmulator } from "../../emulators/kube/index.ts";
import type { KubeObject } from "../../emulators/kube/types.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";

export const namespace = "shop";
export const lockNamespace = "skyflo-system";
const headSha = "a".repeat(40);
const baseSha = "b".repeat(40);

/** A Deployment whose first container has an env list: a JSON-patch "add" to it appends once per real call. */
export function deployment(name: string, replicas = 2): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: "nginx:1.25", env: [{ name: "SEED", value: "0" }] }] },
      },
    },
  };
}

export interface StepSpec {
  id: string;
  tool: string;
  args: Record<string, unknown>;
}

export const scaleStep = (id: string, name: string, replicas: number): StepSpec => ({
  id,
  tool: "k8s_scale",
  args: { namespace, kind: "Deployment", name, replicas },
});

/** Appends one env entry to the Deployment each time it really runs: the store counts executions. */
export const appendEnvStep = (id: string, name: string, value: string): StepSpec => ({
  id,
  tool: "k8s_patch",
  args: {
    namespace,
    kind: "Deployment",
    name,
    patchType: "json",
    patch: [{ op: "add", path: "/spec/template/spec/containers/0/env/-", value: { name: "RUN", value } }],
  },
});

let planCounter = 0;

/** A valid plan; each call gets its own id (and so its own digest and Lease) unless `id` is given. */
export function makePlan(steps: StepSpec[], id = `${++planCounter + 100}-execute-test`): Plan {
  return PlanSchema.parse({
    apiVersion: "skyflo/v1",
    kind: "Plan",
    metadata: {
      id,
      request: { text: "test", by: "alice", url: "https://github.com/acme/shop/issues/1" },
      planner: "rules",
      createdAt: "2026-11-25T10:00:00Z",
    },
    steps: steps.map((step) => ({ ...step, reason: `Step ${step.id} of the test.` })),
    verify: [],
  });
}

/** A real Approval: evaluateGate with a plan PR that bob, the plan file's owner, approved at head. */
export async function approve(plan: Plan): Promise<Approval> {
  const digest = planDigest(plan);
  const planPath = `.skyflo/plans/${plan.metadata.id}.yaml`;
  const result = await evaluateGate({
    pr: { number: 7, state: "open", headSha, baseSha, body: "plan" },
    attestation: { digest, requesters: ["alice"] },
    changedFiles: [planPath],
    planFile: { path: planPath, digestAtHead: digest },
    bodyDigest: digest,
    codeowners: { path: ".github/CODEOWNERS", text: "/.skyflo/ @bob\n" },
    config: RepoConfigSchema.parse({}),
    reviews: [
      {
        id: 11,
        login: "bob",
        isBot: false,
        state: "APPROVED",
        commitId: headSha,
        submittedAt: "2026-11-25T10:05:00Z",
      },
    ],
    isActiveTeamMember: async () => false,
  });
  if (!result.approval) {
    const failing = result.requirements.filter((r) => !r.passed).map((r) => r.sentence);
    throw new Error(`the test approval did not pass the gate: ${failing.join(" ")}`);
  }
  return result.approval;
}

/** One executor-side process: its own KubeClients, its own MCP client and server, one shared cluster. */
export interface Replica {
  holder: string;
  kube: KubeClients;
  tools: ToolCaller;
  isMutatingTool(tool: string): boolean;
  harness: McpHarness;
}

export interface ExecuteFixture {
  emulator: KubeEmulator;
  replica(holder: string, policy?: Partial<PolicySettings>): Promise<Replica>;
  /** The stored Deployment (straight from the emulator's store). */
  stored(name: string): KubeObject;
  /** How many RUN env entries the Deployment has: how many times append steps really ran. */
  runs(name: string): string[];
  close(): Promise<void>;
}

export async function startExecuteFixture(seed: KubeObject[] = []): Promise<ExecuteFixture> {
  const emulator = await startKubeEmulator({
    readyDelayMs: 5,
    seed: [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: lockNamespace } },
      ...seed,
    ],
  });
  const harnesses: McpHarness[] = [];
  const deploymentType = emulator.store.registry.byKind("apps/v1", "Deployment");
  if (!deploymentType) throw new Error("the emulator serves no apps/v1 Deployment");
  const stored = (name: string) => {
    const object = emulator.store.get(deploymentType, namespace, name);
    if (!object) throw new Error(`Deployment ${namespace}/${name} is not in the store`);
    return object;
  };
  return {
    emulator,
    async replica(holder, policy) {
      const harness = await startMcpHarness({ reuseEmulator: emulator, policy });
      harnesses.push(harness);
      return {
        holder,
        kube: createKubeClients(emulator.kubeConfig()),
        tools: mcpToolCaller(harness.client),
        isMutatingTool: await mcpMutatingTools(harness.client),
        harness,
      };
    },
    stored,
    runs(name) {
      const spec = stored(name).spec as {
        template: { spec: { containers: Array<{ env?: Array<{ name: string; value: string }> }> } };
      };
      return (spec.template.spec.containers[0]?.env ?? [])
        .filter((e) => e.name === "RUN")
        .map((e) => e.value);
    },
    async close() {
      for (const harness of harnesses) await harness.close();
      await emulator.close();
    },
  };
}

/** The options every test starts from, for one replica. */
export async function optionsFor(
  replica: Replica,
  plan: Plan,
  extra: Partial<ExecuteOptions> = {},
): Promise<ExecuteOptions> {
  return {
    approval: await approve(plan),
    plan,
    tools: replica.tools,
    kube: replica.kube,
    lockNamespace,
    holder: replica.holder,
    isMutatingTool: replica.isMutatingTool,
    ...extra,
  };
}

/** What the plan PR showed: the dry-run diff digest of each step, as the plan's record holds them. */
export async function approvedDiffsFor(replica: Replica, plan: Plan): Promise<Record<string, string>> {
  const previews = await previewPlan(plan, replica.tools, replica.isMutatingTool);
  return Object.fromEntries(
    previews.filter((p) => p.mutating).map((preview) => [preview.stepId, diffDigest(preview.objects)]),
  );
}

/** The journal stored in the plan's Lease, read straight from the emulator's store. */
export function storedLease(emulator: KubeEmulator, plan: Plan): KubeObject | undefined {
  const leaseType = emulator.store.registry.byKind("coordination.k8s.io/v1", "Lease");
  if (!leaseType) throw new Error("the emulator serves no Lease");
  const hex = planDigest(plan).slice("sha256:".length, "sha256:".length + 40);
  return emulator.store.get(leaseType, lockNamespace, `skyflo-${hex}`);
}
