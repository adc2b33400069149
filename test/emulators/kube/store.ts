// The emulator's only state: every object of every type, one global resourceVersion counter, and
// synchronous listeners that see each committed write in order. Objects are deep-copied in and out,
// so callers can never mutate stored state by accident.
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { applyDefaults } from "./defaults.ts";
import { ApiError, alreadyExists, conflict, invalid, notFound } from "./errors.ts";
import type { ResourceRegistry } from "./resources.ts";
import { groupResource } from "./resources.ts";
import { parseFieldSelector, parseLabelSelector } from "./selectors.ts";
import type { KubeObject, ResourceType, StoreEvent } from "./types.ts";
import { apiVersionOf } from "./types.ts";
import { qualifiedKind, validateCreate, validateUpdate } from "./validation.ts";

export type PropagationPolicy = "Foreground" | "Background" | "Orphan";

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: PropagationPolicy;
  /** DeleteOptions.preconditions: refuse (409) unless the stored object still has these. */
  preconditions?: { uid?: string; resourceVersion?: string };
}

interface Bucket {
  type: ResourceType;
  objects: Map<string, KubeObject>;
}

/** Namespaces a real cluster refuses to delete. */
const protectedNamespaces = new Set(["default", "kube-system", "kube-public"]);

// Characters the API server uses for generateName suffixes (no vowels, no look-alikes).
const generateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

