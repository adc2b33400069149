// k8s_field_equals {namespace, kind, name, path, equals}: the live object's field at `path` equals
// `equals` (JSON equality). Waits for it: a controller may still be converging.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { replicaCounts } from "../../../tools/kubernetes/workload-status.ts";
import { rolloutKinds, type Workload, type WorkloadKind } from "../../../tools/kubernetes/workloads.ts";
import type { JsonValue } from "../../plan/index.ts";
import { JsonValueSchema } from "../../plan/json-value.ts";
import { describeValue } from "../describe-value.ts";
import { FieldPathError, formatFieldPath, parseFieldPath, readFieldPath } from "../field-path.ts";
import type { IntentKind } from "../types.ts";
import { VerifyError } from "../types.ts";
import { objectArgs, resolveObjectTarget } from "./object-target.ts";

const FieldEqualsArgsSchema = z.strictObject({
  ...objectArgs,
  path: z.string().max(1024),
  equals: JsonValueSchema,
});
type FieldEqualsArgs = z.output<typeof FieldEqualsArgsSchema>;

const replicaKinds: string[] = [...rolloutKinds, "ReplicaSet"];

/** For workloads, how far the rollout got, so a person sees why a replica count is not there yet. */
function workloadContext(kind: string, object: unknown): string {
  if (!replicaKinds.includes(kind)) return "";
  const counts = replicaCounts(kind as WorkloadKind, object as Workload);
  return ` (updated ${counts.updated}/${counts.desired}, ready ${counts.ready}/${counts.desired})`;
}

export const fieldEquals: IntentKind<FieldEqualsArgs> = {
  check: "k8s_field_equals",
  args: FieldEqualsArgsSchema,
  expected: (args) => `${args.path} = ${describeValue(args.equals)}`,
  async prepare(args, kube, signal) {
    let steps: ReturnType<typeof parseFieldPath>;
    try {
      steps = parseFieldPath(args.path);
    } catch (error) {
      if (error instanceof FieldPathError) throw new VerifyError(error.message);
      throw error;
    }
    const target = await resolveObjectTarget(args, kube, signal);
    const wanted: JsonValue = args.equals;
    return {
      query: target.query,
      evaluate(objects) {
        const object = objects[0];
        if (!object) return { status: "waiting", observed: `${target.description} does not exist` };
        const context = workloadContext(target.resource.kind, object);
        const read = readFieldPath(object, steps);
        if (!read.found) return { status: "waiting", observed: `${read.why}${context}` };
        const observed = `${formatFieldPath(steps)} = ${describeValue(read.value)}${context}`;
        return { status: isDeepStrictEqual(read.value, wanted) ? "passed" : "waiting", observed };
      },
    };
  },
};
