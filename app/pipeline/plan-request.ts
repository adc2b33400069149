// `/skyflo <request>` on an issue → a plan pull request. Forge-neutral: it sees only the Forge
// interface, the tool caller and the pure stages (parse, authorize, plan, preview, render).
// Every exit leaves the issue's status comment saying what happened; nothing is half-made
// without a status.

import type { KubeClients } from "../../tools/kubernetes/client.ts";
import type { Policy } from "../../tools/policy.ts";
import { isMutating, type ToolRegistry } from "../../tools/registry.ts";
import { authorizeRequester } from "../auth/requester.ts";
import { effectivePolicy, type RepoConfig, readRepoConfig } from "../config/repo-config.ts";
import type { Forge, Person, RepoRef } from "../forge/types.ts";
import { findCodeowners, ownersOf, parseCodeowners } from "../gate/codeowners.ts";
import { type Plan, planDigest, writePlan } from "../plan/index.ts";
import { planWithRules } from "../planner/rules/index.ts";
import { previewPlan } from "../preview/preview-plan.ts";
import { renderPlanBody, renderStepComments, STATUS_MARKER } from "../render/index.ts";
import { inProcessToolCaller } from "../tool-caller.ts";
import type { CommitFileCache } from "./commit-file-cache.ts";
import { requiredApprovals } from "./required-approvals.ts";
import { StatusReporter } from "./status-reporter.ts";
import { refusedSteps } from "./step-policy.ts";

export const REPO_CONFIG_PATH = ".github/skyflo.yml";

export interface PlanRequestInput {
  forge: Forge;
  repo: RepoRef;
  issueNumber: number;
  issueUrl: string;
  commentId: number;
  commentUrl: string;
  requester: Person;
  text: string;
  /** The repository's default branch as the event reported it, if it did. */
  defaultBranch?: string;
}

export interface EngineDeps {
  registry: ToolRegistry;
  /** Config and CODEOWNERS read once per commit. */
  files: CommitFileCache;
  /** How long planning may take before the status comment says "planning…" (saves a write when fast). */
  planningNoticeMs?: number;
  kube: KubeClients;
  /** Server-side limits; a repository may only narrow them. */
  serverPolicy: Policy;
  now(): Date;
}

export type PlanRequestOutcome =
  | { kind: "opened"; planId: string; prNumber: number; prUrl: string; digest: string }
  | { kind: "refused"; reason: string }
  | { kind: "failed"; reason: string };

export async function handlePlanRequest(
  input: PlanRequestInput,
  deps: EngineDeps,
): Promise<PlanRequestOutcome> {
  const { forge, repo, issueNumber } = input;
  const status = new StatusReporter(
    (body) => forge.upsertComment(repo, issueNumber, STATUS_MARKER, body),
    deps.planningNoticeMs ?? 1000,
  );
  try {
    await forge.acknowledge(repo, input.commentId);
    const base = await forge.defaultBranch(repo, input.defaultBranch);

    const readAtBase = (path: string) =>
      deps.files.read(repo, base.sha, path, () => forge.readFile(repo, path, base.sha));
    const configResult = readRepoConfig(await readAtBase(REPO_CONFIG_PATH), REPO_CONFIG_PATH);
    if (!configResult.ok) {
      const reason = configResult.errors.join("\n");
      await status.report({
        phase: "refused",
        reason: `The repository configuration is invalid:\n${reason}`,
      });
      return { kind: "failed", reason };
    }
    const config = configResult.config;

    const verdict = await authorizeRequester({ repo, person: input.requester, config, forge });
    if (!verdict.allowed) {
      await status.report({ phase: "refused", reason: verdict.reason });
      return { kind: "refused", reason: verdict.reason };
    }

    status.schedulePlanningNotice();
    const policy = effectivePolicy(deps.serverPolicy, config);
    const context = { kube: deps.kube, policy };
    const planned = await planWithRules(
      { text: input.text, by: input.requester.login, url: input.commentUrl, issueNumber },
      {
        tools: inProcessToolCaller({ registry: deps.registry, context, mutating: "none" }),
        readRepoFile: (path) => forge.readFile(repo, path, base.sha),
        now: deps.now,
      },
    );
    if (!planned.ok) {
      await status.report({ phase: "refused", reason: planned.reply });
      return { kind: "refused", reason: planned.reply };
    }
    const plan = planned.plan;
    const writePolicy = effectivePolicy(deps.serverPolicy.withWrite(true), config);
    const refusals = refusedSteps(plan, deps.registry, writePolicy);
    if (refusals.length > 0) {
      const reason = refusals.map((r) => `Step ${r.stepId}: ${r.reason}`).join("\n");
      await status.report({ phase: "refused", reason });
      return { kind: "refused", reason };
    }
    return await openPlanPullRequest(input, deps, {
      plan,
      config,
      baseBranch: base.name,
      baseSha: base.sha,
      writePolicy,
      readAtBase,
      status,
    });
  } catch (error) {
    const reason = describeFailure(error);
    await status.report({ phase: "failed", reason }).catch(() => undefined);
    return { kind: "failed", reason };
  } finally {
    status.cancel();
  }
}

