// Server-side printing: `kubectl get` asks for a meta.k8s.io Table and prints its columns. The
// columns follow the real server's printers for the built-in kinds; anything else gets Name and Age.
import type { KubeObject } from "../types.ts";
import { sendJson } from "./http-io.ts";
import type { ApiRequest } from "./request.ts";

interface Column {
  name: string;
  type: "string" | "integer" | "date";
  format?: string;
  priority?: number;
  description: string;
  cell: (obj: KubeObject) => string | number;
}

type Json = Record<string, unknown>;

const rec = (value: unknown): Json =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
const arr = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const num = (value: unknown): number => (typeof value === "number" ? value : 0);

/** apimachinery's duration.HumanDuration, as kubectl prints AGE. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8)
    return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  const days = Math.floor(hours / 24) % 365;
  if (hours < 24 * 365 * 8) return days === 0 ? `${years}y` : `${years}y${days}d`;
  return `${years}y`;
}

const age = (timestamp: unknown): string =>
  typeof timestamp === "string" ? humanDuration(Date.now() - Date.parse(timestamp)) : "<unknown>";

const nameColumn: Column = {
  name: "Name",
  type: "string",
  format: "name",
  description: "Name must be unique within a namespace.",
  cell: (o) => o.metadata.name ?? "",
};
const ageColumn: Column = {
  name: "Age",
  type: "string",
  description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
  cell: (o) => age(o.metadata.creationTimestamp),
};

function column(name: string, cell: Column["cell"], extra: Partial<Column> = {}): Column {
  return { name, type: "string", description: name, cell, ...extra };
}

const podTemplateContainers = (o: KubeObject) => arr(rec(rec(rec(o.spec).template).spec).containers);
const containersColumn = column(
  "Containers",
  (o) =>
    podTemplateContainers(o)
      .map((c) => c.name)
      .join(","),
  {
    priority: 1,
  },
);
const imagesColumn = column(
  "Images",
  (o) =>
    podTemplateContainers(o)
      .map((c) => c.image)
      .join(","),
  { priority: 1 },
);
const selectorColumn = column(
  "Selector",
  (o) =>
    Object.entries(rec(rec(rec(o.spec).selector).matchLabels))
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(",") || "<none>",
  { priority: 1 },
);

function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return "Terminating";
  const status = rec(pod.status);
  for (const cs of arr(status.containerStatuses)) {
    const state = rec(cs.state);
    const waiting = rec(state.waiting);
    if (typeof waiting.reason === "string" && waiting.reason !== "") return waiting.reason;
    const terminated = rec(state.terminated);
    if (typeof terminated.reason === "string" && terminated.reason !== "") return terminated.reason;
  }
  return typeof status.reason === "string" ? status.reason : String(status.phase ?? "Pending");
}

function servicePorts(o: KubeObject): string {
  const ports = arr(rec(o.spec).ports).map((p) => {
    const nodePort = p.nodePort ? `:${String(p.nodePort)}` : "";
    return `${String(p.port)}${nodePort}/${String(p.protocol ?? "TCP")}`;
  });
  return ports.join(",") || "<none>";
}

const columnsByKind: Record<string, Column[]> = {
  Pod: [
    nameColumn,
    column("Ready", (o) => {
      const statuses = arr(rec(o.status).containerStatuses);
      const total = arr(rec(o.spec).containers).length;
      return `${statuses.filter((s) => s.ready === true).length}/${total}`;
    }),
    column("Status", podStatus),
    column(
      "Restarts",
      (o) => arr(rec(o.status).containerStatuses).reduce((n, s) => n + num(s.restartCount), 0),
      {
        type: "integer",
      },
    ),
    ageColumn,
    column("IP", (o) => String(rec(o.status).podIP ?? "<none>"), { priority: 1 }),
    column("Node", (o) => String(rec(o.spec).nodeName ?? "<none>"), { priority: 1 }),
  ],
  Deployment: [
    nameColumn,
    column("Ready", (o) => `${num(rec(o.status).readyReplicas)}/${num(rec(o.spec).replicas)}`),
    column("Up-to-date", (o) => num(rec(o.status).updatedReplicas), { type: "integer" }),
    column("Available", (o) => num(rec(o.status).availableReplicas), { type: "integer" }),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  ReplicaSet: [
    nameColumn,
    column("Desired", (o) => num(rec(o.spec).replicas), { type: "integer" }),
    column("Current", (o) => num(rec(o.status).replicas), { type: "integer" }),
    column("Ready", (o) => num(rec(o.status).readyReplicas), { type: "integer" }),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  StatefulSet: [
    nameColumn,
    column("Ready", (o) => `${num(rec(o.status).readyReplicas)}/${num(rec(o.spec).replicas)}`),
    ageColumn,
    containersColumn,
    imagesColumn,
  ],
  DaemonSet: [
    nameColumn,
    column("Desired", (o) => num(rec(o.status).desiredNumberScheduled), { type: "integer" }),
    column("Current", (o) => num(rec(o.status).currentNumberScheduled), { type: "integer" }),
    column("Ready", (o) => num(rec(o.status).numberReady), { type: "integer" }),
    column("Up-to-date", (o) => num(rec(o.status).updatedNumberScheduled), { type: "integer" }),
    column("Available", (o) => num(rec(o.status).numberAvailable), { type: "integer" }),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  Service: [
    nameColumn,
    column("Type", (o) => String(rec(o.spec).type ?? "ClusterIP")),
    column("Cluster-IP", (o) => String(rec(o.spec).clusterIP ?? "<none>")),
    column("External-IP", (o) => {
      const ingress = arr(rec(rec(o.status).loadBalancer).ingress).map((i) =>
        String(i.ip ?? i.hostname ?? ""),
      );
      return ingress.join(",") || (rec(o.spec).type === "LoadBalancer" ? "<pending>" : "<none>");
    }),
    column("Port(s)", servicePorts),
    ageColumn,
    column(
      "Selector",
      (o) =>
        Object.entries(rec(rec(o.spec).selector))
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(",") || "<none>",
      { priority: 1 },
    ),
  ],
  Namespace: [nameColumn, column("Status", (o) => String(rec(o.status).phase ?? "Active")), ageColumn],
  ConfigMap: [
    nameColumn,
    column("Data", (o) => Object.keys(rec(o.data)).length + Object.keys(rec(o.binaryData)).length, {
      type: "integer",
    }),
    ageColumn,
  ],
  Secret: [
    nameColumn,
    column("Type", (o) => String(o.type ?? "Opaque")),
    column("Data", (o) => Object.keys(rec(o.data)).length, { type: "integer" }),
    ageColumn,
  ],
  ServiceAccount: [
    nameColumn,
    column("Secrets", (o) => arr(o.secrets).length, { type: "integer" }),
    ageColumn,
  ],
  Event: [
    column("Last Seen", (o) => age(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp)),
    column("Type", (o) => String(o.type ?? "")),
    column("Reason", (o) => String(o.reason ?? "")),
    column("Object", (o) => {
      const involved = rec(o.involvedObject);
      return `${String(involved.kind ?? "").toLowerCase()}/${String(involved.name ?? "")}`;
    }),
    column("Message", (o) => String(o.message ?? "")),
  ],
  Lease: [nameColumn, column("Holder", (o) => String(rec(o.spec).holderIdentity ?? "")), ageColumn],
  ControllerRevision: [
    nameColumn,
    column("Controller", (o) => {
      const owner = (o.metadata.ownerReferences ?? []).find((ref) => ref.controller);
      return owner ? `${owner.kind.toLowerCase()}.${owner.apiVersion.split("/")[0]}/${owner.name}` : "<none>";
    }),
    column("Revision", (o) => num(o.revision), { type: "integer" }),
    ageColumn,
  ],
};

/** kubectl asks with `Accept: application/json;as=Table;v=v1;g=meta.k8s.io, ...`. */
export function wantsTable(r: ApiRequest): boolean {
  const accept = r.req.headers.accept ?? "";
  return accept.split(",").some((part) => /;\s*as=Table/.test(part) && /;\s*g=meta\.k8s\.io/.test(part));
}

