// Benchmark: `/skyflo <request>` comment → plan pull request opened and the status updated, with
// Skyflo running as `skyflo serve` in its own process (as deployed), the Kubernetes emulator in
// another, and the GitHub emulator in this one (it records every request the app makes).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { demoCluster } from "../scripts/demo-cluster.ts";
import { type GitHubEmulator, startGitHubEmulator } from "../test/emulators/github/index.ts";
import { putFile, seedRepo } from "../test/emulators/github/testing.ts";
import { startEmulatorProcess } from "./emulator-process.ts";
import { type Summary, summarize } from "./stats.ts";

export interface PlanPullRequestResult {
  plans: number;
  repos: number;
  latency: Summary & { p99Ms: number };
  /** GitHub requests made by the app per plan PR (steady state: caches warm). */
  requestsPerPlan: { median: number; max: number; writesMedian: number; writesMax: number };
  rssMb: { idle: number; afterSequential: number; burstPeak: number; burstSize: number };
}

const bot = "skyflo[bot]";

export async function benchPlanPullRequests(
  plans: number,
  repoCount: number,
  burstSize: number,
): Promise<PlanPullRequestResult> {
  const kube = await startEmulatorProcess(demoCluster());
  const github = await startGitHubEmulator();
  const repos: string[] = [];
  for (let r = 1; r <= repoCount; r++) {
    const name = `shop-${r}`;
    const { octokit } = await seedRepo(github, "acme", name, "olivia");
    await putFile(octokit, "acme", name, ".github/CODEOWNERS", "/.skyflo/plans/ @olivia\n");
    await octokit.rest.repos.addCollaborator({
      owner: "acme",
      repo: name,
      username: "dev",
      permission: "push",
    });
    repos.push(name);
  }
  const app = await startSkyflo(github, kube.kubeconfigPath);
  const dev = github.octokitAs("dev");
  try {
    const idleRss = await rssMb(app.child);
    let replicas = 4;
    const ask = async (repo: string) => {
      const { data: issue } = await dev.rest.issues.create({ owner: "acme", repo, title: "Scale web" });
      const before = github.requests().length;
      const started = performance.now();
      await dev.rest.issues.createComment({
        owner: "acme",
        repo,
        issue_number: issue.number,
        body: `/skyflo scale web to ${(replicas++ % 50) + 4} in shop`,
      });
      await planOpened(github, repo, issue.number, before);
      const elapsed = performance.now() - started;
      const made = github
        .requests()
        .slice(before)
        .filter((r) => r.actor === bot || r.actor === "app");
      return { elapsed, requests: made.length, writes: made.filter((r) => r.writes).length };
    };

    for (let i = 0; i < 5; i++) await ask(repos[i % repos.length] as string); // warm-up: tokens, caches, JIT
    const samples: Array<{ elapsed: number; requests: number; writes: number }> = [];
    for (let i = 0; i < plans; i++) samples.push(await ask(repos[i % repos.length] as string));
    const afterSequential = await rssMb(app.child);

    let peak = afterSequential;
    const sampler = setInterval(() => {
      rssMb(app.child).then(
        (mb) => {
          peak = Math.max(peak, mb);
        },
        () => undefined,
      );
    }, 20);
    await Promise.all(Array.from({ length: burstSize }, (_, i) => ask(repos[i % repos.length] as string)));
    clearInterval(sampler);

    const latencies = samples.map((s) => s.elapsed);
    const sorted = [...latencies].sort((a, b) => a - b);
    const requests = samples.map((s) => s.requests).sort((a, b) => a - b);
    const writes = samples.map((s) => s.writes).sort((a, b) => a - b);
    const middle = (values: number[]) => values[Math.floor(values.length / 2)] ?? Number.NaN;
    return {
      plans,
      repos: repoCount,
      latency: {
        ...summarize(latencies),
        p99Ms: round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN),
      },
      requestsPerPlan: {
        median: middle(requests),
        max: requests.at(-1) ?? 0,
        writesMedian: middle(writes),
        writesMax: writes.at(-1) ?? 0,
      },
      rssMb: { idle: idleRss, afterSequential, burstPeak: peak, burstSize },
    };
  } finally {
    app.child.kill("SIGTERM");
    await once(app.child, "exit");
    await github.close();
    await kube.stop();
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Resolves when the app has reviewed the new plan PR and then written the issue's status. */
async function planOpened(github: GitHubEmulator, repo: string, issue: number, from: number): Promise<void> {
  const review = new RegExp(`^/repos/acme/${repo}/pulls/\\d+/reviews$`);
  const status = new RegExp(`^/repos/acme/${repo}/issues/(${issue}/comments|comments/\\d+)$`);
  const deadline = performance.now() + 30_000;
  let seenReview = false;
  let index = from;
  for (;;) {
    const requests = github.requests();
    for (; index < requests.length; index++) {
      const r = requests[index];
      if (!r || r.actor !== bot || !r.writes) continue;
      if (review.test(r.path)) seenReview = true;
      else if (seenReview && status.test(r.path)) return;
    }
    if (performance.now() > deadline) throw new Error(`no plan PR for acme/${repo}#${issue} within 30 s`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function startSkyflo(github: GitHubEmulator, kubeconfig: string): Promise<{ child: ChildProcess }> {
  const cli = fileURLToPath(new URL("../bin/skyflo.js", import.meta.url));
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--host", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      APP_ID: String(github.appId),
      PRIVATE_KEY_PATH: github.privateKeyPath,
      WEBHOOK_SECRET: github.webhookSecret,
      GHE_HOST: new URL(github.url).host,
      GHE_PROTOCOL: "http",
      KUBECONFIG: kubeconfig,
      LOG_LEVEL: "fatal",
      // The emulator has no write quota; GitHub's (80 a minute per installation) would make this
      // benchmark measure the quota, not Skyflo. The note reports what the quota means per plan.
      GITHUB_WRITES_PER_MINUTE: "100000",
    },
  });
  const webhookUrl = await new Promise<string>((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const match = /receiving GitHub webhooks at (\S+)/.exec(err);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`skyflo serve exited with ${code}: ${err}`)));
  });
  github.setWebhookUrl(webhookUrl);
  return { child };
}

async function rssMb(child: ChildProcess): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round((kb / 1024) * 10) / 10;
}
