// The slice of API-server validation that clients actually trip over: object names, labels,
// workload selectors vs template labels, replicas, containers, immutable selectors. Failures are
// 422 Invalid with the field paths and wording a real server uses.
import { isDeepStrictEqual } from "node:util";
import type { StatusCause } from "./errors.ts";
import { invalid } from "./errors.ts";
import { labelSelectorMatcher } from "./selectors.ts";
import type { KubeObject, ResourceType } from "./types.ts";

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const labelKey =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

const workloadKinds = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"]);

/** `Deployment.apps` — the qualified kind real servers put in Invalid messages. */
export function qualifiedKind(type: ResourceType): string {
  return type.group === "" ? type.kind : `${type.kind}.${type.group}`;
}

function nameCauses(type: ResourceType, name: string): StatusCause[] {
  // Namespaces are DNS-1123 labels, Services DNS-1035 labels, everything else DNS-1123 subdomains.
  if (type.kind === "Namespace" && (!dns1123Label.test(name) || name.length > 63)) {
    return [
      {
        type: "FieldValueInvalid",
        field: "metadata.name",
        message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      },
    ];
  }
  if (type.kind === "Service" && (!dns1035Label.test(name) || name.length > 63)) {
    return [
      {
        type: "FieldValueInvalid",
        field: "metadata.name",
        message: `Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      },
    ];
  }
  if (!dns1123Subdomain.test(name) || name.length > 253) {
    return [
      {
        type: "FieldValueInvalid",
        field: "metadata.name",
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      },
    ];
  }
  return [];
}

function labelCauses(labels: unknown, field: string): StatusCause[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== "object" || Array.isArray(labels)) {
    return [
      { type: "FieldValueInvalid", field, message: "Invalid value: must be a map of string to string" },
    ];
  }
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!labelKey.test(key)) {
      causes.push({
        type: "FieldValueInvalid",
        field,
        message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
    }
    if (typeof value !== "string" || !labelValue.test(value)) {
      causes.push({
        type: "FieldValueInvalid",
        field: `${field}`,
        message: `Invalid value: "${String(value)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
    }
  }
  return causes;
}

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

function containerCauses(podSpec: Json | undefined, prefix: string): StatusCause[] {
  const containers = podSpec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    return [{ type: "FieldValueRequired", field: `${prefix}.containers`, message: "Required value" }];
  }
  const causes: StatusCause[] = [];
  containers.forEach((c, i) => {
    const container = asRecord(c) ?? {};
    if (typeof container.name !== "string" || container.name === "") {
      causes.push({
        type: "FieldValueRequired",
        field: `${prefix}.containers[${i}].name`,
        message: "Required value",
      });
    }
    if (typeof container.image !== "string" || container.image === "") {
      causes.push({
        type: "FieldValueRequired",
        field: `${prefix}.containers[${i}].image`,
        message: "Required value",
      });
    }
  });
  return causes;
}

function workloadCauses(obj: KubeObject): StatusCause[] {
  const spec = asRecord(obj.spec) ?? {};
  const causes: StatusCause[] = [];
  const replicas = spec.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || (replicas as number) < 0)) {
    causes.push({
      type: "FieldValueInvalid",
      field: "spec.replicas",
      message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
    });
  }
  const selector = asRecord(spec.selector);
  const template = asRecord(spec.template);
  const templateLabels = asRecord(asRecord(template?.metadata)?.labels) as Record<string, string> | undefined;
  if (!selector || (!asRecord(selector.matchLabels) && !Array.isArray(selector.matchExpressions))) {
    causes.push({ type: "FieldValueRequired", field: "spec.selector", message: "Required value" });
  } else {
    const matches = labelSelectorMatcher(selector as Parameters<typeof labelSelectorMatcher>[0]);
    if (!matches({ apiVersion: "v1", kind: "Pod", metadata: { labels: templateLabels ?? {} } })) {
      causes.push({
        type: "FieldValueInvalid",
        field: "spec.template.metadata.labels",
        message: `Invalid value: ${JSON.stringify(templateLabels ?? {})}: \`selector\` does not match template \`labels\``,
      });
    }
  }
  causes.push(...labelCauses(templateLabels, "spec.template.metadata.labels"));
  causes.push(...containerCauses(asRecord(template?.spec), "spec.template.spec"));
  return causes;
}

function specCauses(obj: KubeObject): StatusCause[] {
  if (workloadKinds.has(obj.kind)) return workloadCauses(obj);
  if (obj.kind === "Pod") return containerCauses(asRecord(obj.spec), "spec");
  if (obj.kind === "Service") {
    const type = asRecord(obj.spec)?.type;
    const allowed = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
    if (type !== undefined && !allowed.includes(type as string)) {
      return [
        {
          type: "FieldValueNotSupported",
          field: "spec.type",
          message: `Unsupported value: "${String(type)}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`,
        },
      ];
    }
  }
  return [];
}

/** Throws 422 Invalid when a new object would be rejected by a real server. */
export function validateCreate(type: ResourceType, obj: KubeObject): void {
  const name = obj.metadata.name ?? "";
  const causes = [
    ...nameCauses(type, name),
    ...labelCauses(obj.metadata.labels, "metadata.labels"),
    ...specCauses(obj),
  ];
  if (causes.length > 0) throw invalid(qualifiedKind(type), name, causes);
}

/** Throws 422 Invalid when an update would be rejected (bad spec, or an immutable field changed). */
export function validateUpdate(type: ResourceType, obj: KubeObject, old: KubeObject): void {
  const name = obj.metadata.name ?? "";
  const causes = [...labelCauses(obj.metadata.labels, "metadata.labels"), ...specCauses(obj)];
  if (workloadKinds.has(obj.kind)) {
    const before = asRecord(old.spec)?.selector ?? null;
    const after = asRecord(obj.spec)?.selector ?? null;
    if (!isDeepStrictEqual(before, after)) {
      causes.push({
        type: "FieldValueInvalid",
        field: "spec.selector",
        message: `Invalid value: ${JSON.stringify(after)}: field is immutable`,
      });
    }
  }
  if (causes.length > 0) throw invalid(qualifiedKind(type), name, causes);
}
