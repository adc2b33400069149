// k8s_object_absent {namespace, kind, name}: the object no longer exists. One still held by
// finalizers is present (its deletion has not finished).
import type { IntentKind } from "../types.ts";
import { describeArgs, type ObjectArgs, ObjectArgsSchema, resolveObjectTarget } from "./object-target.ts";

export const objectAbsent: IntentKind<ObjectArgs> = {
  check: "k8s_object_absent",
  args: ObjectArgsSchema,
  expected: (args) => `${describeArgs(args)} does not exist`,
  async prepare(args, kube, signal) {
    const target = await resolveObjectTarget(args, kube, signal);
    return {
      query: target.query,
      expected: `${target.description} does not exist`,
      evaluate(objects) {
        const object = objects[0];
        if (!object) return { status: "passed", observed: `${target.description} does not exist` };
        const finalizers = object.metadata?.finalizers ?? [];
        if (object.metadata?.deletionTimestamp) {
          const held = finalizers.length > 0 ? ` (waiting for finalizers: ${finalizers.join(", ")})` : "";
          return { status: "waiting", observed: `${target.description} is being deleted${held}` };
        }
        return { status: "waiting", observed: `${target.description} still exists` };
      },
    };
  },
};
