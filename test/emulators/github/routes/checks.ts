// Check runs: only the app (an installation token) may create or update them, as on GitHub.
import type { Handler, RequestContext } from "../context.ts";
import { forbidden, notFound, unprocessable, validationFailed } from "../errors.ts";
import { resolveRef } from "../operations.ts";
import { requireRepo } from "../permissions.ts";
import type { Router } from "../router.ts";
import { checkRunShape } from "../shapes.ts";
import { type CheckRun, now, type Repo } from "../state/world.ts";
import { numberParam, oneOf, optionalString, paginate, requiredString } from "../validate.ts";

const statuses = ["queued", "in_progress", "completed"] as const;
const conclusions = [
  "action_required",
  "cancelled",
  "failure",
  "neutral",
  "success",
  "skipped",
  "stale",
  "timed_out",
] as const;

function requireApp(c: RequestContext): void {
  if (c.actor.kind !== "installation") throw forbidden("You must authenticate via a GitHub App.");
}

/** Applies status/conclusion/output/details from the body; returns whether the run just completed. */
function applyFields(c: RequestContext, run: CheckRun): boolean {
  const wasCompleted = run.status === "completed";
  const name = optionalString(c.body, "name", "CheckRun");
  if (name !== undefined) run.name = name;
  const status = oneOf(optionalString(c.body, "status", "CheckRun"), statuses, "CheckRun", "status");
  const conclusion = oneOf(
    optionalString(c.body, "conclusion", "CheckRun"),
    conclusions,
    "CheckRun",
    "conclusion",
  );
  if (status === "completed" && !conclusion && !run.conclusion) {
    throw validationFailed({
      resource: "CheckRun",
      field: "conclusion",
      code: "missing_field",
      message: "conclusion is required when status is completed",
    });
  }
  if (conclusion) {
    run.conclusion = conclusion;
    run.status = "completed";
    run.completedAt = optionalString(c.body, "completed_at", "CheckRun") ?? now();
  } else if (status) {
    run.status = status;
  }
  if (run.status === "in_progress" && !run.startedAt) run.startedAt = now();
  const startedAt = optionalString(c.body, "started_at", "CheckRun");
  if (startedAt) run.startedAt = startedAt;
  const output = c.body.output;
  if (output !== undefined) {
    if (typeof output !== "object" || output === null)
      throw unprocessable("output must be an object with title and summary");
    const o = output as Record<string, unknown>;
    if (typeof o.title !== "string" || typeof o.summary !== "string") {
      throw validationFailed({
        resource: "CheckRun",
        field: "output",
        code: "missing_field",
        message: "output needs title and summary strings",
      });
    }
    if (o.summary.length > 65_535 || (typeof o.text === "string" && o.text.length > 65_535)) {
      throw validationFailed({
        resource: "CheckRun",
        field: "output",
        code: "custom",
        message: "output.summary and output.text are limited to 65535 characters",
      });
    }
    run.output = { title: o.title, summary: o.summary, text: typeof o.text === "string" ? o.text : null };
  }
  const details = optionalString(c.body, "details_url", "CheckRun");
  if (details !== undefined) run.detailsUrl = details;
  const external = optionalString(c.body, "external_id", "CheckRun");
  if (external !== undefined) run.externalId = external;
  return !wasCompleted && run.status === "completed";
}

function emitRun(c: RequestContext, repo: Repo, run: CheckRun, action: string): void {
  c.emit({
    repo,
    event: "check_run",
    action,
    sender: c.world.botLogin,
    payload: { check_run: checkRunShape(c.world, repo, run) },
  });
}

const createRun: Handler = (c) => {
  const repo = requireRepo(c, "write");
  requireApp(c);
  const name = requiredString(c.body, "name", "CheckRun");
  const headSha = requiredString(c.body, "head_sha", "CheckRun");
  if (!repo.git.commit(headSha)) throw unprocessable(`No commit found for SHA: ${headSha}`);
  const run: CheckRun = {
    id: c.world.nextId(),
    name,
    headSha: headSha.toLowerCase(),
    status: "queued",
    conclusion: null,
    startedAt: now(),
    completedAt: null,
    output: { title: null, summary: null, text: null },
    detailsUrl: null,
    externalId: null,
  };
  const completed = applyFields(c, run);
  repo.checkRuns.set(run.id, run);
  emitRun(c, repo, run, "created");
  if (completed) emitRun(c, repo, run, "completed");
  return { status: 201, body: checkRunShape(c.world, repo, run) };
};

function findRun(c: RequestContext, repo: Repo): CheckRun {
  const run = repo.checkRuns.get(numberParam(c, "id"));
  if (!run) throw notFound();
  return run;
}

const updateRun: Handler = (c) => {
  const repo = requireRepo(c, "write");
  requireApp(c);
  const run = findRun(c, repo);
  if (applyFields(c, run)) emitRun(c, repo, run, "completed");
  return { status: 200, body: checkRunShape(c.world, repo, run) };
};

const getRun: Handler = (c) => {
  const repo = requireRepo(c);
  return { status: 200, body: checkRunShape(c.world, repo, findRun(c, repo)) };
};

const listForRef: Handler = (c) => {
  const repo = requireRepo(c);
  const ref = c.params.ref ?? "";
  const sha = resolveRef(repo, ref);
  if (!sha) throw unprocessable(`No commit found for SHA: ${ref}`);
  const name = c.query.get("check_name");
  const status = c.query.get("status");
  let runs = [...repo.checkRuns.values()]
    .filter((r) => r.headSha === sha && (!name || r.name === name) && (!status || r.status === status))
    .sort((a, b) => b.id - a.id);
  if ((c.query.get("filter") ?? "latest") === "latest") {
    const seen = new Set<string>();
    runs = runs.filter((r) => !seen.has(r.name) && seen.add(r.name) !== undefined);
  }
  const shapes = runs.map((r) => checkRunShape(c.world, repo, r));
  return paginate(c, shapes, (page) => ({ total_count: shapes.length, check_runs: page }));
};

export function registerCheckRoutes(router: Router<Handler>): void {
  router
    .add("POST", "/repos/:owner/:repo/check-runs", createRun)
    .add("GET", "/repos/:owner/:repo/check-runs/:id", getRun)
    .add("PATCH", "/repos/:owner/:repo/check-runs/:id", updateRun)
    .add("GET", "/repos/:owner/:repo/commits/:ref/check-runs", listForRef);
}
