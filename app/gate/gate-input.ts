// What the gate decides from: the pull request, its reviews and the base branch's CODEOWNERS,
// gathered by the caller. Checked on entry so that a caller bug (a missing head SHA, an empty
// login) can never read as "nothing to object to": malformed input throws instead.
import { z } from "zod";
import type { RepoConfig } from "../config/repo-config.ts";

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED" | "COMMENTED" | "PENDING";

export interface ReviewInput {
  id: number;
  login: string;
  isBot: boolean;
  state: ReviewState;
  /** The commit the review was given at. */
  commitId: string;
  submittedAt: string;
}

export interface GateInput {
  pr: { number: number; state: "open" | "closed" | "merged"; headSha: string; baseSha: string; body: string };
  /**
   * What Skyflo itself recorded about the plan at the head commit (its `skyflo/plan` check run,
   * which only the app can write): the digest it saw and everyone who shaped the plan — who asked,
   * and who pushed to the branch since. Undefined when there is no such record at head.
   */
  attestation: { digest: string; requesters: string[] } | undefined;
  /** Paths changed by the PR (base...head); for a rename, both the old and the new path. */
  changedFiles: string[];
  /** The plan file as the caller parsed it at head: its digest, or the error that stopped it. */
  planFile: { path: string; digestAtHead: string | undefined; error?: string };
  /** The digest in the PR body's hidden metadata. */
  bodyDigest: string | undefined;
  /** CODEOWNERS read from the BASE commit, never from head (findCodeowners at the base SHA). */
  codeowners: { path: string; text: string } | undefined;
  config: RepoConfig;
  /** All reviews of the PR, in any order. */
  reviews: ReviewInput[];
  /** Whether `login` is an active member of org/team (pending invitations are not membership). */
  isActiveTeamMember(org: string, team: string, login: string): Promise<boolean>;
}

export interface Requirement {
  id: string;
  passed: boolean;
  sentence: string;
}

const COMMIT_SHA = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;
const sha = z.string().regex(COMMIT_SHA, { error: "expected a full commit SHA (40 or 64 hex digits)" });
const nonBlank = z.string().regex(/\S/, { error: "expected a non-empty string" });

const ReviewInputSchema = z.object({
  id: z.int().min(0),
  login: nonBlank,
  isBot: z.boolean(),
  state: z.enum(["APPROVED", "CHANGES_REQUESTED", "DISMISSED", "COMMENTED", "PENDING"]),
  commitId: z.string(),
  submittedAt: z.string(),
});

const GateInputSchema = z.object({
  pr: z.object({
    number: z.int().min(1),
    state: z.enum(["open", "closed", "merged"]),
    headSha: sha,
    baseSha: sha,
    body: z.string(),
  }),
  attestation: z.object({ digest: z.string(), requesters: z.array(nonBlank) }).optional(),
  changedFiles: z.array(z.string()),
  planFile: z.object({
    path: nonBlank,
    digestAtHead: z.string().optional(),
    error: z.string().optional(),
  }),
  bodyDigest: z.string().optional(),
  codeowners: z.object({ path: nonBlank, text: z.string() }).optional(),
  config: z.object({
    planDirectory: nonBlank,
    approvals: z.object({
      required: z.int().min(1),
      allowSelfApproval: z.boolean(),
      allowUnowned: z.boolean(),
      rules: z.array(z.object({ paths: z.array(z.string()), required: z.int().min(1) })),
    }),
  }),
  reviews: z.array(ReviewInputSchema),
  isActiveTeamMember: z.custom<GateInput["isActiveTeamMember"]>((value) => typeof value === "function", {
    error: "expected a function (org, team, login) => Promise<boolean>",
  }),
});

/** Throws a TypeError naming every malformed field; the gate never decides on malformed input. */
export function assertGateInput(input: unknown): asserts input is GateInput {
  const parsed = GateInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new TypeError(`evaluateGate: invalid input, fix the caller:\n${z.prettifyError(parsed.error)}`);
  }
}
