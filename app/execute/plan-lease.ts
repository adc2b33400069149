// The plan's lock and journal store: one coordination.k8s.io/v1 Lease per plan digest in the
// target cluster (the cluster is the shared state; no second database). Taken with CREATE, so two
// replicas can never both win; every later write is a PUT carrying the resourceVersion read or
// written last, so a concurrent writer makes it fail with 409 instead of overwriting.
// Raw requests rather than CoordinationV1Api: MicroTime fields and 409 bodies stay exactly as sent.
import type { KubeClients } from "../../tools/kubernetes/client.ts";
import { JOURNAL_ANNOTATION, type Journal, serializeJournal } from "./journal.ts";

export const PLAN_DIGEST_ANNOTATION = "skyflo.dev/plan-digest";
const REQUEST_TIMEOUT_MS = 10_000;

/** "skyflo-" + the first 40 hex digits of the plan digest (160 bits: collisions are not a concern). */
export function leaseNameFor(planDigest: string): string {
  const hex = planDigest.replace(/^sha256:/, "");
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`not a plan digest: ${planDigest}`);
  return `skyflo-${hex.slice(0, 40)}`;
}

/** Kubernetes MicroTime: RFC 3339 with exactly six fractional digits. */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export interface LeaseObject {
  apiVersion: "coordination.k8s.io/v1";
  kind: "Lease";
  metadata: {
    name: string;
    namespace: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

export type LeaseWrite =
  | { kind: "written"; lease: LeaseObject }
  | { kind: "conflict" }
  | { kind: "error"; message: string };

export type LeaseRead = { kind: "found"; lease: LeaseObject } | { kind: "error"; message: string };

export class PlanLease {
  readonly namespace: string;
  readonly name: string;
  readonly #kube: KubeClients;
  readonly #collection: string;

  constructor(kube: KubeClients, namespace: string, name: string) {
    this.#kube = kube;
    this.namespace = namespace;
    this.name = name;
    this.#collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  }

  /** Where the Lease lives, for sentences: "Lease skyflo-system/skyflo-…". */
  describe(): string {
    return `Lease ${this.namespace}/${this.name}`;
  }

  /** Creates the Lease; "conflict" means it already exists (someone holds or held this plan). */
  create(lease: LeaseObject): Promise<LeaseWrite> {
    return this.#write("POST", this.#collection, lease);
  }

  /** Replaces the Lease if nobody wrote it since `lease.metadata.resourceVersion`. */
  replace(lease: LeaseObject): Promise<LeaseWrite> {
    if (!lease.metadata.resourceVersion) throw new Error("replace needs the resourceVersion last seen");
    return this.#write("PUT", `${this.#collection}/${encodeURIComponent(this.name)}`, lease);
  }

  async read(): Promise<LeaseRead> {
    try {
      const response = await this.#kube.request(`${this.#collection}/${encodeURIComponent(this.name)}`, {
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (response.status === 200) return { kind: "found", lease: JSON.parse(response.text) as LeaseObject };
      return { kind: "error", message: this.#failure("read", response.status, response.text) };
    } catch (error) {
      return { kind: "error", message: `Could not read ${this.describe()}: ${(error as Error).message}` };
    }
  }

  async #write(method: "POST" | "PUT", path: string, lease: LeaseObject): Promise<LeaseWrite> {
    try {
      const response = await this.#kube.request(path, {
        method,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(lease),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (response.status === 200 || response.status === 201) {
        return { kind: "written", lease: JSON.parse(response.text) as LeaseObject };
      }
      if (response.status === 409) return { kind: "conflict" };
      return {
        kind: "error",
        message: this.#failure(method === "POST" ? "create" : "update", response.status, response.text),
      };
    } catch (error) {
      return {
        kind: "error",
        message: `Could not ${method === "POST" ? "create" : "update"} ${this.describe()}: ${(error as Error).message}`,
      };
    }
  }

  #failure(action: string, status: number, text: string): string {
    let message = text.slice(0, 300);
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === "string") message = parsed.message;
    } catch {
      // not a Status object: keep the start of the body
    }
    const hint =
      status === 404
        ? ` Does namespace ${this.namespace} exist? Create it or choose another lock namespace.`
        : status === 403
          ? " Grant Skyflo's service account get/create/update on leases.coordination.k8s.io there."
          : "";
    return `Could not ${action} ${this.describe()}: HTTP ${status}: ${message}.${hint}`;
  }
}

/** The Lease object for a journal, keeping what the cluster returned last (resourceVersion, labels). */
export function leaseWithJournal(
  base: LeaseObject,
  journal: Journal,
  spec: Partial<LeaseObject["spec"]>,
): LeaseObject {
  return {
    ...base,
    metadata: {
      ...base.metadata,
      annotations: { ...(base.metadata.annotations ?? {}), [JOURNAL_ANNOTATION]: serializeJournal(journal) },
    },
    spec: { ...base.spec, ...spec },
  };
}
