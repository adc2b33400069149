// The world the pipeline end-to-end tests tell their stories in: the GitHub emulator with
// acme/shop (owned by olivia, CODEOWNERS giving .skyflo/plans/ to @olivia and @acme/platform),
// the Kubernetes emulator with the demo shop, and Skyflo's real host receiving signed webhooks.
import { createHmac } from "node:crypto";
import { ProbotOctokit } from "probot";
import { createSkyfloApp, type SkyfloAppDeps } from "../../app/pipeline/app.ts";
import { type BodyMetadata, readBodyMetadata } from "../../app/render/index.ts";
import { createProbot } from "../../app/server/create-probot.ts";
import { createSkyfloServer, type SkyfloServer } from "../../app/server/skyflo-server.ts";
import { createWorkQueue, type WorkQueue } from "../../app/server/work-queue.ts";
import { demoCluster } from "../../scripts/demo-cluster.ts";
import { createKubeClients } from "../../tools/kubernetes/client.ts";
import { type GitHubEmulator, startGitHubEmulator } from "../emulators/github/index.ts";
import { putFile, seedRepo } from "../emulators/github/testing.ts";
import { type KubeEmulator, type KubeEmulatorOptions, startKubeEmulator } from "../emulators/kube/index.ts";

/** Probot's Octokit without retries or throttling (function form: the object form keeps throttling). */
const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

export interface SkyfloWorldOptions {
  /** Default: the demo cluster. */
  kube?: KubeEmulatorOptions;
  /** Collaborators of acme/shop and their permission (default: dev with push). */
  collaborators?: Record<string, "pull" | "triage" | "push" | "maintain" | "admin">;
  /** Active members of acme/platform, which co-owns the plan directory. */
  platformMembers?: string[];
  /** App settings other than the queue and the cluster clients. */
  app?: Omit<SkyfloAppDeps, "queue" | "kube">;
}

export interface SkyfloWorld {
  github: GitHubEmulator;
  kube: KubeEmulator;
  server: SkyfloServer;
  queue: WorkQueue;
  repo: { owner: string; repo: string };
  /** Delivers every webhook and runs every job they cause, until nothing is left (the bot's own events included). */
  settle(): Promise<void>;
  /** `login` (default dev) asks on a new issue; returns the issue and the plan pull request Skyflo opened. */
  planPullRequest(title: string, request: string, login?: string): Promise<PlanPullRequest>;
  /**
   * A second Skyflo host (another replica): the same GitHub App, its own queue and cluster
   * clients, the same cluster. Webhooks reach it only through `deliver`.
   */
  startReplica(): Promise<SkyfloReplica>;
  /** Sends a webhook payload, signed, under a new delivery id (GitHub's "Redeliver"), to `url` (default: the main host). */
  deliver(payload: Record<string, unknown>, event: string, url?: string): Promise<void>;
  close(): Promise<void>;
}

export interface SkyfloReplica {
  webhookUrl: string;
  queue: WorkQueue;
  close(): Promise<void>;
}

export interface PlanPullRequest {
  issue: { number: number; html_url: string };
  pr: { number: number; html_url: string; body?: string | null; head: { sha: string; ref: string } };
  metadata: BodyMetadata;
}

export async function startSkyfloWorld(options: SkyfloWorldOptions = {}): Promise<SkyfloWorld> {
  const repo = { owner: "acme", repo: "shop" };
  const queue = createWorkQueue({ log: { error: (details, message) => console.error(message, details) } });
  const [github, kube] = await Promise.all([
    startGitHubEmulator(),
    startKubeEmulator(options.kube ?? { seed: demoCluster() }),
  ]);
  const { octokit: olivia } = await seedRepo(github, "acme", "shop", "olivia");
  await putFile(olivia, "acme", "shop", ".github/CODEOWNERS", "/.skyflo/plans/ @olivia @acme/platform\n");
  for (const [username, permission] of Object.entries(options.collaborators ?? { dev: "push" })) {
    await olivia.rest.repos.addCollaborator({ ...repo, username, permission });
  }
  for (const username of options.platformMembers ?? []) {
    await olivia.rest.teams.addOrUpdateMembershipForUserInOrg({
      org: "acme",
      team_slug: "platform",
      username,
    });
  }
  const probotEnv = {
    APP_ID: String(github.appId),
    PRIVATE_KEY: github.privateKeyPem,
    WEBHOOK_SECRET: github.webhookSecret,
    GHE_HOST: new URL(github.url).host,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "fatal",
  };
  const startHost = async (hostQueue: WorkQueue) => {
    const appFn = createSkyfloApp({
      ...options.app,
      queue: hostQueue,
      kube: createKubeClients(kube.kubeConfig()),
    });
    const hostProbot = createProbot(probotEnv, { Octokit: TestOctokit });
    return createSkyfloServer({ appFn, probot: hostProbot, queue: hostQueue, port: 0 });
  };
  const server = await startHost(queue);
  const replicas: SkyfloServer[] = [];
  let deliveries = 0;
  github.setWebhookUrl(server.webhookUrl);
  const settle = async () => {
    for (let round = 0; round < 10; round++) {
      await github.waitForDeliveries();
      await queue.idle();
      await github.waitForDeliveries();
      if (queue.size === 0) return;
    }
    throw new Error("webhooks and jobs did not settle");
  };
  return {
    github,
    kube,
    server,
    queue,
    repo,
    settle,
    async planPullRequest(title, request, login = "dev") {
      const octokit = github.octokitAs(login);
      const { data: issue } = await octokit.rest.issues.create({ ...repo, title });
      await octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body: request });
      await settle();
      const { data: pulls } = await octokit.rest.pulls.list({ ...repo, state: "open" });
      for (const pr of pulls) {
        const metadata = readBodyMetadata(pr.body ?? "");
        if (metadata?.issue === issue.number) return { issue, pr, metadata };
      }
      throw new Error(`no plan pull request for issue #${issue.number}`);
    },
    async startReplica() {
      const replicaQueue = createWorkQueue({
        log: { error: (details, message) => console.error(message, details) },
      });
      const replica = await startHost(replicaQueue);
      replicas.push(replica);
      return { webhookUrl: replica.webhookUrl, queue: replicaQueue, close: () => replica.close() };
    },
    async deliver(payload, event, url = server.webhookUrl) {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac("sha256", github.webhookSecret).update(body).digest("hex")}`;
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": event,
          "x-github-delivery": `redelivery-${++deliveries}-${Date.now()}`,
          "x-hub-signature-256": signature,
        },
        body,
      });
      if (response.status >= 300)
        throw new Error(`the ${event} delivery to ${url} got HTTP ${response.status}`);
    },
    async close() {
      for (const replica of replicas) await replica.close().catch(() => undefined);
      await server.close();
      await Promise.all([github.close(), kube.close()]);
    },
  };
}
