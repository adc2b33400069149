// Argument and output pieces the generic object tools share, so every tool names and validates
// kinds, names and namespaces the same way.
import { z } from "zod";
import { apiVersionName, kindName, namespaceName, objectName } from "../shared/validation.ts";
import type { ApiResource } from "./discovery.ts";

export const kindArg = kindName.describe(
  "Kind as Kubernetes spells it (Deployment), or its plural (deployments) or short name (deploy); CRD kinds work too",
);
export const apiVersionArg = apiVersionName
  .optional()
  .describe(
    "apiVersion to pick when several groups serve the same kind, e.g. apps/v1 or argoproj.io/v1alpha1",
  );
export const nameArg = objectName.describe("Object name");
export const namespaceArg = namespaceName
  .optional()
  .describe("Namespace of the object; required for namespaced kinds, omitted for cluster-scoped ones");

/** Any Kubernetes object as JSON. */
export const objectJson = z.record(z.string(), z.unknown());

export const resourceInfo = z.object({
  kind: z.string(),
  apiVersion: z.string(),
  plural: z.string(),
  namespaced: z.boolean(),
});

export function resourceInfoOf(resource: ApiResource): z.infer<typeof resourceInfo> {
  return {
    kind: resource.kind,
    apiVersion: resource.apiVersion,
    plural: resource.plural,
    namespaced: resource.namespaced,
  };
}