async function openPlanPullRequest(
  input: PlanRequestInput,
  deps: EngineDeps,
  state: {
    plan: Plan;
    config: RepoConfig;
    baseBranch: string;
    baseSha: string;
    writePolicy: Policy;
    readAtBase(path: string): Promise<string | undefined>;
    status: StatusReporter;
  },
): Promise<PlanRequestOutcome> {
  const { forge, repo } = input;
  const { plan, config } = state;
  const previews = await previewPlan(
    plan,
    inProcessToolCaller({
      registry: deps.registry,
      context: { kube: deps.kube, policy: state.writePolicy },
      mutating: "dry-run",
    }),
    (name) => {
      const tool = deps.registry.get(name);
      return tool ? isMutating(tool) : true;
    },
  );
  const planYaml = writePlan(plan);
  const digest = planDigest(plan);
  const planPath = `${config.planDirectory}/${plan.metadata.id}.yaml`;
  const codeowners = await findCodeowners(state.readAtBase);
  const match = codeowners ? ownersOf(planPath, parseCodeowners(codeowners.text).rules) : undefined;
  const required = requiredApprovals(config, planPath);
  const view = {
    plan,
    digest,
    planPath,
    planYaml,
    previews,
    approval: {
      owners: match?.owners ?? [],
      required,
      unowned: !match || match.owners.length === 0,
      codeownersPath: codeowners?.path,
    },
    issue: { number: input.issueNumber, url: input.issueUrl },
  };
  const branch = `skyflo/${plan.metadata.id}`;
  const commit = await forge.commitFiles(repo, {
    branch,
    baseSha: state.baseSha,
    message: `Skyflo plan ${plan.metadata.id}: ${plan.metadata.request.text}`.slice(0, 200),
    files: [{ path: planPath, content: planYaml }],
  });
  const pr = await forge.openChangeRequest(repo, {
    head: branch,
    base: state.baseBranch,
    title: `Skyflo plan: ${plan.metadata.request.text}`.slice(0, 240),
    body: renderPlanBody(view),
  });
  const comments = renderStepComments(view);
  if (comments.length > 0) {
    await forge.reviewWithComments(repo, pr.number, {
      commitSha: commit.sha,
      body: `Dry-run diffs of the ${comments.length} changing step(s), anchored on the plan file.`,
      comments,
    });
  }
  await state.status.report({
    phase: "pr-opened",
    prUrl: pr.url,
    planId: plan.metadata.id,
    digest,
    approvers: view.approval.owners,
  });
  return { kind: "opened", planId: plan.metadata.id, prNumber: pr.number, prUrl: pr.url, digest };
}

/** A sentence for the status comment: forge and tool errors already are; anything else is wrapped. */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `Skyflo could not finish this request: ${message}`;
}
