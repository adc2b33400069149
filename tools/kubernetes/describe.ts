// k8s_describe: an object with what explains its state: conditions, its events, and for
// workloads the pods they run (phase, readiness, restarts, images, waiting reasons).
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { redactSecrets } from "../shared/redact.ts";
import { kubeError } from "./errors.ts";
import { eventRow, listEvents } from "./event-list.ts";
import { describeObject, objectTargets, resolveKind, scopeFor } from "./kinds.ts";
import { getObject, type KubeObject } from "./object-rest.ts";
import {
  apiVersionArg,
  kindArg,
  nameArg,
  namespaceArg,
  objectJson,
  resourceInfo,
  resourceInfoOf,
} from "./object-schemas.ts";
import { formatAge, podState, statusPhrase, withoutManagedFields, workloadKinds } from "./object-summary.ts";
import { podsOf } from "./workload-pods.ts";

const maxEvents = 50;
const maxPods = 50;

const condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});

const podSummary = z.object({
  name: z.string(),
  phase: z.string(),
  ready: z.string().describe("ready containers / containers"),
  restarts: z.number(),
  images: z.array(z.string()),
  waitingReasons: z.array(z.string()).describe("e.g. CrashLoopBackOff, ImagePullBackOff"),
  age: z.string(),
});

function conditionsOf(object: KubeObject): z.infer<typeof condition>[] {
  const conditions = (object.status as { conditions?: unknown } | undefined)?.conditions;
  if (!Array.isArray(conditions)) return [];
  return conditions.map((c: Record<string, unknown>) => ({
    type: String(c.type ?? ""),
    status: String(c.status ?? ""),
    ...(typeof c.reason === "string" ? { reason: c.reason } : {}),
    ...(typeof c.message === "string" ? { message: c.message } : {}),
    ...(typeof c.lastTransitionTime === "string" ? { lastTransitionTime: c.lastTransitionTime } : {}),
  }));
}

function summarisePod(pod: KubeObject): z.infer<typeof podSummary> {
  const state = podState(pod);
  const containers = (pod.spec as { containers?: Array<{ image?: string }> } | undefined)?.containers ?? [];
  return {
    name: String(pod.metadata?.name ?? ""),
    phase: state.phase,
    ready: state.ready,
    restarts: state.restarts,
    images: containers.map((c) => String(c.image ?? "")),
    waitingReasons: state.waitingReasons,
    age: formatAge(pod.metadata?.creationTimestamp),
  };
}

export const describeTool = defineTool({
  name: "k8s_describe",
  title: "Describe a Kubernetes object",
  description: `Explains the state of one object of any kind, like kubectl describe: the object (JSON, without managedFields), its status conditions, its most recent events (newest first, at most ${maxEvents}), and for a Deployment, StatefulSet, DaemonSet or ReplicaSet the pods it selects (at most ${maxPods}: phase, ready containers, restarts, images, waiting reasons such as CrashLoopBackOff). Use it to find out why something is not ready. Secret values are masked. Read-only.`,
  family: "kubernetes",
  input: z.strictObject({ kind: kindArg, apiVersion: apiVersionArg, name: nameArg, namespace: namespaceArg }),
  output: z.object({
    resource: resourceInfo,
    object: objectJson,
    conditions: z.array(condition),
    events: z.array(eventRow),
    eventsTruncated: z.boolean(),
    pods: z.array(podSummary).optional().describe("Only for workloads"),
    podsTruncated: z.boolean().optional(),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  targets: (args) => objectTargets(args),
  async handler(args, context) {
    const { kube, signal, policy } = context;
    const resource = await resolveKind(kube, args.kind, args.apiVersion, signal);
    const namespace = scopeFor(resource, args.namespace, policy);
    const subject = { kind: resource.kind, name: args.name, namespace };
    try {
      const object = await getObject(kube, { resource, namespace, name: args.name }, signal);
      const events = await listEvents(
        kube,
        { namespace, kind: resource.kind, name: args.name, uid: object.metadata?.uid },
        maxEvents,
        signal,
      );
      const isWorkload = workloadKinds.includes(resource.kind) && resource.group === "apps" && namespace;
      const pods = isWorkload ? await podsOf(context, object, namespace) : undefined;
      const conditions = conditionsOf(object);
      const status = statusPhrase(object);
      const warnings = events.events.filter((e) => e.type === "Warning").length;
      const parts = [
        status,
        `${events.total} event${events.total === 1 ? "" : "s"}${warnings ? ` (${warnings} Warning among the latest)` : ""}`,
        pods ? `${pods.length} pod${pods.length === 1 ? "" : "s"}` : "",
      ].filter(Boolean);
      return {
        summary: `${describeObject(resource.kind, args.name, namespace)}: ${parts.join("; ")}.`,
        data: {
          resource: resourceInfoOf(resource),
          object: redactSecrets(withoutManagedFields(object)),
          conditions,
          events: events.events,
          eventsTruncated: events.truncated,
          ...(pods
            ? { pods: pods.slice(0, maxPods).map(summarisePod), podsTruncated: pods.length > maxPods }
            : {}),
        },
      };
    } catch (error) {
      throw kubeError(error, { action: "describe", ...subject });
    }
  },
});
