// One-line descriptions of a step's target and change, and of a verification intent, for tables
// and the flowchart. Plain text: callers escape it for where it lands.
import type { JsonObject, JsonValue, PlanStep, PlanVerify } from "../plan/index.ts";
import type { StepPreview } from "./types.ts";

const MAX_VALUE_TEXT = 80;

function text(value: JsonValue | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** Compact JSON of a value, cut to a readable length. */
function compact(value: JsonValue): string {
  const json = JSON.stringify(value);
  return json.length > MAX_VALUE_TEXT ? `${json.slice(0, MAX_VALUE_TEXT - 1)}…` : json;
}

/** What the Helm, Argo Rollouts and Jenkins tools act on, from their own argument names. */
function familyReference(tool: string, args: JsonObject): string | undefined {
  const namespace = text(args.namespace);
  if (tool.startsWith("helm_") && text(args.release) !== undefined) {
    return `release ${[namespace, text(args.release)].filter(Boolean).join("/")}`;
  }
  if (tool.startsWith("argo_") && text(args.name) !== undefined) {
    return ["Rollout", namespace, text(args.name)].filter(Boolean).join("/");
  }
  if (tool.startsWith("jenkins_") && text(args.job) !== undefined) return `Jenkins job ${text(args.job)}`;
  return undefined;
}

/** "Kind/namespace/name" as the tools key objects, from the usual argument names. */
function objectReference(args: JsonObject): string | undefined {
  const kind = text(args.kind);
  const name = text(args.name);
  if (kind === undefined && name === undefined) return undefined;
  const namespace = text(args.namespace);
  return [kind ?? "object", namespace, name ?? "?"].filter((part) => part !== undefined).join("/");
}

/** What the step acts on: its object, else the objects its preview names, else its namespace. */
export function stepTarget(step: PlanStep, preview: StepPreview | undefined): string {
  const reference = familyReference(step.tool, step.args) ?? objectReference(step.args);
  if (reference !== undefined) return reference;
  const keys = preview?.objects.map((o) => o.key) ?? [];
  if (keys.length === 1) return keys[0] ?? "";
  if (keys.length > 1) return `${keys[0]} and ${keys.length - 1} more`;
  const namespace = text(step.args.namespace);
  return namespace === undefined ? "" : `namespace ${namespace}`;
}

/** The single removed value of `field` in a unified diff ("-    replicas: 3" → "3"), if exactly one. */
function previousValue(preview: StepPreview | undefined, field: string): string | undefined {
  if (preview === undefined) return undefined;
  const pattern = new RegExp(`^-\\s*(?:- )?${field}: (.+)$`);
  const found = preview.objects.flatMap((o) =>
    o.diff.split("\n").flatMap((line) => {
      const match = pattern.exec(line);
      return match?.[1] === undefined ? [] : [match[1].trim()];
    }),
  );
  return found.length === 1 ? found[0] : undefined;
}

function arrow(before: string | undefined, after: string): string {
  return before === undefined ? `→ ${after}` : `${before} → ${after}`;
}

function describeChange(step: PlanStep, preview: StepPreview | undefined): string {
  const { args } = step;
  switch (step.tool) {
    case "k8s_scale":
      return `replicas ${arrow(previousValue(preview, "replicas"), text(args.replicas) ?? "?")}`;
    case "k8s_set_image": {
      const container = text(args.container);
      const subject = container === undefined ? "image" : `image of ${container}`;
      return `${subject} ${arrow(previousValue(preview, "image"), text(args.image) ?? "?")}`;
    }
    case "k8s_rollout_restart":
      return "restart pods (rolling)";
    case "k8s_rollout_undo": {
      const revision = text(args.toRevision);
      return revision === undefined
        ? "roll back to the previous revision"
        : `roll back to revision ${revision}`;
    }
    case "k8s_delete":
      return `delete (${text(args.propagationPolicy) ?? "Background"} propagation)`;
    case "k8s_apply": {
      const count = preview?.objects.length;
      const changed = preview?.objects.filter((o) => o.changed).length;
      if (count === undefined) return "server-side apply of manifests";
      return `server-side apply: ${changed} of ${count} object${count === 1 ? "" : "s"} change`;
    }
    case "k8s_patch":
      return `${text(args.patchType) ?? "default"} patch`;
    case "helm_upgrade":
    case "helm_install":
      return `${step.tool === "helm_install" ? "install" : "upgrade to"} chart ${text(args.chart) ?? "?"}${text(args.version) ? ` ${text(args.version)}` : ""}`;
    case "helm_rollback":
      return text(args.revision) === undefined
        ? "roll back to the previous revision"
        : `roll back to revision ${text(args.revision)}`;
    case "helm_uninstall":
      return "uninstall the release";
    case "argo_promote":
      return "promote to the next step";
    case "argo_promote_full":
      return "promote fully (skips the remaining steps)";
    case "argo_abort":
    case "argo_retry":
    case "argo_pause":
    case "argo_resume":
    case "argo_restart":
      return step.tool.slice("argo_".length);
    case "jenkins_trigger": {
      const parameters = args.parameters;
      const shown =
        parameters !== null && typeof parameters === "object" && !Array.isArray(parameters)
          ? Object.entries(parameters).map(([key, value]) => `${key}=${text(value) ?? compact(value)}`)
          : [];
      return shown.length === 0 ? "build" : `build with ${shown.join(", ")}`;
    }
    default: {
      const shown = Object.entries(args).filter(
        ([key]) => !["namespace", "kind", "name", "dryRun"].includes(key),
      );
      return shown.map(([key, value]) => `${key}=${text(value) ?? compact(value)}`).join(", ");
    }
  }
}

/** "replicas 3 → 5", with what the dry run adds: no change, or that it failed. */
export function stepChange(step: PlanStep, preview: StepPreview | undefined): string {
  const change = describeChange(step, preview);
  if (preview?.error !== undefined) return `${change} (dry run failed)`;
  if (preview?.mutating && !preview.changed) return `${change} (no change)`;
  return change;
}

/** What a verification intent expects, in words. */
export function verifyExpectation(check: PlanVerify): string {
  const { args } = check;
  switch (check.check) {
    case "k8s_rollout_complete":
      return "rollout complete";
    case "k8s_field_equals":
      return `${text(args.path) ?? "?"} = ${text(args.equals) ?? compact(args.equals ?? null)}`;
    default: {
      const shown = Object.entries(args).filter(([key]) => !["namespace", "kind", "name"].includes(key));
      return shown.map(([key, value]) => `${key}=${text(value) ?? compact(value)}`).join(", ");
    }
  }
}

export function verifyTarget(check: PlanVerify): string {
  return objectReference(check.args) ?? "";
}
