import { z } from "zod";
import { describeValue, HINTED_PARSE, issuesToPlanErrors } from "../plan/issue-messages.ts";
import { findValueProblems } from "../plan/json-problems.ts";
import { formatPlanError, makePlanError, type PlanError, sortPlanErrors } from "../plan/plan-error.ts";
import { loadYaml, type YamlDocumentKind } from "../plan/yaml-source.ts";

// The repository's own settings, `.github/skyflo.yml` on the default branch. Every field is
// optional; what a repository writes can only narrow what the server allows (effective-policy.ts).

export { effectivePolicy } from "./effective-policy.ts";

export const REPO_CONFIG_PATH = ".github/skyflo.yml";
export const MAX_REPO_CONFIG_BYTES = 64 * 1024;
export const MAX_APPROVALS = 10;
export const DEFAULT_PLAN_DIRECTORY = ".skyflo/plans";

const MAX_LIST = 200;

// A GitHub login (or GitLab username); "@" allowed in front, as people copy it from CODEOWNERS.
const LOGIN = /^@?[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const TEAM = /^@?[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
// Namespace names with `*` as a wildcard (`team-*`), as policy globs read them.
const NAMESPACE_GLOB = /^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$/;
const TOOL_GLOB = /^[a-z*][a-z0-9_*]*$/;
// Folder names joined by "/"; never "." or "..", never .git (a plain pattern, so the JSON Schema checks it too).
const FOLDER = String.raw`(?!\.{1,2}(?:/|$))(?!\.[gG][iI][tT](?:/|$))[A-Za-z0-9._-]+`;
const PLAN_DIRECTORY = new RegExp(`^${FOLDER}(?:/${FOLDER})*$`);

const dropAt = (value: string) => value.replace(/^@/, "");

const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_LIST);

const loginSchema = z
  .string()
  .regex(LOGIN, { error: "expected a login: letters, digits, '.', '_' and '-' (an '@' in front is fine)" })
  .overwrite(dropAt);

const teamSchema = z
  .string()
  .max(255)
  .regex(TEAM, { error: 'expected a team as "org/team-slug", such as "acme/platform"' })
  .overwrite(dropAt);

const namespaceGlob = z.string().max(63).regex(NAMESPACE_GLOB, {
  error:
    "expected a namespace name (lower-case letters, digits and '-'), where '*' matches any characters, such as \"team-*\"",
});

const toolGlob = z.string().max(64).regex(TOOL_GLOB, {
  error:
    "expected a tool name (lower-case letters, digits and '_'), where '*' matches any characters, such as \"k8s_*\"",
});

const pathGlob = z
  .string()
  .min(1)
  .max(256)
  .regex(/^\S(.*\S)?$/, { error: "expected a path pattern without spaces at either end" });

const approvalCount = () => z.int().min(1).max(MAX_APPROVALS);

export const RequestersSchema = z
  .strictObject({
    users: list(loginSchema).default([]).describe('Logins that may ask Skyflo for changes, such as "alice".'),
    teams: list(teamSchema)
      .default([])
      .describe('Teams whose active members may ask Skyflo for changes, as "org/team-slug".'),
  })
  .refine((r) => r.users.length > 0 || r.teams.length > 0, {
    error:
      "list at least one user or team; to let everyone with write access ask, remove `requesters` instead",
  })
  .describe(
    "Who may ask for changes with /skyflo. Without it: everyone with write access. With it: only these users and team members, and only if they also have write access.",
  );

const allowDeny = (what: "namespaces" | "tools", item: z.ZodString, example: string) =>
  z
    .strictObject({
      allow: list(item)
        .min(1, {
          error: `list at least one of the ${what} to allow, or remove \`allow\` to keep the server's list (to allow none, deny '*')`,
        })
        .optional()
        .describe(
          `Only these ${what} (${example}); '*' means every one the server allows. Can narrow the server's list, never widen it.`,
        ),
      deny: list(item).optional().describe(`Never these ${what}, in addition to what the server denies.`),
    })
    .describe(
      `Which ${what} plans may touch. The server's settings come first: a repository can narrow them, never widen them.`,
    );

export const ApprovalRuleSchema = z
  .strictObject({
    paths: list(pathGlob)
      .min(1)
      .describe('Path patterns of changed files this rule covers, as in CODEOWNERS (such as "k8s/prod/**").'),
    required: approvalCount().describe(
      "Owner approvals required for a changed file these patterns match; at least approvals.required.",
    ),
  })
  .describe("A higher approval count for some paths.");

export const ApprovalsSchema = z
  .strictObject({
    required: approvalCount()
      .default(1)
      .describe("Owner approvals (from CODEOWNERS) each changed file needs before a plan can run."),
    allowSelfApproval: z
      .boolean()
      .default(false)
      .describe("Whether the person who asked for a plan may also approve it."),
    allowUnowned: z
      .boolean()
      .default(false)
      .describe(
        "Whether a plan file that no CODEOWNERS rule owns can be approved at all; by default it cannot.",
      ),
    rules: list(ApprovalRuleSchema)
      .default([])
      .describe("Per-path approval counts, raising `required` for the files they match."),
  })
  .superRefine((approvals, context) => {
    approvals.rules.forEach((rule, index) => {
      if (rule.required < approvals.required) {
        context.addIssue({
          code: "custom",
          path: ["rules", index, "required"],
          input: rule.required,
          message: `expected at least approvals.required (${approvals.required}): a per-path rule can only raise the count`,
        });
      }
    });
  })
  .describe("How many owner approvals a plan needs, and from whom.");

const planDirectorySchema = z.string().max(200).regex(PLAN_DIRECTORY, {
  error:
    "expected a folder path relative to the repository root, such as \".skyflo/plans\": names of letters, digits, '.', '_' and '-' joined by '/', without \"..\", \".git\" or a '/' at either end",
});

export const RepoConfigSchema = z
  .strictObject({
    requesters: RequestersSchema.optional(),
    namespaces: allowDeny("namespaces", namespaceGlob, 'such as "shop" or "team-*"').optional(),
    tools: allowDeny("tools", toolGlob, 'such as "k8s_scale" or "k8s_rollout_*"').optional(),
    approvals: ApprovalsSchema.prefault({}),
    planDirectory: planDirectorySchema
      .default(DEFAULT_PLAN_DIRECTORY)
      .describe("Folder, relative to the repository root, where plan files are written."),
    mergeMethod: z
      .enum(["merge", "squash", "rebase"])
      .default("squash")
      .describe("How a plan pull request is merged after a successful run."),
    closeIssueOnMerge: z
      .boolean()
      .default(false)
      .describe("Close the issue that asked for a plan once its plan ran, verified and was merged."),
    failedRunLabel: z
      .string()
      .min(1)
      .max(50)
      .default("skyflo/run-failed")
      .describe("Label put on a plan pull request whose run failed or did not verify."),
  })
  .describe(`Skyflo settings for one repository (${REPO_CONFIG_PATH}, read from the default branch).`);

export type RepoConfig = z.output<typeof RepoConfigSchema>;
export type RepoConfigInput = z.input<typeof RepoConfigSchema>;

export type RepoConfigResult = { ok: true; config: RepoConfig } | { ok: false; errors: string[] };

const REPO_CONFIG_DOCUMENT: YamlDocumentKind = {
  noun: "the Skyflo config",
  fileNoun: "the Skyflo config file",
  maxBytes: MAX_REPO_CONFIG_BYTES,
  tooLargeAdvice: "keep only the settings that differ from the defaults",
};

/** The settings a repository gets without a config file. */
export const DEFAULT_REPO_CONFIG: RepoConfig = RepoConfigSchema.parse({});

function withFile(file: string, errors: PlanError[]): RepoConfigResult {
  return { ok: false, errors: sortPlanErrors(errors).map((e) => `\`${file}\`: ${formatPlanError(e)}`) };
}

/**
 * Reads a repository config. `text` undefined (no file) gives the defaults; so does an empty
 * file. Never throws: every problem is a sentence naming the file, the field and the line.
 */
export function readRepoConfig(text: string | undefined, file: string = REPO_CONFIG_PATH): RepoConfigResult {
  if (text === undefined) return { ok: true, config: structuredClone(DEFAULT_REPO_CONFIG) };
  if (typeof text !== "string") {
    return withFile(file, [{ path: "", message: `expected the file's text, got ${typeof text}` }]);
  }
  const loaded = loadYaml(text, REPO_CONFIG_DOCUMENT);
  if (!loaded.ok) return withFile(file, loaded.errors);
  const value = loaded.value ?? {};
  const problems = findValueProblems(value);
  if (problems.length > 0) {
    return withFile(
      file,
      problems.map(({ path, message, value: shown }) =>
        makePlanError(
          path,
          shown === undefined
            ? message
            : `${message}, got ${describeValue(shown, loaded.source.scalarText(path))}`,
          loaded.source,
        ),
      ),
    );
  }
  const parsed = RepoConfigSchema.safeParse(value, HINTED_PARSE);
  if (!parsed.success) {
    return withFile(
      file,
      issuesToPlanErrors(parsed.error.issues, { data: value, basePath: [], source: loaded.source }),
    );
  }
  return { ok: true, config: parsed.data };
}
