// The slice of the Kubernetes OpenAPI schema the emulator needs for patches: which lists are merged by a
// key (patchMergeKey / x-kubernetes-list-map-keys) and which structs are atomic for server-side apply.
// Real servers read this from Go struct tags; we keep a small table of the common fields instead.
// Custom resources get none of it: their lists are atomic, as on a real server without list-type markers.
import type { ResourceType } from "../types.ts";

/** API groups whose types are compiled into kube-apiserver (strategic merge patch works only on these). */
const BUILTIN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "autoscaling",
  "policy",
  "coordination.k8s.io",
  "networking.k8s.io",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "scheduling.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
  "apiextensions.k8s.io",
]);

export function isBuiltinResource(resource: ResourceType): boolean {
  return BUILTIN_GROUPS.has(resource.group);
}

const CONTAINER_LISTS = new Set(["containers", "initContainers", "ephemeralContainers"]);

// Lists directly under a PodSpec (`spec` of a Pod, `spec.template.spec` of workloads).
const POD_SPEC_LIST_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  volumes: "name",
  imagePullSecrets: "name",
  hostAliases: "ip",
  topologySpreadConstraints: "topologyKey",
  resourceClaims: "name",
  // tolerations is deliberately absent: PodSpec.tolerations has no patch strategy, so it is replaced.
};

// Lists directly under a container.
const CONTAINER_LIST_KEYS: Record<string, string> = {
  env: "name",
  ports: "containerPort", // the real key is containerPort+protocol; protocol is not defaulted here
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
};

/**
 * The merge key of the list at `fieldPath` (field names from the object root, list positions left out),
 * or undefined when the list is atomic (replaced as a whole).
 */
export function listMergeKey(resource: ResourceType, fieldPath: readonly string[]): string | undefined {
  if (!isBuiltinResource(resource)) return undefined;
  const field = fieldPath.at(-1) ?? "";
  const parent = fieldPath.at(-2);
  if (parent !== undefined && CONTAINER_LISTS.has(parent)) return CONTAINER_LIST_KEYS[field];
  if (parent === "spec" && field in POD_SPEC_LIST_KEYS && isPodSpecPath(resource, fieldPath)) {
    return POD_SPEC_LIST_KEYS[field];
  }
  if (resource.kind === "Service" && fieldPath.length === 2 && parent === "spec" && field === "ports")
    return "port";
  if (fieldPath.length === 2 && parent === "metadata" && field === "ownerReferences") return "uid";
  if (parent === "status" && field === "conditions") return "type";
  return undefined;
}

function isPodSpecPath(resource: ResourceType, fieldPath: readonly string[]): boolean {
  const specPath = fieldPath.slice(0, -1).join(".");
  if (resource.kind === "Pod") return specPath === "spec";
  return specPath === "spec.template.spec" || specPath === "spec.jobTemplate.spec.template.spec";
}

/** Lists of scalars that strategic merge patch unions instead of replacing (patchStrategy "merge"). */
export function isMergedScalarList(resource: ResourceType, fieldPath: readonly string[]): boolean {
  return isBuiltinResource(resource) && fieldPath.join(".") === "metadata.finalizers";
}

const WORKLOAD_KINDS = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"]);

/**
 * Structs that server-side apply treats as one field (`+structType=atomic` / `+mapType=atomic`):
 * label selectors of workloads and a Service's selector map.
 */
export function isAtomicStruct(resource: ResourceType, fieldPath: readonly string[]): boolean {
  if (!isBuiltinResource(resource)) return false;
  const path = fieldPath.join(".");
  if (path === "spec.selector") return WORKLOAD_KINDS.has(resource.kind) || resource.kind === "Service";
  return false;
}
