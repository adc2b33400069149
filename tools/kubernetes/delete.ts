// k8s_delete: deletes exactly one named object of any kind, or shows (dry run) what would go.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { kubeError } from "./errors.ts";
import { describeObject, objectTargets, resolveKind, scopeFor } from "./kinds.ts";
import { dryRunInput, mutationOutput, mutationResult } from "./mutation.ts";
import { deleteObject, getObject, type KubeObject } from "./object-rest.ts";
import { apiVersionArg, kindArg, nameArg, namespaceArg } from "./object-schemas.ts";
import { withoutControllerStatus } from "./object-summary.ts";

export const deleteTool = defineTool({
  name: "k8s_delete",
  title: "Delete a Kubernetes object",
  description:
    "Deletes one object of any kind (CRDs included), named by kind + name (+ namespace for namespaced kinds). There is deliberately no delete by label selector or of all objects: each deletion is one call on one named object, so a plan shows exactly what goes and an approval can never cover more than it names. propagationPolicy: Background (default: dependents such as a Deployment's ReplicaSets and Pods are removed afterwards), Foreground (dependents first) or Orphan (dependents are kept). dryRun: true deletes nothing and returns the object that would be deleted as a diff to empty. Objects with finalizers stay until their controllers finish (pendingFinalizers).",
  family: "kubernetes",
  input: z.strictObject({
    kind: kindArg,
    apiVersion: apiVersionArg,
    name: nameArg,
    namespace: namespaceArg,
    propagationPolicy: z
      .enum(["Background", "Foreground", "Orphan"])
      .default("Background")
      .describe("What happens to dependents (objects this one owns)"),
    dryRun: dryRunInput,
  }),
  output: mutationOutput.extend({
    pendingFinalizers: z
      .array(z.string())
      .describe("Finalizers still to run: the object is being deleted but not gone yet"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  targets: (args) => objectTargets(args),
  async handler(args, context) {
    const { kube, signal, policy } = context;
    const resource = await resolveKind(kube, args.kind, args.apiVersion, signal);
    const namespace = scopeFor(resource, args.namespace, policy);
    const ref = { resource, namespace, name: args.name };
    let before: KubeObject;
    let answer: KubeObject;
    try {
      before = await getObject(kube, ref, signal);
      answer = await deleteObject(
        kube,
        ref,
        { dryRun: args.dryRun, propagationPolicy: args.propagationPolicy },
        signal,
      );
    } catch (error) {
      throw kubeError(error, { action: "delete", kind: resource.kind, name: args.name, namespace });
    }
    // A Status answer means gone; an object answer with finalizers means deletion is pending.
    const pendingFinalizers =
      !args.dryRun && answer.kind !== "Status" && Array.isArray(answer.metadata?.finalizers)
        ? answer.metadata.finalizers.map(String)
        : [];
    const target = describeObject(resource.kind, args.name, namespace);
    const pending =
      pendingFinalizers.length > 0 ? ` (waiting for finalizers: ${pendingFinalizers.join(", ")})` : "";
    return {
      summary: args.dryRun
        ? `Dry run: ${target} would be deleted (propagation ${args.propagationPolicy}).`
        : `Deleted ${target}${pending} (propagation ${args.propagationPolicy}).`,
      data: {
        ...mutationResult(args.dryRun, [[withoutControllerStatus(before, resource), undefined]]),
        pendingFinalizers,
      },
    };
  },
});
