// Argo Rollouts requests: "promote rollout <name>", "promote rollout <name> fully" (or --full),
// "abort rollout <name>", "retry rollout <name>", "pause rollout <name>", "resume rollout <name>", and
// "set [the] image of rollout <name> to <image>". The word "rollout" (also "ro", "argo rollout",
// "rollout/<name>") says it is an Argo Rollout: "rollout restart" and "rollout undo" stay the
// Kubernetes workload commands.
import type { Token } from "../tokenize.ts";
import { expectEnd, requireNamespace } from "./common.ts";
import { fail, type GrammarResult, type ParsedRequest, success } from "./parsed-request.ts";
import type { TokenCursor } from "./token-cursor.ts";
import { checkImage, checkObjectName } from "./values.ts";

export type ArgoOperation = "promote" | "promote-full" | "abort" | "retry" | "pause" | "resume" | "set-image";

export interface ArgoRequest {
  action: "argo";
  operation: ArgoOperation;
  /** The Rollout's name. */
  name: string;
  namespace: string;
  /** set-image: the new image of the Rollout's only container. */
  image?: string;
}

export type ArgoVerb = "promote" | "abort" | "retry" | "pause" | "resume";

const ARGO_VERBS: readonly string[] = ["promote", "abort", "retry", "pause", "resume"];
const ROLLOUT_WORDS = ["rollout", "rollouts", "ro"];

export function isArgoVerb(word: string | undefined): word is ArgoVerb {
  return word !== undefined && ARGO_VERBS.includes(word);
}

const WORDING: Record<ArgoOperation, string> = {
  promote: "promote",
  "promote-full": "fully promote",
  abort: "abort",
  retry: "retry",
  pause: "pause",
  resume: "resume",
  "set-image": "set the image of",
};

/** "a request to promote Argo Rollout web", for sentences. */
export function describeArgoRequest(
  request: Pick<ArgoRequest, "operation" | "name" | "image"> & { namespace?: string },
): string {
  const where = request.namespace === undefined ? "" : ` in namespace "${request.namespace}"`;
  const to = request.image === undefined ? "" : ` to ${request.image}`;
  return `a request to ${WORDING[request.operation]} Argo Rollout ${request.name}${where}${to}`;
}

/** Reads `rollout <name>`, `argo rollout <name>` or `rollout/<name>`. */
function readRolloutName(cursor: TokenCursor, verb: string, understood: string): GrammarResult<string> {
  cursor.accept("argo");
  const first: Token | undefined = cursor.peek();
  const slash = first?.text.indexOf("/") ?? -1;
  let written: string | undefined;
  if (first !== undefined && slash > 0 && ROLLOUT_WORDS.includes(first.lower.slice(0, slash))) {
    cursor.next();
    written = first.text.slice(slash + 1);
  } else if (cursor.accept(...ROLLOUT_WORDS) !== undefined) {
    written = cursor.next()?.text;
  } else {
    return fail(
      understood,
      `write "${verb} rollout <name>": the rules planner ${verb === "set" ? "sets images of" : `can ${verb}`} Argo Rollouts only this way`,
    );
  }
  if (written === undefined || written === "") return fail(understood, "the Rollout name is missing");
  const name = checkObjectName(written);
  return name.ok ? success(name.value) : fail(understood, name.problem);
}

function finish(
  cursor: TokenCursor,
  namespace: string | undefined,
  request: Omit<ArgoRequest, "action" | "namespace">,
): GrammarResult<ParsedRequest> {
  const understood = describeArgoRequest(request);
  const end = expectEnd(cursor, understood);
  if (!end.ok) return end;
  const ns = requireNamespace(namespace, understood);
  if (!ns.ok) return ns;
  return success({ action: "argo", ...request, namespace: ns.value });
}

/** The grammar after one of the verbs promote, abort, retry, pause, resume. */
export function argoGrammar(verb: ArgoVerb) {
  return (cursor: TokenCursor, namespace: string | undefined): GrammarResult<ParsedRequest> => {
    const name = readRolloutName(cursor, verb, `a request to ${verb} an Argo Rollout`);
    if (!name.ok) return name;
    let operation: ArgoOperation = verb;
    if (verb === "promote" && cursor.accept("fully", "--full") !== undefined) operation = "promote-full";
    return finish(cursor, namespace, { operation, name: name.value });
  };
}

/** After "set": true when it reads "[the] image of rollout …" (an Argo Rollout, not a workload). */
export function isArgoSetImage(cursor: TokenCursor): boolean {
  let offset = cursor.peek()?.lower === "the" ? 1 : 0;
  if (cursor.peek(offset)?.lower !== "image" || cursor.peek(offset + 1)?.lower !== "of") return false;
  offset += 2;
  if (cursor.peek(offset)?.lower === "argo") offset++;
  const word = cursor.peek(offset)?.lower ?? "";
  return ROLLOUT_WORDS.includes(word) || ROLLOUT_WORDS.some((w) => word.startsWith(`${w}/`));
}

/** "set [the] image of rollout <name> to <image>": the Rollout's only container. */
export function parseArgoSetImage(
  cursor: TokenCursor,
  namespace: string | undefined,
): GrammarResult<ParsedRequest> {
  cursor.accept("the");
  cursor.accept("image");
  cursor.accept("of");
  const name = readRolloutName(cursor, "set", "a request to set the image of an Argo Rollout");
  if (!name.ok) return name;
  const understood = `a request to set the image of Argo Rollout ${name.value}`;
  if (cursor.accept("to") === undefined) {
    return fail(understood, 'the new image is missing: write "to <image>", e.g. "to nginx:1.28"');
  }
  const written = cursor.next()?.text;
  if (written === undefined) return fail(understood, 'the new image is missing after "to"');
  const image = checkImage(written);
  if (!image.ok) return fail(understood, image.problem);
  return finish(cursor, namespace, { operation: "set-image", name: name.value, image: image.value });
}
