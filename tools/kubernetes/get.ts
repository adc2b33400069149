// k8s_get: one object or a bounded list of any kind (CRDs included), like `kubectl get -o json`.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { redactSecrets } from "../shared/redact.ts";
import { ToolError } from "../shared/tool-error.ts";
import { fieldSelector, labelSelector } from "../shared/validation.ts";
import { kubeError } from "./errors.ts";
import { describeObject, objectTargets, resolveKind, scopeFor } from "./kinds.ts";
import { getObject, listObjects } from "./object-rest.ts";
import {
  apiVersionArg,
  kindArg,
  nameArg,
  namespaceArg,
  objectJson,
  resourceInfo,
  resourceInfoOf,
} from "./object-schemas.ts";
import { formatAge, objectRow, statusPhrase, withoutManagedFields } from "./object-summary.ts";

const defaultLimit = 100;
const maxLimit = 500;

const continueToken = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9+/=_-]+$/, "must be the continue token a previous k8s_get returned")
  .describe("The `continue` value of a previous truncated list, to read the next page");

export const getTool = defineTool({
  name: "k8s_get",
  title: "Get Kubernetes objects",
  description: `Reads one object (kind + name, plus namespace for namespaced kinds) or lists objects of a kind (kind + namespace, or allNamespaces: true), for any kind the cluster serves including CRDs. Lists can be narrowed with labelSelector (app=web,tier!=db) and fieldSelector (status.phase=Running) and return at most limit objects (default ${defaultLimit}, max ${maxLimit}) with truncated: true and a continue token when there are more. Returns the object(s) as JSON without managedFields, and for lists a compact row per item (name, namespace, age, ready/desired for workloads, status for pods). Secret values are masked. Read-only.`,
  family: "kubernetes",
  input: z.strictObject({
    kind: kindArg,
    apiVersion: apiVersionArg,
    name: nameArg.optional().describe("Object name; omit to list"),
    namespace: namespaceArg,
    allNamespaces: z.boolean().default(false).describe("List across all namespaces (lists only)"),
    labelSelector: labelSelector.optional(),
    fieldSelector: fieldSelector.optional(),
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .describe(`Most objects to return (max ${maxLimit})`),
    continue: continueToken.optional(),
  }),
  output: z.object({
    resource: resourceInfo,
    object: objectJson.optional().describe("The object, when a name was given"),
    items: z.array(objectJson).optional().describe("The objects, when listing"),
    rows: z
      .array(
        z.object({
          name: z.string(),
          namespace: z.string().optional(),
          age: z.string(),
          ready: z.string().optional(),
          status: z.string().optional(),
        }),
      )
      .optional(),
    truncated: z.boolean(),
    continue: z.string().optional().describe("Pass as continue to read the next page"),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  targets: (args) => (args.allNamespaces && !args.name ? [{ namespace: undefined }] : objectTargets(args)),
  async handler(args, context) {
    const { kube, signal, policy } = context;
    if (args.name && (args.allNamespaces || args.labelSelector || args.fieldSelector || args.continue)) {
      throw new ToolError(
        "k8s_get was given a name together with list arguments (allNamespaces, labelSelector, fieldSelector, continue).",
        "Pass a name to read one object, or the list arguments without a name.",
      );
    }
    if (args.allNamespaces && args.namespace) {
      throw new ToolError("Pass either namespace or allNamespaces: true, not both.");
    }
    const resource = await resolveKind(kube, args.kind, args.apiVersion, signal);
    const kind = resource.kind;

    if (args.name) {
      const namespace = scopeFor(resource, args.namespace, policy);
      let object: Awaited<ReturnType<typeof getObject>>;
      try {
        object = await getObject(kube, { resource, namespace, name: args.name }, signal);
      } catch (error) {
        throw kubeError(error, { action: "get", kind, name: args.name, namespace });
      }
      const status = statusPhrase(object);
      return {
        summary: `${describeObject(kind, args.name, namespace)}: age ${formatAge(object.metadata?.creationTimestamp)}${status ? `, ${status}` : ""}.`,
        data: {
          resource: resourceInfoOf(resource),
          object: redactSecrets(withoutManagedFields(object)),
          truncated: false,
        },
      };
    }

    const namespace = args.allNamespaces
      ? undefined
      : scopeFor(
          resource,
          args.namespace,
          policy,
          "Pass namespace, or allNamespaces: true to list across namespaces.",
        );
    let list: Awaited<ReturnType<typeof listObjects>>;
    try {
      list = await listObjects(
        kube,
        resource,
        {
          namespace,
          labelSelector: args.labelSelector,
          fieldSelector: args.fieldSelector,
          limit: args.limit,
          continueToken: args.continue,
        },
        signal,
      );
    } catch (error) {
      throw kubeError(error, { action: "list", kind, namespace });
    }
    // The server may not honour limit; cut here too so the output stays bounded.
    const items = list.items.slice(0, args.limit).map(withoutManagedFields);
    const more = list.metadata?.continue;
    const truncated = list.items.length > args.limit || Boolean(more);
    const now = Date.now();
    const where = namespace
      ? ` in namespace "${namespace}"`
      : resource.namespaced
        ? " across all namespaces"
        : "";
    return {
      summary: `${items.length} ${kind} object${items.length === 1 ? "" : "s"}${where}${truncated ? ` (truncated at ${args.limit}; more exist)` : ""}.`,
      data: {
        resource: resourceInfoOf(resource),
        items: redactSecrets(items),
        rows: items.map((item) => objectRow(item, now)),
        truncated,
        ...(more ? { continue: more } : {}),
      },
    };
  },
});
