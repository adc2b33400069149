// The Probot app: which webhook events Skyflo reacts to. Handlers only parse, filter and enqueue;
// the work runs after the webhook is acknowledged (GitHub waits 10 s at most), one job at a time
// per issue or pull request.
import type { ApplicationFunction, Probot } from "probot";
import { createToolRegistry } from "../../tools/index.ts";
import type { KubeClients } from "../../tools/kubernetes/client.ts";
import { Policy } from "../../tools/policy.ts";
import type { ToolRegistry } from "../../tools/registry.ts";
import { parseCommand } from "../commands/parse-command.ts";
import { botLoginOf } from "../forge/github/bot-login.ts";
import { GitHubForge } from "../forge/github/github-forge.ts";
import type { LlmPlannerSettings } from "../planner/llm/settings.ts";
import type { WorkQueue } from "../server/work-queue.ts";
import { handleApprovalCheck } from "./approval-check.ts";
import { CommitFileCache } from "./commit-file-cache.ts";
import type { ToolBackends } from "./engine-deps.ts";
import { handleComment } from "./handle-comment.ts";
import { reportClosed } from "./plan-closed.ts";
import { handlePlanPush } from "./plan-push.ts";

export interface SkyfloAppDeps {
  /** Handlers enqueue their work here and return at once; the host drains it on SIGTERM. */
  queue: WorkQueue;
  kube: KubeClients;
  /** The helm binary and a Jenkins server, for those tool families (absent: they refuse). */
  backends?: ToolBackends;
  /** An OpenAI-compatible model for free-text requests (absent: the rules planner alone). */
  llm?: LlmPlannerSettings;
  registry?: ToolRegistry;
  /** Server-side limits (environment); repositories may only narrow them. Default: everything. */
  serverPolicy?: Policy;
  now?: () => Date;
  /**
   * Execute approved plans (then verify, record, merge). Default true; false makes Skyflo a
   * planner only (plan PRs and approval checks, never a change to a cluster).
   */
  executeApproved?: boolean;
  /** Namespace of the plans' lock Leases (default "default"). */
  lockNamespace?: string;
  /** Multiplies verify timeouts (tests only). */
  verifyTimeScale?: number;
}

export function createSkyfloApp(deps: SkyfloAppDeps): ApplicationFunction {
  const engine = {
    registry: deps.registry ?? createToolRegistry(),
    kube: deps.kube,
    backends: deps.backends,
    llm: deps.llm,
    serverPolicy: deps.serverPolicy ?? new Policy(),
    files: new CommitFileCache(),
    now: deps.now ?? (() => new Date()),
    executeApproved: deps.executeApproved ?? true,
    lockNamespace: deps.lockNamespace,
    verifyTimeScale: deps.verifyTimeScale,
  };
  // The app's own login (`<slug>[bot]`), asked once: only its comments may be taken over as the
  // status comment. A failure is not remembered, so the next event asks again.
  let login: Promise<string> | undefined;
  const botLogin = (app: Probot) => {
    login ??= botLoginOf(app).catch((error: unknown) => {
      login = undefined;
      throw error;
    });
    return login;
  };
  return (app) => {
    app.on("issue_comment.created", async (context) => {
      const { comment, issue, sender, repository } = context.payload;
      // Bots never request (that includes Skyflo's own comments).
      if (sender.type === "Bot" || comment.user?.type === "Bot") return;
      const command = parseCommand(comment.body ?? "");
      if (command.kind === "ignore") return;
      const repo = context.repo();
      const forge = new GitHubForge(context.octokit, { botLogin: await botLogin(app) });
      deps.queue.enqueue(`${repo.owner}/${repo.repo}#${issue.number}`, () =>
        handleComment(
          {
            forge,
            repo,
            command,
            issueNumber: issue.number,
            issueUrl: issue.html_url,
            isPullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
            commentId: comment.id,
            commentUrl: comment.html_url,
            requester: { login: sender.login, isBot: false },
            defaultBranch: repository.default_branch,
          },
          engine,
        ).then(() => undefined),
      );
    });

    // The approval check follows every review and every push. It is cheap (a few reads and one
    // check write) and ends at once for a pull request without Skyflo's metadata.
    const enqueueApprovalCheck = (
      context: { repo(): { owner: string; repo: string }; octokit: GitHubForgeClient },
      prNumber: number,
      defaultBranch: string,
      login: string,
      reportAwaiting: boolean,
    ) => {
      const repo = context.repo();
      const forge = new GitHubForge(context.octokit, { botLogin: login });
      deps.queue.enqueue(`${repo.owner}/${repo.repo}#${prNumber}`, () =>
        handleApprovalCheck({ forge, repo, prNumber, defaultBranch, reportAwaiting }, engine).then(
          () => undefined,
        ),
      );
    };
    app.on(["pull_request_review.submitted", "pull_request_review.dismissed"], async (context) => {
      const { pull_request, sender, repository } = context.payload;
      // A bot's review never counts (the gate ignores it too); Skyflo's own step reviews land here.
      if (sender.type === "Bot") return;
      enqueueApprovalCheck(
        context,
        pull_request.number,
        repository.default_branch,
        await botLogin(app),
        true,
      );
    });
    app.on("pull_request.opened", async (context) => {
      const { pull_request, sender, repository } = context.payload;
      const login = await botLogin(app);
      // Skyflo opens plan PRs itself and already wrote a status naming who must approve.
      const ours = sender.login === login;
      if (sender.type === "Bot" && !ours) return;
      enqueueApprovalCheck(context, pull_request.number, repository.default_branch, login, !ours);
    });
    // Closed without merging: the issue's status says so (Skyflo's own merge closes it as merged).
    app.on("pull_request.closed", async (context) => {
      const { pull_request, sender } = context.payload;
      if (pull_request.merged) return;
      const repo = context.repo();
      const forge = new GitHubForge(context.octokit, { botLogin: await botLogin(app) });
      deps.queue.enqueue(`${repo.owner}/${repo.repo}#${pull_request.number}`, () =>
        reportClosed(forge, repo, pull_request.number, sender.login, engine.files),
      );
    });
    app.on("pull_request.synchronize", async (context) => {
      const { pull_request, sender, repository, before, after } = context.payload;
      const login = await botLogin(app);
      const ours = sender.login === login;
      // Another bot's push is never recorded, so the gate refuses until someone replans.
      if (sender.type === "Bot" && !ours) return;
      const repo = context.repo();
      const forge = new GitHubForge(context.octokit, { botLogin: login });
      const defaultBranch = repository.default_branch;
      deps.queue.enqueue(`${repo.owner}/${repo.repo}#${pull_request.number}`, async () => {
        // A person's push: record who shaped the plan at the pushed commit first (plan-push.ts).
        if (!ours) {
          await handlePlanPush(
            {
              forge,
              repo,
              prNumber: pull_request.number,
              pusher: { login: sender.login, isBot: false },
              beforeSha: before,
              afterSha: after,
              defaultBranch,
            },
            engine,
          );
        }
        await handleApprovalCheck(
          { forge, repo, prNumber: pull_request.number, defaultBranch, reportAwaiting: !ours },
          engine,
        );
      });
    });
  };
}

type GitHubForgeClient = ConstructorParameters<typeof GitHubForge>[0];
