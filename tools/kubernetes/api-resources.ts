// k8s_api_resources: what the cluster serves (built-in kinds and CRDs), like `kubectl api-resources`.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { discoveryFor } from "./kinds.ts";

const groupName = z
  .string()
  .max(253)
  .regex(
    /^(core|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$/,
    "must be an API group such as apps or argoproj.io (core or '' for the core group)",
  );

export const apiResourcesTool = defineTool({
  name: "k8s_api_resources",
  title: "List API resources",
  description:
    "Lists the kinds the cluster serves, built-in and custom (CRDs): kind, apiVersion, plural, short names, whether namespaced, and the verbs allowed. Use it to find the right kind or apiVersion before k8s_get, k8s_apply or k8s_patch, or to check that a CRD is installed. Optional filters: group (apps, argoproj.io, core or '' for the core group) and namespaced. Read-only; reads discovery documents, not objects.",
  family: "kubernetes",
  input: z.strictObject({
    group: groupName.optional().describe("Only this API group; 'core' or '' for the core group"),
    namespaced: z
      .boolean()
      .optional()
      .describe("Only namespaced (true) or only cluster-scoped (false) kinds"),
  }),
  output: z.object({
    resources: z.array(
      z.object({
        kind: z.string(),
        apiVersion: z.string(),
        plural: z.string(),
        shortNames: z.array(z.string()),
        namespaced: z.boolean(),
        verbs: z.array(z.string()),
      }),
    ),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  // Discovery documents describe types, not objects in any namespace.
  targets: () => [],
  async handler(args, context) {
    const group = args.group === "core" ? "" : args.group;
    // Always fresh: the caller is asking what is served right now (a CRD may just have been installed).
    const all = await discoveryFor(context.kube, true).resources(context.signal);
    // Preferred versions come first; keep one entry per group and kind, as kubectl api-resources does.
    const seen = new Set<string>();
    const preferred = all.filter((r) => {
      const key = `${r.group}/${r.kind}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const resources = preferred
      .filter((r) => group === undefined || r.group === group)
      .filter((r) => args.namespaced === undefined || r.namespaced === args.namespaced)
      .map((r) => ({
        kind: r.kind,
        apiVersion: r.apiVersion,
        plural: r.plural,
        shortNames: r.shortNames,
        namespaced: r.namespaced,
        verbs: r.verbs,
      }))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.apiVersion.localeCompare(b.apiVersion));
    const filters = [
      group !== undefined ? `group ${group === "" ? "core" : group}` : "",
      args.namespaced !== undefined ? (args.namespaced ? "namespaced" : "cluster-scoped") : "",
    ].filter(Boolean);
    return {
      summary: `${resources.length} API resources${filters.length ? ` (${filters.join(", ")})` : ""}.`,
      data: { resources },
    };
  },
});
