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
import type { WorkQueue } from "../server/work-queue.ts";
import { CommitFileCache } from "./commit-file-cache.ts";
import { handleComment } from "./handle-comment.ts";

export interface SkyfloAppDeps {
  /** Handlers enqueue their work here and return at once; the host drains it on SIGTERM. */
  queue: WorkQueue;
  kube: KubeClients;
  registry?: ToolRegistry;
  /** Server-side limits (environment); repositories may only narrow them. Default: everything. */
  serverPolicy?: Policy;
  now?: () => Date;
}

export function createSkyfloApp(deps: SkyfloAppDeps): ApplicationFunction {
  const engine = {
    registry: deps.registry ?? createToolRegistry(),
    kube: deps.kube,
    serverPolicy: deps.serverPolicy ?? new Policy(),
    files: new CommitFileCache(),
    now: deps.now ?? (() => new Date()),
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
  };
}
