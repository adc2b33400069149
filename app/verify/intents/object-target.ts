// The `{namespace, kind, name}` (and optional apiVersion) that names one object in an intent, resolved
// through discovery to a collection to watch, narrowed to the object by a metadata.name field selector.
import { z } from "zod";
import type { KubeClients } from "../../../tools/kubernetes/client.ts";
import { type ApiResource, resourcePath } from "../../../tools/kubernetes/discovery.ts";
import { describeObject, resolveKind } from "../../../tools/kubernetes/kinds.ts";
import { ToolError } from "../../../tools/shared/tool-error.ts";
import { apiVersionName, kindName, namespaceName, objectName } from "../../../tools/shared/validation.ts";
import { VerifyError } from "../types.ts";
import type { CollectionQuery } from "../watch-collection.ts";

export const objectArgs = {
  namespace: namespaceName.optional(),
  kind: kindName,
  apiVersion: apiVersionName.optional(),
  name: objectName,
};

export const ObjectArgsSchema = z.strictObject(objectArgs);
export type ObjectArgs = z.output<typeof ObjectArgsSchema>;

export interface ObjectTarget {
  resource: ApiResource;
  namespace: string | undefined;
  name: string;
  /** `Deployment "web" in namespace "shop"`. */
  description: string;
  query: CollectionQuery;
}

/** How an intent's object reads before discovery: `Deployment "web" in namespace "shop"`. */
export function describeArgs(args: ObjectArgs): string {
  return describeObject(args.kind, args.name, args.namespace);
}

export async function resolveObjectTarget(
  args: ObjectArgs,
  kube: KubeClients,
  signal: AbortSignal,
): Promise<ObjectTarget> {
  let resource: ApiResource;
  try {
    resource = await resolveKind(kube, args.kind, args.apiVersion, signal);
  } catch (error) {
    if (error instanceof ToolError) throw new VerifyError(error.message);
    throw error;
  }
  if (resource.namespaced && !args.namespace) {
    throw new VerifyError(
      `${resource.kind} is a namespaced kind and the intent names no namespace; add "namespace" to its args.`,
    );
  }
  const namespace = resource.namespaced ? args.namespace : undefined;
  const description = describeObject(resource.kind, args.name, namespace);
  return {
    resource,
    namespace,
    name: args.name,
    description,
    query: {
      path: resourcePath(resource, namespace),
      fieldSelector: `metadata.name=${args.name}`,
      description,
    },
  };
}
