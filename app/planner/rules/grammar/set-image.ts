// "set image <name>=<image>"            — workload <name>; its container <name>, else its only one
// "set image <target> <container>=<image>"
// "set [the] image of <target> to <image>" — the pod template's only container
import { expectEnd, requireNamespace } from "./common.ts";
import {
  type ContainerChoice,
  describeTarget,
  fail,
  type GrammarResult,
  type ParsedRequest,
  success,
  type WorkloadTarget,
} from "./parsed-request.ts";
import type { TokenCursor } from "./token-cursor.ts";
import { checkContainerName, checkImage, checkObjectName } from "./values.ts";
import { readWorkloadTarget } from "./workload-target.ts";

const START = "a request to set a container image";

interface Assignment {
  left: string;
  image: string;
}

function readAssignment(written: string | undefined, understood: string): GrammarResult<Assignment> {
  const equals = written?.indexOf("=") ?? -1;
  if (written === undefined || equals < 0) {
    return fail(understood, 'the new image is missing: write "<container>=<image>", e.g. "app=nginx:1.27"');
  }
  const image = checkImage(written.slice(equals + 1));
  if (!image.ok) return fail(understood, image.problem);
  return success({ left: written.slice(0, equals), image: image.value });
}

function finish(
  cursor: TokenCursor,
  namespace: string | undefined,
  target: WorkloadTarget,
  container: ContainerChoice,
  image: string,
): GrammarResult<ParsedRequest> {
  const understood = `a request to set the image of ${describeTarget(target)} to ${image}`;
  const end = expectEnd(cursor, understood);
  if (!end.ok) return end;
  const ns = requireNamespace(namespace, understood);
  if (!ns.ok) return ns;
  return success({ action: "set-image", target, namespace: ns.value, container, image });
}

/** After "set": "image …" or "the image of …". */
export function parseSetImage(
  cursor: TokenCursor,
  namespace: string | undefined,
): GrammarResult<ParsedRequest> {
  cursor.accept("the");
  if (cursor.accept("image") === undefined) {
    return fail(undefined, 'after "set" the rules planner expects "image", as in "set image web=nginx:1.27"');
  }
  if (cursor.accept("of") !== undefined) {
    const target = readWorkloadTarget(cursor, { understood: START });
    if (!target.ok) return target;
    const understood = `a request to set the image of ${describeTarget(target.value)}`;
    if (cursor.accept("to") === undefined) {
      return fail(understood, 'the new image is missing: write "to <image>", e.g. "to nginx:1.27"');
    }
    const written = cursor.next()?.text;
    if (written === undefined) return fail(understood, 'the new image is missing after "to"');
    const image = checkImage(written);
    if (!image.ok) return fail(understood, image.problem);
    return finish(cursor, namespace, target.value, { by: "only" }, image.value);
  }
  if (cursor.peek()?.text.includes("=")) {
    const assignment = readAssignment(cursor.next()?.text, START);
    if (!assignment.ok) return assignment;
    const name = checkObjectName(assignment.value.left);
    if (!name.ok) return fail(START, name.problem);
    const container = checkContainerName(assignment.value.left);
    const target: WorkloadTarget = { kind: "Deployment", name: name.value };
    // A workload name that is no valid container name can only mean "its only container".
    const choice: ContainerChoice = container.ok
      ? { by: "name-or-only", name: container.value }
      : { by: "only" };
    return finish(cursor, namespace, target, choice, assignment.value.image);
  }
  const target = readWorkloadTarget(cursor, { understood: START });
  if (!target.ok) return target;
  const understood = `a request to set an image of ${describeTarget(target.value)}`;
  const assignment = readAssignment(cursor.next()?.text, understood);
  if (!assignment.ok) return assignment;
  const container = checkContainerName(assignment.value.left);
  if (!container.ok) return fail(understood, container.problem);
  return finish(
    cursor,
    namespace,
    target.value,
    { by: "name", name: container.value },
    assignment.value.image,
  );
}