function clone<T>(value: T): T {
  return structuredClone(value);
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

/** RFC 3339 with second precision, as Kubernetes serializes metav1.Time. */
export function kubeTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function withoutVolatile(obj: KubeObject): unknown {
  const copy = clone(obj);
  delete copy.metadata.resourceVersion;
  copy.metadata.managedFields = copy.metadata.managedFields?.map(({ time: _time, ...rest }) => rest);
  if (copy.metadata.managedFields === undefined) delete copy.metadata.managedFields;
  return copy;
}

function specPart(obj: KubeObject): unknown {
  const { metadata: _metadata, status: _status, ...rest } = obj;
  return rest;
}

export class ObjectStore {
  readonly registry: ResourceRegistry;
  private revision = 100;
  private nextClusterIP = 10;
  private readonly buckets = new Map<string, Bucket>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(registry: ResourceRegistry) {
    this.registry = registry;
  }

  currentResourceVersion(): string {
    return String(this.revision);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const stored = this.bucket(type).objects.get(key(type.namespaced ? namespace : undefined, name));
    return stored ? this.present(type, stored) : undefined;
  }

  list(
    type: ResourceType,
    opts: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
  ): { items: KubeObject[]; resourceVersion: string } {
    const matchLabels = parseLabelSelector(opts.labelSelector);
    const matchFields = parseFieldSelector(opts.fieldSelector, type);
    const items = [...this.bucket(type).objects.entries()]
      .filter(([, obj]) => !type.namespaced || !opts.namespace || obj.metadata.namespace === opts.namespace)
      .filter(([, obj]) => matchLabels(obj) && matchFields(obj))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, obj]) => this.present(type, obj));
    return { items, resourceVersion: this.currentResourceVersion() };
  }

  create(type: ResourceType, input: KubeObject, opts: { dryRun?: boolean } = {}): KubeObject {
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    obj.metadata = { ...(obj.metadata ?? {}) };
    const meta = obj.metadata;
    if (type.namespaced) meta.namespace = meta.namespace || "default";
    else delete meta.namespace;
    if (!meta.name && meta.generateName)
      meta.name = this.generatedName(type, meta.namespace, meta.generateName);
    if (!meta.name) {
      throw invalid(qualifiedKind(type), "", [
        {
          type: "FieldValueRequired",
          field: "metadata.name",
          message: "Required value: name or generateName is required",
        },
      ]);
    }
    if (type.namespaced) this.requireActiveNamespace(meta.namespace as string, type);
    const bucket = this.bucket(type);
    if (bucket.objects.has(key(meta.namespace, meta.name)))
      throw alreadyExists(groupResource(type), meta.name, type.kind);

    meta.uid = randomUUID();
    meta.creationTimestamp = kubeTimestamp();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    applyDefaults(obj, undefined, () => this.allocateClusterIP(opts.dryRun === true));
    validateCreate(type, obj);
    // A dry-run create is complete except for resourceVersion, which only storage assigns.
    if (opts.dryRun) return this.present(type, obj);

    meta.resourceVersion = this.bumpRevision();
    bucket.objects.set(key(meta.namespace, meta.name), obj);
    this.emit("ADDED", type, obj);
    return this.present(type, obj);
  }

  update(
    type: ResourceType,
    input: KubeObject,
    opts: { dryRun?: boolean; subresource?: "status" } = {},
  ): KubeObject {
    const namespace = type.namespaced ? input.metadata?.namespace || "default" : undefined;
    const name = input.metadata?.name ?? "";
    const bucket = this.bucket(type);
    const existing = bucket.objects.get(key(namespace, name));
    if (!existing) throw notFound(groupResource(type), name, type.kind);
    const gr = groupResource(type);
    const wantedVersion = input.metadata.resourceVersion;
    if (wantedVersion && wantedVersion !== existing.metadata.resourceVersion) {
      throw conflict(
        gr,
        name,
        "the object has been modified; please apply your changes to the latest version and try again",
      );
    }
    if (input.metadata.uid && input.metadata.uid !== existing.metadata.uid) {
      throw conflict(
        gr,
        name,
        `Precondition failed: UID in precondition: ${input.metadata.uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    }

    const next =
      opts.subresource === "status"
        ? this.statusUpdate(existing, input)
        : this.mainUpdate(type, existing, input);
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    if (isDeepStrictEqual(withoutVolatile(next), withoutVolatile(existing)))
      return this.present(type, existing);
    if (opts.subresource !== "status" && !isDeepStrictEqual(specPart(next), specPart(existing))) {
      next.metadata.generation = (existing.metadata.generation ?? 1) + 1;
    }
    if (opts.dryRun) return this.present(type, next);

    next.metadata.resourceVersion = this.bumpRevision();
    // The last finalizer removed from an object being deleted lets the deletion finish.
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
      bucket.objects.set(key(namespace, name), next);
      this.removeNow(type, next, "Background");
      return this.present(type, next);
    }
    bucket.objects.set(key(namespace, name), next);
    this.emit("MODIFIED", type, next);
    return this.present(type, next);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): KubeObject {
    const ns = type.namespaced ? namespace || "default" : undefined;
    const existing = this.bucket(type).objects.get(key(ns, name));
    if (!existing) throw notFound(groupResource(type), name, type.kind);
    const { uid, resourceVersion } = opts.preconditions ?? {};
    if (uid && uid !== existing.metadata.uid) {
      throw conflict(
        groupResource(type),
        name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    }
    if (resourceVersion && resourceVersion !== existing.metadata.resourceVersion) {
      throw conflict(
        groupResource(type),
        name,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
    }
    if (type.kind === "Namespace" && type.group === "" && protectedNamespaces.has(name)) {
      throw new ApiError(
        403,
        "Forbidden",
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        {
          name,
          kind: "namespaces",
        },
      );
    }
    if (opts.dryRun) return this.present(type, existing);

    const finalizers = existing.metadata.finalizers ?? [];
    if (finalizers.length > 0) {
      // Finalizers keep the object (marked for deletion) until whoever owns them removes them.
      if (existing.metadata.deletionTimestamp) return this.present(type, existing);
      const marked = clone(existing);
      marked.metadata.deletionTimestamp = kubeTimestamp();
      marked.metadata.deletionGracePeriodSeconds = 0;
      marked.metadata.resourceVersion = this.bumpRevision();
      this.bucket(type).objects.set(key(ns, name), marked);
      this.emit("MODIFIED", type, marked);
      return this.present(type, marked);
    }
    return this.removeNow(type, existing, opts.propagationPolicy ?? "Background");
  }

  private removeNow(type: ResourceType, obj: KubeObject, policy: PropagationPolicy): KubeObject {
    const meta = obj.metadata;
    if (type.kind === "Namespace" && type.group === "") {
      // A namespace turns Terminating, loses its content, then disappears.
      const terminating = clone(obj);
      terminating.metadata.deletionTimestamp = kubeTimestamp();
      terminating.status = { ...((terminating.status as object) ?? {}), phase: "Terminating" };
      terminating.metadata.resourceVersion = this.bumpRevision();
      this.bucket(type).objects.set(key(undefined, meta.name ?? ""), terminating);
      this.emit("MODIFIED", type, terminating);
      this.deleteNamespaceContent(meta.name ?? "");
      this.bucket(type).objects.delete(key(undefined, meta.name ?? ""));
      terminating.metadata.resourceVersion = this.bumpRevision();
      this.emit("DELETED", type, terminating);
      return this.present(type, terminating);
    }
    if (policy === "Foreground") this.handleDependents(meta.uid ?? "", "Foreground");
    const gone = clone(obj);
    if (!gone.metadata.deletionTimestamp) gone.metadata.deletionTimestamp = kubeTimestamp();
    this.bucket(type).objects.delete(key(meta.namespace, meta.name ?? ""));
    gone.metadata.resourceVersion = this.bumpRevision();
    this.emit("DELETED", type, gone);
    if (policy !== "Foreground") this.handleDependents(meta.uid ?? "", policy);
    return this.present(type, gone);
  }

  /** The garbage collector's job: delete (or orphan) everything owned by `ownerUid`. */
  private handleDependents(ownerUid: string, policy: PropagationPolicy): void {
    if (!ownerUid) return;
    for (const bucket of this.buckets.values()) {
      for (const dependent of [...bucket.objects.values()]) {
        const refs = dependent.metadata.ownerReferences ?? [];
        if (!refs.some((ref) => ref.uid === ownerUid)) continue;
        if (policy === "Orphan") {
          const orphan = clone(dependent);
          orphan.metadata.ownerReferences = refs.filter((ref) => ref.uid !== ownerUid);
          if (orphan.metadata.ownerReferences.length === 0) delete orphan.metadata.ownerReferences;
          orphan.metadata.resourceVersion = this.bumpRevision();
          bucket.objects.set(key(orphan.metadata.namespace, orphan.metadata.name ?? ""), orphan);
          this.emit("MODIFIED", bucket.type, orphan);
        } else if (bucket.objects.has(key(dependent.metadata.namespace, dependent.metadata.name ?? ""))) {
          // Dependents cascade the way their owner did (the GC propagates the policy).
          this.removeNow(bucket.type, dependent, policy);
        }
      }
    }
  }

  private deleteNamespaceContent(namespace: string): void {
    for (const bucket of this.buckets.values()) {
      if (!bucket.type.namespaced) continue;
      for (const obj of [...bucket.objects.values()]) {
        if (obj.metadata.namespace !== namespace) continue;
        if (!bucket.objects.has(key(namespace, obj.metadata.name ?? ""))) continue;
        this.removeNow(bucket.type, obj, "Background");
      }
    }
  }

  private mainUpdate(type: ResourceType, existing: KubeObject, input: KubeObject): KubeObject {
    const next = clone(input);
    next.apiVersion = apiVersionOf(type);
    next.kind = type.kind;
    const meta = next.metadata;
    const old = existing.metadata;
    meta.name = old.name;
    if (type.namespaced) meta.namespace = old.namespace;
    else delete meta.namespace;
    meta.uid = old.uid;
    meta.creationTimestamp = old.creationTimestamp;
    meta.generation = old.generation;
    if (old.generateName) meta.generateName = old.generateName;
    if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (old.deletionGracePeriodSeconds !== undefined)
      meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
    // With a status subresource, the main resource cannot change status (and vice versa).
    if (type.subresources.includes("status")) {
      if (existing.status === undefined) delete next.status;
      else next.status = clone(existing.status);
    }
    applyDefaults(next, existing, () => this.allocateClusterIP(false));
    validateUpdate(type, next, existing);
    return next;
  }

  private statusUpdate(existing: KubeObject, input: KubeObject): KubeObject {
    const next = clone(existing);
    if (input.status === undefined) delete next.status;
    else next.status = clone(input.status);
    if (input.metadata.managedFields !== undefined)
      next.metadata.managedFields = clone(input.metadata.managedFields);
    return next;
  }

  private requireActiveNamespace(namespace: string, type: ResourceType): void {
    const namespaces = this.registry.byKind("v1", "Namespace");
    if (!namespaces) return;
    const ns = this.bucket(namespaces).objects.get(key(undefined, namespace));
    if (!ns) throw notFound("namespaces", namespace);
    if (ns.metadata.deletionTimestamp) {
      throw new ApiError(
        403,
        "Forbidden",
        `${groupResource(type)} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        { kind: type.plural },
      );
    }
  }

  private generatedName(type: ResourceType, namespace: string | undefined, prefix: string): string {
    const bucket = this.bucket(type);
    for (;;) {
      let suffix = "";
      for (let i = 0; i < 5; i++) {
        suffix += generateNameAlphabet[Math.floor(Math.random() * generateNameAlphabet.length)];
      }
      const name = `${prefix}${suffix}`;
      if (!bucket.objects.has(key(namespace, name))) return name;
    }
  }

  private allocateClusterIP(dryRun: boolean): string {
    const n = this.nextClusterIP;
    if (!dryRun) this.nextClusterIP++;
    return `10.96.${Math.floor(n / 256)}.${n % 256}`;
  }

  private bucket(type: ResourceType): Bucket {
    // Storage is per group+plural (not version), as etcd keys are.
    const id = `${type.group}/${type.plural}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { type, objects: new Map() };
      this.buckets.set(id, bucket);
    }
    return bucket;
  }

  private bumpRevision(): string {
    this.revision++;
    return String(this.revision);
  }

  /** A copy as served at `type`'s version. */
  private present(type: ResourceType, obj: KubeObject): KubeObject {
    const copy = clone(obj);
    copy.apiVersion = apiVersionOf(type);
    copy.kind = type.kind;
    return copy;
  }

  private emit(eventType: StoreEvent["type"], type: ResourceType, obj: KubeObject): void {
    for (const listener of [...this.listeners]) {
      listener({ type: eventType, resource: type, object: this.present(type, obj) });
    }
  }
}
