// `npm run demo`: Skyflo's whole loop in one process, on embedded defaults. The GitHub emulator
// holds acme/shop (CODEOWNERS gives the plan folder to @olivia), the Kubernetes emulator holds the
// shop, and Skyflo's real host receives their signed webhooks and plans with the rules planner.
// People act through plain Octokit: @dev asks on an issue, @olivia approves the plan PR. The demo
// prints what they would see, then reads the Deployment back from the emulated cluster's store,
// and exits 0 only if the change is there and the plan PR is merged (1 otherwise).
// `--serve` keeps everything up afterwards for poking with kubectl or Octokit, until Ctrl-C;
// `--approver <login>` has someone else approve (e.g. `pat`, not an owner: the gate refuses, exit 1).
import { parseArgs } from "node:util";
import { readBodyMetadata, STATUS_MARKER } from "../app/render/index.ts";
import type { KubeObject } from "../test/emulators/kube/types.ts";
import { type SkyfloWorld, startSkyfloWorld } from "../test/support/skyflo-world.ts";
import { demoCluster } from "./demo-cluster.ts";
import { block, heading, line, readableMarkdown } from "./demo-print.ts";

const usage = "Usage: npm run demo [-- --approver <login>] [-- --serve]";
let values: { serve: boolean; approver: string };
try {
  ({ values } = parseArgs({
    options: {
      serve: { type: "boolean", default: false },
      approver: { type: "string", default: "olivia" },
    },
  }));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
// A GitHub login: letters, digits and single hyphens, not at either end.
if (!/^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/.test(values.approver)) {
  console.error(`--approver must be a GitHub login such as "pat", got "${values.approver}".\n${usage}`);
  process.exit(2);
}

const REQUESTED_REPLICAS = 5;
const REQUEST = `/skyflo scale web to ${REQUESTED_REPLICAS} in shop`;
const REQUESTER = "dev";
const OWNER = "olivia";
const APPROVER = values.approver;

// Pods become ready a moment after they are created, as in a real cluster: verification waits
// for them by watching, not by sleeping.
const world = await startSkyfloWorld({
  kube: { seed: demoCluster(), readyDelayMs: 100 },
  collaborators: { [REQUESTER]: "push", ...(APPROVER === OWNER ? {} : { [APPROVER]: "push" }) },
});
const { github, kube, repo } = world;

let problems: string[];
try {
  problems = await runLoop(world);
} catch (error) {
  problems = [`the loop broke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
}

heading("Result");
if (problems.length === 0) {
  line(
    `OK: the change reached the emulated cluster (Deployment shop/web has ${REQUESTED_REPLICAS} replicas) and the plan PR is merged with its run record.`,
  );
} else {
  line("FAILED: the change did not go all the way through:");
  for (const problem of problems) line(`- ${problem}`);
}

if (values.serve) {
  heading("Serving (Ctrl-C stops)");
  line(`GitHub emulator:    ${github.url}  (Octokit: new Octokit({ baseUrl, auth: "<login>" }))`);
  line(`Skyflo webhooks at: ${world.server.webhookUrl}`);
  line(`Kubernetes:         KUBECONFIG=${kube.kubeconfigPath} kubectl -n shop get deploy,pods`);
  const stop = async () => {
    await world.close();
    process.exit(problems.length === 0 ? 0 : 1);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} else {
  await world.close();
  // Exit explicitly: the host's HTTP agents may keep idle sockets that would hold the process.
  process.exit(problems.length === 0 ? 0 : 1);
}

/** Drives the loop as people would and prints each step; returns what went wrong (none: success). */
async function runLoop(world: SkyfloWorld): Promise<string[]> {
  const dev = github.octokitAs(REQUESTER);
  const approver = github.octokitAs(APPROVER);

  heading("The embedded world");
  line(`GitHub emulator ${github.url}: repository ${repo.owner}/${repo.repo}, owned by @${OWNER}`);
  line(`Kubernetes emulator ${kube.url}`);
  line("Skyflo's real host (Probot) receives signed webhooks; the rules planner plans.");
  line();
  line(".github/CODEOWNERS on main:");
  block(await fileText(".github/CODEOWNERS", "main"));
  line();
  line(`In the cluster: ${describeWeb(webDeployment())}`);

  heading(`@${REQUESTER} asks on a new issue`);
  const started = performance.now();
  const { issue, pr, metadata } = await world.planPullRequest("Scale web", REQUEST, REQUESTER);
  line(`Issue #${issue.number} (${issue.html_url}), comment by @${REQUESTER}:`);
  block(REQUEST);

  heading(`Skyflo opens plan pull request #${pr.number}`);
  const { data: opened } = await dev.rest.pulls.get({ ...repo, pull_number: pr.number });
  line(
    `"${opened.title}"  ${opened.html_url}  (${Math.round(performance.now() - started)} ms after the comment)`,
  );
  const { data: files } = await dev.rest.pulls.listFiles({ ...repo, pull_number: pr.number });
  for (const file of files) {
    line();
    line(`${file.filename} (the plan: the only thing Skyflo will execute):`);
    block(await fileText(file.filename, pr.head.sha));
  }
  line();
  line("The pull request's description:");
  block(readableMarkdown(pr.body ?? ""));
  await showCheck(pr.head.sha, "skyflo/plan");
  await showCheck(pr.head.sha, "skyflo/approval", "(before any approval)");

  const who = APPROVER === OWNER ? "a code owner of the plan" : "who does not own the plan";
  heading(`@${APPROVER}, ${who}, approves #${pr.number} at ${pr.head.sha.slice(0, 7)}`);
  const approvedAt = performance.now();
  const { data: review } = await approver.rest.pulls.createReview({
    ...repo,
    pull_number: pr.number,
    event: "APPROVE",
  });
  line(`Review ${review.id}: ${review.state} on commit ${review.commit_id?.slice(0, 7)}`);
  await world.settle();
  line(`Skyflo's work after the approval ended ${Math.round(performance.now() - approvedAt)} ms later.`);

  for (const name of ["skyflo/approval", "skyflo/execute", "skyflo/verify"]) {
    heading(`Check run ${name}`);
    await showCheck(pr.head.sha, name);
  }

  const problems: string[] = [];
  heading(`Pull request #${pr.number}`);
  const { data: after } = await dev.rest.pulls.get({ ...repo, pull_number: pr.number });
  if (after.merged && after.merge_commit_sha) {
    line(
      `Merged by @${after.merged_by?.login ?? "?"} as ${after.merge_commit_sha.slice(0, 7)}; the commit message:`,
    );
    const { data: commit } = await dev.rest.git.getCommit({ ...repo, commit_sha: after.merge_commit_sha });
    block(commit.message);
  } else {
    line(
      `Not merged: it is ${after.state}, labels: ${after.labels.map((l) => l.name).join(", ") || "none"}.`,
    );
    problems.push(`pull request #${pr.number} was not merged (it is ${after.state}).`);
  }

  const recordPath = `.skyflo/runs/${metadata.planId}.json`;
  const recordRef = after.merged ? "main" : after.head.sha;
  heading(`The run record ${recordPath} (on ${after.merged ? "main" : "the PR branch"})`);
  const record = await fileText(recordPath, recordRef).catch(() => undefined);
  if (record === undefined) {
    line("There is no run record.");
    problems.push(`no run record at ${recordPath}.`);
  } else {
    block(record);
  }

  heading(`Issue #${issue.number}: Skyflo's status comment`);
  const { data: comments } = await dev.rest.issues.listComments({ ...repo, issue_number: issue.number });
  const status = comments.find((c) => c.body?.includes(STATUS_MARKER));
  block(readableMarkdown(status?.body ?? "(no status comment)"));

  heading("Read back from the emulated cluster's store");
  const web = webDeployment();
  line(describeWeb(web));
  const replicas = (web.spec as { replicas?: number }).replicas;
  if (replicas !== REQUESTED_REPLICAS) {
    problems.push(`Deployment shop/web has ${replicas} replicas in the cluster, not ${REQUESTED_REPLICAS}.`);
  }
  if (readBodyMetadata(after.body ?? "")?.digest !== metadata.digest) {
    problems.push("the plan PR's digest changed during the run.");
  }
  return problems;
}

/** A check run's conclusion, title and summary (the summary's tables are Markdown as on GitHub). */
async function showCheck(sha: string, name: string, note = ""): Promise<void> {
  const { data } = await github
    .octokitAs(REQUESTER)
    .rest.checks.listForRef({ ...repo, ref: sha, check_name: name, filter: "latest" });
  const run = data.check_runs[0];
  line();
  if (!run) {
    line(`${name}: (no check run on ${sha.slice(0, 7)})`);
    return;
  }
  line(`${name}: ${run.conclusion ?? run.status} · ${run.output.title ?? ""} ${note}`.trimEnd());
  block(readableMarkdown(run.output.summary ?? ""));
}

async function fileText(path: string, ref: string): Promise<string> {
  const { data } = await github.octokitAs(REQUESTER).rest.repos.getContent({ ...repo, path, ref });
  if (Array.isArray(data) || data.type !== "file") throw new Error(`${path} is not a file at ${ref}`);
  return Buffer.from(data.content, "base64").toString("utf8");
}

function webDeployment(): KubeObject {
  const deployments = kube.store.registry.byKind("apps/v1", "Deployment");
  const web = deployments && kube.store.get(deployments, "shop", "web");
  if (!web) throw new Error("the emulated cluster has no Deployment shop/web");
  return web;
}

function describeWeb(web: KubeObject): string {
  const spec = web.spec as { replicas?: number; template?: { spec?: { containers?: { image?: string }[] } } };
  const status = (web.status ?? {}) as { readyReplicas?: number; updatedReplicas?: number };
  const image = spec.template?.spec?.containers?.[0]?.image ?? "?";
  return `Deployment shop/web: spec.replicas ${spec.replicas}, ready ${status.readyReplicas ?? 0}, updated ${status.updatedReplicas ?? 0}, image ${image}, generation ${web.metadata.generation}`;
}
