// Server-side apply of parsed manifests, one object after the other (a Namespace before the
// objects in it), as field manager `skyflo`. k8s_apply and k8s_diff (always a dry run) share it.
import { ApiException } from "@kubernetes/client-node";
import type { ToolContext } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { objectKey } from "./diff.ts";
import { kubeError } from "./errors.ts";
import { describeObject, resolveKind, scopeFor } from "./kinds.ts";
import { type Manifest, manifestNamespace } from "./manifests.ts";
import { findObject, type KubeObject, patchObject } from "./object-rest.ts";
import { withoutControllerStatus } from "./object-summary.ts";
import { maskError, secretValues } from "./secret-values.ts";

export const fieldManager = "skyflo";

export interface ApplyOptions {
  namespace: string | undefined;
  dryRun: boolean;
  force: boolean;
  /** "apply" or "diff", for messages. */
  action: string;
}

// On the wire a StatusCause's type is the `reason` field (Go: `Type CauseType json:"reason"`).
interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

function conflictCauses(error: unknown): StatusCause[] {
  if (!(error instanceof ApiException) || error.code !== 409) return [];
  const body = typeof error.body === "string" ? safeJson(error.body) : error.body;
  const causes = (body as { details?: { causes?: StatusCause[] } } | undefined)?.details?.causes ?? [];
  return causes.filter((cause) => cause.reason === "FieldManagerConflict");
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `.spec.replicas (owned by "kubectl-scale" using apps/v1)` for each conflicting field. */
function conflictError(causes: StatusCause[], target: string, action: string): ToolError {
  const fields = causes.map((cause) => {
    const owner = (cause.message ?? "").replace(/^conflicts? with /, "");
    return `${cause.field ?? "(unknown field)"} is managed by ${owner || "another field manager"}`;
  });
  return new ToolError(
    `Cannot ${action} ${target}: ${causes.length === 1 ? "a field is" : `${causes.length} fields are`} owned by another field manager: ${fields.join("; ")}.`,
    "Leave these fields out of the manifest, or pass force: true to take ownership of them (this overrides the other manager's values).",
  );
}

/** The body to apply: namespace set as resolved; managedFields removed (servers refuse them in apply). */
function applyBody(manifest: Manifest, namespace: string | undefined): KubeObject {
  const { managedFields: _managed, namespace: _namespace, ...metadata } = manifest.object.metadata ?? {};
  return { ...manifest.object, metadata: namespace ? { ...metadata, namespace } : metadata };
}

/** Applies each manifest in order; returns (live before, server answer) pairs. */
export async function applyManifests(
  context: ToolContext,
  manifests: Manifest[],
  options: ApplyOptions,
): Promise<Array<[KubeObject | undefined, KubeObject]>> {
  const { kube, signal, policy } = context;
  const pairs: Array<[KubeObject | undefined, KubeObject]> = [];
  // Namespaces are resolved before anything is sent, so a conflict refuses the whole call.
  const namespaces = manifests.map((manifest) => manifestNamespace(manifest, options.namespace));
  for (const [index, manifest] of manifests.entries()) {
    const requested = namespaces[index];
    const target = describeObject(manifest.kind, manifest.name, requested);
    const values = secretValues(manifest.object, manifest.kind === "Secret");
    try {
      const resource = await resolveKind(kube, manifest.kind, manifest.apiVersion, signal);
      const namespace = scopeFor(
        resource,
        requested,
        policy,
        `Set metadata.namespace in manifest object ${manifest.position} or pass the namespace argument.`,
      );
      const ref = { resource, namespace, name: manifest.name };
      const before = await findObject(kube, ref, signal);
      const after = await patchObject(
        kube,
        ref,
        "apply",
        applyBody(manifest, namespace),
        {
          dryRun: options.dryRun,
          fieldManager,
          force: options.force,
        },
        signal,
      );
      pairs.push([
        before && withoutControllerStatus(before, resource),
        withoutControllerStatus(after, resource),
      ]);
    } catch (error) {
      const causes = conflictCauses(error);
      const failure =
        causes.length > 0
          ? conflictError(causes, target, options.action)
          : kubeError(error, {
              action: options.action,
              kind: manifest.kind,
              name: manifest.name,
              namespace: requested,
            });
      throw maskError(withProgress(failure, pairs, options), values);
    }
  }
  return pairs;
}

/** After a partial real apply, say which objects were already changed. */
function withProgress(
  error: ToolError,
  done: Array<[KubeObject | undefined, KubeObject]>,
  options: ApplyOptions,
): ToolError {
  if (options.dryRun || done.length === 0) return error;
  const keys = done.map(([, after]) => objectKey(after)).join(", ");
  return new ToolError(`${error.message} Objects applied before this failure (left as applied): ${keys}.`);
}
