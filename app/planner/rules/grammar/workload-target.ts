// The workload a request is about: "web" (a Deployment), "deployment web", "sts db", "deploy/web".
import { kindName } from "../../../../tools/shared/validation.ts";
import type { Token } from "../tokenize.ts";
import {
  fail,
  type GrammarResult,
  success,
  type WorkloadKind,
  type WorkloadTarget,
} from "./parsed-request.ts";
import type { TokenCursor } from "./token-cursor.ts";
import { checkObjectName } from "./values.ts";

const KIND_ALIASES: Record<string, WorkloadKind> = {
  deploy: "Deployment",
  deployment: "Deployment",
  deployments: "Deployment",
  sts: "StatefulSet",
  statefulset: "StatefulSet",
  statefulsets: "StatefulSet",
  ds: "DaemonSet",
  daemonset: "DaemonSet",
  daemonsets: "DaemonSet",
};

export const KIND_WORDS = "deployment (deploy), statefulset (sts) or daemonset (ds)";

export function workloadKindOf(word: string): WorkloadKind | undefined {
  return Object.hasOwn(KIND_ALIASES, word.toLowerCase()) ? KIND_ALIASES[word.toLowerCase()] : undefined;
}

export interface TargetOptions {
  /** Refuse a bare name: the kind must be written (delete). */
  requireKind?: boolean;
  /** What the grammar understood before the target, for failures. */
  understood: string;
}

function named(
  kind: WorkloadKind,
  written: string | undefined,
  understood: string,
): GrammarResult<WorkloadTarget> {
  if (written === undefined || written === "") {
    return fail(understood, `the ${kind} name is missing`);
  }
  const name = checkObjectName(written);
  if (!name.ok) return fail(understood, name.problem);
  return success({ kind, name: name.value });
}

function unsupportedKind(written: string): string {
  return `${JSON.stringify(written)} is not a workload kind the rules planner handles; use ${KIND_WORDS}`;
}

/** Reads `<kind>/<name>`, `<kind> <name>` or `<name>` (a Deployment unless `requireKind`). */
export function readWorkloadTarget(
  cursor: TokenCursor,
  options: TargetOptions,
): GrammarResult<WorkloadTarget> {
  const { understood } = options;
  const first: Token | undefined = cursor.next();
  if (first === undefined) return fail(understood, "the request does not say which workload");
  const slash = first.text.indexOf("/");
  if (slash > 0) {
    const kind = workloadKindOf(first.text.slice(0, slash));
    if (kind !== undefined) return named(kind, first.text.slice(slash + 1), understood);
    // "cm/web" names an unsupported kind; "../x" is no kind at all and fails as a name below.
    if (kindName.safeParse(first.text.slice(0, slash)).success) {
      return fail(understood, unsupportedKind(first.text.slice(0, slash)));
    }
  }
  const kind = workloadKindOf(first.text);
  if (kind !== undefined) return named(kind, cursor.next()?.text, understood);
  if (options.requireKind) {
    if (cursor.peek() !== undefined) return fail(understood, unsupportedKind(first.text));
    return fail(
      understood,
      `the kind of "${first.text}" is not written; say it explicitly, e.g. "deployment ${first.text}", with one of ${KIND_WORDS}`,
    );
  }
  return named("Deployment", first.text, understood);
}