function rowObject(obj: KubeObject, include: string): unknown {
  if (include === "None") return undefined;
  if (include === "Object") return obj;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

export function respondWithTable(
  r: ApiRequest,
  items: KubeObject[],
  metadata: Record<string, unknown>,
): void {
  sendJson(r.res, 200, tableOf(r, items, metadata));
}

/** A meta.k8s.io Table of `items` with the columns of their kind (also one per watch event). */
export function tableOf(
  r: ApiRequest,
  items: KubeObject[],
  metadata: Record<string, unknown>,
): Record<string, unknown> {
  const kind = r.route.type.kind;
  const columns = columnsByKind[kind] ?? [nameColumn, ageColumn];
  const include = r.query.get("includeObject") ?? "Metadata";
  const accept = r.req.headers.accept ?? "";
  const apiVersion =
    /as=Table;v=v1;/.test(accept) || !/v=v1beta1/.test(accept) ? "meta.k8s.io/v1" : "meta.k8s.io/v1beta1";
  return {
    kind: "Table",
    apiVersion,
    metadata,
    columnDefinitions: columns.map(({ name, type, format, priority, description }) => ({
      name,
      type,
      format: format ?? "",
      description,
      priority: priority ?? 0,
    })),
    rows: items.map((obj) => ({
      cells: columns.map((c) => c.cell(obj)),
      ...(include === "None" ? {} : { object: rowObject(obj, include) }),
    })),
  };
}
