// k8s_patch: a JSON, merge or strategic-merge patch of one object of any kind, or its dry run.
import { ApiException } from "@kubernetes/client-node";
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import type { ApiResource } from "./discovery.ts";
import { kubeError } from "./errors.ts";
import { describeObject, objectTargets, resolveKind, scopeFor } from "./kinds.ts";
import { dryRunInput, mutationOutput, mutationResult } from "./mutation.ts";
import { getObject, type KubeObject, patchObject } from "./object-rest.ts";
import { apiVersionArg, kindArg, nameArg, namespaceArg } from "./object-schemas.ts";
import { withoutControllerStatus } from "./object-summary.ts";
import { maskError, secretValues } from "./secret-values.ts";

const maxPatchBytes = 1024 * 1024;
const fieldManager = "skyflo";

// Groups compiled into the API server, which understand strategic merge patches; custom
// resources (CRDs) only take merge and JSON patches.
const builtinGroups = new Set([
  "",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "apps",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "networking.k8s.io",
  "node.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "resource.k8s.io",
  "scheduling.k8s.io",
  "storage.k8s.io",
]);

function isBuiltin(resource: ApiResource): boolean {
  return builtinGroups.has(resource.group);
}

const maxOperations = 1000;
const jsonPointer = z
  .string()
  .max(1024)
  .regex(/^(\/[^/]*)*$/, "must be a JSON pointer such as /spec/replicas");
const jsonPatchOperation = z.strictObject({
  op: z.enum(["add", "remove", "replace", "move", "copy", "test"]),
  path: jsonPointer,
  value: z.unknown().optional(),
  from: jsonPointer.optional(),
});

function checkOperations(operations: unknown[]): void {
  if (operations.length === 0 || operations.length > maxOperations) {
    throw new ToolError(`A JSON patch needs 1 to ${maxOperations} operations; got ${operations.length}.`);
  }
  for (const [index, operation] of operations.entries()) {
    const parsed = jsonPatchOperation.safeParse(operation);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ToolError(
        `JSON patch operation ${index + 1}: ${issue?.path.join(".") || "operation"} ${issue?.message ?? "is invalid"}.`,
        'Each operation is {"op": "add"|"remove"|"replace"|"move"|"copy"|"test", "path": "/a/b", "value": …}.',
      );
    }
  }
}

type PatchType = "json" | "merge" | "strategic";

function checkShape(patch: unknown, type: PatchType): void {
  if (type === "json" && !Array.isArray(patch)) {
    throw new ToolError(
      'patchType json needs patch to be an array of operations, e.g. [{"op": "replace", "path": "/spec/replicas", "value": 3}].',
    );
  }
  if (type !== "json" && Array.isArray(patch)) {
    throw new ToolError(
      `patchType ${type} needs patch to be an object (the fields to change); an array of operations is a JSON patch.`,
      'Pass patchType: "json" for an operation list.',
    );
  }
  if (Array.isArray(patch)) checkOperations(patch);
  const bytes = Buffer.byteLength(JSON.stringify(patch));
  if (bytes > maxPatchBytes) {
    throw new ToolError(`The patch is ${bytes} bytes; the limit is ${maxPatchBytes} bytes (1 MiB).`);
  }
}

export const patchTool = defineTool({
  name: "k8s_patch",
  title: "Patch a Kubernetes object",
  description:
    'Changes fields of one existing object of any kind (CRDs included) with a patch, like kubectl patch. patchType: "strategic" (default for built-in kinds: lists of containers, ports, env merge by name), "merge" (RFC 7386 JSON merge patch: default for CRDs; null deletes a field, lists are replaced whole) or "json" (RFC 6902: an array of {op, path, value} operations). Prefer k8s_apply for declarative changes, k8s_scale / k8s_set_image for those common edits. dryRun: true changes nothing and returns the diff. Returns a unified diff of the object. Not idempotent in general (JSON patch add/remove on lists repeats).',
  family: "kubernetes",
  input: z.strictObject({
    kind: kindArg,
    apiVersion: apiVersionArg,
    name: nameArg,
    namespace: namespaceArg,
    patch: z
      // Operations are checked in the handler: a failing union branch only reports "Invalid input".
      .union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))])
      .describe(
        'The patch: an object for merge/strategic, e.g. {"spec": {"replicas": 3}}; an array of operations for json',
      ),
    patchType: z
      .enum(["strategic", "merge", "json"])
      .optional()
      .describe("strategic (default for built-in kinds), merge (default for CRDs) or json"),
    dryRun: dryRunInput,
  }),
  output: mutationOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  targets: (args) => objectTargets(args),
  async handler(args, context) {
    const { kube, signal, policy } = context;
    const resource = await resolveKind(kube, args.kind, args.apiVersion, signal);
    const requested = args.patchType;
    if (requested === "strategic" && !isBuiltin(resource)) {
      throw new ToolError(
        `${resource.kind} (${resource.apiVersion}) is a custom resource; the API server does not support strategic merge patches for it.`,
        'Use patchType "merge" or "json".',
      );
    }
    const type: PatchType =
      requested ?? (Array.isArray(args.patch) ? "json" : isBuiltin(resource) ? "strategic" : "merge");
    checkShape(args.patch, type);
    const namespace = scopeFor(resource, args.namespace, policy);
    const ref = { resource, namespace, name: args.name };
    const values = secretValues(args.patch, resource.kind === "Secret");
    let before: KubeObject;
    let after: KubeObject;
    try {
      before = await getObject(kube, ref, signal);
      const options = { dryRun: args.dryRun, fieldManager };
      try {
        after = await patchObject(kube, ref, type, args.patch, options, signal);
      } catch (error) {
        // A defaulted strategic patch on an aggregated or unusual built-in kind: fall back to merge.
        const unsupported = error instanceof ApiException && error.code === 415;
        if (!(unsupported && requested === undefined && type === "strategic")) throw error;
        after = await patchObject(kube, ref, "merge", args.patch, options, signal);
      }
    } catch (error) {
      throw maskError(
        kubeError(error, { action: "patch", kind: resource.kind, name: args.name, namespace }),
        values,
      );
    }
    const result = mutationResult(args.dryRun, [
      [withoutControllerStatus(before, resource), withoutControllerStatus(after, resource)],
    ]);
    const target = describeObject(resource.kind, args.name, namespace);
    return {
      summary: `${args.dryRun ? "Dry run: " : ""}${target} ${result.changed ? (args.dryRun ? "would change" : "changed") : args.dryRun ? "would not change" : "did not change"} (${type} patch).`,
      data: result,
    };
  },
});
