// Verification intents the rules planner declares; the verifier (issue 4) evaluates them.
//
// k8s_rollout_complete {namespace, kind, name}
//   The workload's rollout finished: as `kubectl rollout status` reports success.
// k8s_field_equals {namespace, kind, name, path, equals}
//   The live object's field at `path` equals `equals` (JSON equality).
// k8s_object_absent {namespace, kind, name}
//   The object no longer exists (404), e.g. after a delete.
//
// Field path syntax (for k8s_field_equals):
//   path     := step ("." step)*
//   step     := field selector?
//   field    := a JSON field name (letters, digits, "_", "-"; no ".", "[" or "]")
//   selector := "[" key "=" value "]"   — in a list, the one element whose field `key` is the
//                                          string `value` (value: any characters except "]")
//   e.g. spec.replicas, spec.template.spec.containers[name=web].image
//   Selecting by a stable key, not an index, so the intent does not depend on container order.
//   No element or several matching a selector, or a missing field, means "not equal".
import type { JsonValue, PlanVerify } from "../../plan/index.ts";
import { DEFAULT_VERIFY_TIMEOUT_SECONDS } from "../../plan/index.ts";
import type { WorkloadKind } from "./grammar/parsed-request.ts";

export interface ObjectRef {
  namespace: string;
  kind: string;
  name: string;
}

/** The path of a container's image in a workload's pod template. */
export function containerImagePath(container: string, init = false): string {
  return `spec.template.spec.${init ? "initContainers" : "containers"}[name=${container}].image`;
}

export function rolloutComplete(id: string, ref: ObjectRef & { kind: WorkloadKind }): PlanVerify {
  return {
    id,
    check: "k8s_rollout_complete",
    args: { namespace: ref.namespace, kind: ref.kind, name: ref.name },
    timeoutSeconds: DEFAULT_VERIFY_TIMEOUT_SECONDS,
  };
}

export function fieldEquals(id: string, ref: ObjectRef, path: string, equals: JsonValue): PlanVerify {
  return {
    id,
    check: "k8s_field_equals",
    args: { namespace: ref.namespace, kind: ref.kind, name: ref.name, path, equals },
    timeoutSeconds: DEFAULT_VERIFY_TIMEOUT_SECONDS,
  };
}

export function objectAbsent(id: string, ref: ObjectRef): PlanVerify {
  return {
    id,
    check: "k8s_object_absent",
    args: { namespace: ref.namespace, kind: ref.kind, name: ref.name },
    timeoutSeconds: DEFAULT_VERIFY_TIMEOUT_SECONDS,
  };
}
