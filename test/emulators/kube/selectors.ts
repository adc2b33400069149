// Label and field selectors as the API server parses them (labels.Parse / fields.ParseSelector):
// bad syntax and unsupported field labels are 400s with the server's wording, so client bugs show.
import { badRequest } from "./errors.ts";
import type { KubeObject, ResourceType } from "./types.ts";

type LabelRequirement =
  | { op: "exists" | "!exists"; key: string }
  | { op: "=" | "!=" | "in" | "notin"; key: string; values: string[] }
  | { op: ">" | "<"; key: string; value: number };

export type Matcher = (obj: KubeObject) => boolean;

const matchAll: Matcher = () => true;

// Label keys: optional DNS subdomain prefix, then a name of up to 63 characters.
const labelKeyPattern =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses (`a in (x,y),b` → two requirements). */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function checkKey(key: string, selector: string): string {
  if (!labelKeyPattern.test(key)) {
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
  }
  return key;
}

function checkValue(value: string, selector: string): string {
  if (!labelValuePattern.test(value)) {
    throw badRequest(
      `unable to parse requirement: invalid label value: "${value}" in selector "${selector}"`,
    );
  }
  return value;
}

function parseLabelRequirement(raw: string, selector: string): LabelRequirement {
  const part = raw.trim();
  if (part === "")
    throw badRequest(`unable to parse requirement: found '', expected: identifier in "${selector}"`);
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (setMatch) {
    const [, key = "", op, list = ""] = setMatch;
    const values = list.split(",").map((v) => checkValue(v.trim(), selector));
    return { op: op === "in" ? "in" : "notin", key: checkKey(key, selector), values };
  }
  const compare = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(part);
  if (compare) {
    const [, key = "", op, value = ""] = compare;
    if (op === ">" || op === "<") {
      const n = Number(value);
      if (!/^-?\d+$/.test(value)) {
        throw badRequest(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
      return { op, key: checkKey(key, selector), value: n };
    }
    return {
      op: op === "!=" ? "!=" : "=",
      key: checkKey(key, selector),
      values: [checkValue(value, selector)],
    };
  }
  if (part.startsWith("!")) return { op: "!exists", key: checkKey(part.slice(1).trim(), selector) };
  return { op: "exists", key: checkKey(part, selector) };
}

function matchesLabelRequirement(req: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.op) {
    case "exists":
      return has;
    case "!exists":
      return !has;
    case "=":
    case "in":
      return has && req.values.includes(value ?? "");
    case "!=":
    case "notin":
      return !has || !req.values.includes(value ?? "");
    case ">":
    case "<": {
      if (!has || !/^-?\d+$/.test(value ?? "")) return false;
      const n = Number(value);
      return req.op === ">" ? n > req.value : n < req.value;
    }
  }
}

/** Parses a label selector string; throws 400 BadRequest on bad syntax. Empty matches everything. */
export function parseLabelSelector(selector: string | undefined): Matcher {
  if (selector === undefined || selector.trim() === "") return matchAll;
  const requirements = splitTopLevel(selector).map((part) => parseLabelRequirement(part, selector));
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    return requirements.every((req) => matchesLabelRequirement(req, labels));
  };
}

/** Label selector in the structured form (`spec.selector` of workloads) → a matcher. */
export function labelSelectorMatcher(selector: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}): Matcher {
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ op: "=", key, values: [value] });
  }
  for (const expr of selector.matchExpressions ?? []) {
    const op = expr.operator;
    if (op === "In") requirements.push({ op: "in", key: expr.key, values: expr.values ?? [] });
    else if (op === "NotIn") requirements.push({ op: "notin", key: expr.key, values: expr.values ?? [] });
    else if (op === "Exists") requirements.push({ op: "exists", key: expr.key });
    else if (op === "DoesNotExist") requirements.push({ op: "!exists", key: expr.key });
    else throw badRequest(`"${op}" is not a valid label selector operator`);
  }
  return (obj) => requirements.every((req) => matchesLabelRequirement(req, obj.metadata.labels ?? {}));
}

/** The label selector string form of a structured selector, as the scale subresource reports it. */
export function labelSelectorString(selector: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const expr of selector.matchExpressions ?? []) {
    const values = [...(expr.values ?? [])].sort().join(",");
    if (expr.operator === "In") parts.push(`${expr.key} in (${values})`);
    else if (expr.operator === "NotIn") parts.push(`${expr.key} notin (${values})`);
    else if (expr.operator === "Exists") parts.push(expr.key);
    else if (expr.operator === "DoesNotExist") parts.push(`!${expr.key}`);
  }
  return parts.sort().join(",");
}

// Field labels each type supports (what the real server's field-label conversion accepts).
const commonFields = ["metadata.name", "metadata.namespace"];
const fieldsByKind: Record<string, string[]> = {
  Pod: [
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
  ],
  Event: [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
  ],
  Secret: ["type"],
  Namespace: ["status.phase"],
  ReplicaSet: ["status.replicas"],
};

function fieldValue(obj: KubeObject, path: string): string {
  if (path === "source") {
    const source = (obj as { source?: { component?: string } }).source;
    return source?.component ?? "";
  }
  let current: unknown = obj;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object") return "";
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) return "";
  return String(current);
}

/** Splits on unescaped commas and unescapes `\,` `\=` `\\` as fields.ParseSelector does. */
function splitFieldTerms(selector: string): string[] {
  const terms: string[] = [];
  let current = "";
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === "\\" && i + 1 < selector.length) {
      current += ch + selector[i + 1];
      i++;
    } else if (ch === ",") {
      terms.push(current);
      current = "";
    } else current += ch;
  }
  terms.push(current);
  return terms;
}

function unescapeFieldValue(value: string): string {
  return value.replace(/\\(.)/g, "$1");
}

/** Parses a field selector for a type; throws 400 on bad syntax or a field the type does not support. */
export function parseFieldSelector(selector: string | undefined, type: ResourceType): Matcher {
  if (selector === undefined || selector.trim() === "") return matchAll;
  const supported = new Set([...commonFields, ...(fieldsByKind[type.kind] ?? [])]);
  const terms = splitFieldTerms(selector).map((term) => {
    const match = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term.trim());
    if (!match) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field = "", op, value = ""] = match;
    if (!supported.has(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    return { field, negate: op === "!=", value: unescapeFieldValue(value) };
  });
  return (obj) => terms.every((t) => (fieldValue(obj, t.field) === t.value) !== t.negate);
}
