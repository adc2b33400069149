// Watch streams. The hub records every committed store event (bounded history) so a watch can
// resume from a resourceVersion, answers 410 Expired when that version has left the history, and
// turns selector transitions into ADDED/DELETED as the real watch cache does.
import type { ServerResponse } from "node:http";
import { ApiError } from "./errors.ts";
import type { Matcher } from "./selectors.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject, ResourceType, StoreEvent, WatchEventType } from "./types.ts";

interface HistoryEntry {
  revision: number;
  event: StoreEvent;
  previous: KubeObject | undefined;
}

export interface WatchRequest {
  type: ResourceType;
  namespace: string | undefined;
  /** Watch one object (legacy /watch/.../name paths). */
  name: string | undefined;
  matches: Matcher;
  /** "" or undefined: start with the current state; "0": same; otherwise events after it. */
  resourceVersion: string | undefined;
  sendInitialEvents: boolean;
  allowBookmarks: boolean;
  timeoutSeconds: number | undefined;
  /** The request path, for Faults.dropWatches(path). */
  path: string;
  /** How an object is sent (e.g. as a one-row Table for `kubectl get -w`); default: as it is. */
  present?: (obj: KubeObject) => unknown;
}

interface OpenWatch {
  request: WatchRequest;
  res: ServerResponse;
  timer: NodeJS.Timeout | undefined;
}

function storageKey(type: ResourceType, obj: KubeObject): string {
  return `${type.group}/${type.plural}/${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;
}

export class WatchHub {
  private readonly history: HistoryEntry[] = [];
  private readonly latest = new Map<string, KubeObject>();
  private readonly open = new Set<OpenWatch>();
  private readonly unsubscribe: () => void;
  /** Oldest resourceVersion a watch can still resume from. */
  private horizon: number;
  private readonly store: ObjectStore;
  private readonly historyLimit: number;

  constructor(store: ObjectStore, historyLimit = 1000) {
    this.store = store;
    this.historyLimit = historyLimit;
    this.horizon = Number(store.currentResourceVersion());
    for (const type of store.registry.all()) {
      for (const obj of store.list(type).items) this.latest.set(storageKey(type, obj), obj);
    }
    this.unsubscribe = store.subscribe((event) => this.record(event));
  }

  /** Validates the request and answers with a chunked stream of watch events. */
  serve(request: WatchRequest, res: ServerResponse): void {
    const start = this.startRevision(request.resourceVersion);
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
    res.flushHeaders();
    if (start !== undefined && start < this.horizon) {
      const status = new ApiError(
        410,
        "Expired",
        `too old resource version: ${start} (${this.horizon})`,
      ).toStatus();
      this.write(res, "ERROR", status as unknown as KubeObject);
      res.end();
      return;
    }
    const watch: OpenWatch = { request, res, timer: undefined };
    if (start === undefined) {
      for (const obj of this.store.list(request.type, { namespace: request.namespace }).items) {
        if (this.selects(request, obj)) this.write(res, "ADDED", obj, request.present);
      }
      if (request.sendInitialEvents) this.bookmark(res, request.type, true);
    } else {
      for (const entry of this.history) if (entry.revision > start) this.deliver(watch, entry);
    }
    if (request.timeoutSeconds !== undefined && request.timeoutSeconds > 0) {
      watch.timer = setTimeout(() => this.end(watch), request.timeoutSeconds * 1000);
    }
    res.on("close", () => this.forget(watch));
    this.open.add(watch);
  }

  /** Abruptly ends matching open watches (the connection drops, no final chunk); returns how many. */
  drop(matchesPath: (path: string) => boolean = () => true): number {
    let dropped = 0;
    for (const watch of [...this.open]) {
      if (!matchesPath(watch.request.path)) continue;
      this.forget(watch);
      watch.res.socket?.destroy();
      watch.res.destroy();
      dropped++;
    }
    return dropped;
  }

  /** Ends every open watch cleanly (server shutdown). */
  close(): void {
    this.unsubscribe();
    for (const watch of [...this.open]) this.end(watch);
  }

  openCount(): number {
    return this.open.size;
  }

  private startRevision(resourceVersion: string | undefined): number | undefined {
    if (resourceVersion === undefined || resourceVersion === "" || resourceVersion === "0") return undefined;
    if (!/^\d+$/.test(resourceVersion)) {
      throw new ApiError(400, "BadRequest", `invalid resource version: "${resourceVersion}" is not a number`);
    }
    return Number(resourceVersion);
  }

  private record(event: StoreEvent): void {
    const key = storageKey(event.resource, event.object);
    const entry: HistoryEntry = {
      revision: Number(event.object.metadata.resourceVersion),
      event,
      previous: this.latest.get(key),
    };
    if (event.type === "DELETED") this.latest.delete(key);
    else this.latest.set(key, event.object);
    this.history.push(entry);
    while (this.history.length > this.historyLimit) {
      const dropped = this.history.shift();
      if (dropped) this.horizon = dropped.revision;
    }
    for (const watch of this.open) this.deliver(watch, entry);
  }

  private selects(request: WatchRequest, obj: KubeObject): boolean {
    if (request.type.namespaced && request.namespace && obj.metadata.namespace !== request.namespace)
      return false;
    if (request.name !== undefined && obj.metadata.name !== request.name) return false;
    return request.matches(obj);
  }

  private deliver(watch: OpenWatch, entry: HistoryEntry): void {
    const { request, res } = watch;
    const { event, previous } = entry;
    const type = request.type;
    if (event.resource.group !== type.group || event.resource.plural !== type.plural) return;
    const now = this.selects(request, event.object);
    const present = request.present;
    if (event.type !== "MODIFIED") {
      if (now) this.write(res, event.type, event.object, present);
      return;
    }
    const before = previous === undefined ? now : this.selects(request, previous);
    if (now && before) this.write(res, "MODIFIED", event.object, present);
    else if (now) this.write(res, "ADDED", event.object, present);
    else if (before) this.write(res, "DELETED", event.object, present);
  }

  private bookmark(res: ServerResponse, type: ResourceType, initialEventsEnd: boolean): void {
    const apiVersion = type.group === "" ? type.version : `${type.group}/${type.version}`;
    this.write(res, "BOOKMARK", {
      apiVersion,
      kind: type.kind,
      metadata: {
        resourceVersion: this.store.currentResourceVersion(),
        ...(initialEventsEnd ? { annotations: { "k8s.io/initial-events-end": "true" } } : {}),
      },
    });
  }

  private write(
    res: ServerResponse,
    type: WatchEventType,
    object: KubeObject,
    present?: (obj: KubeObject) => unknown,
  ): void {
    if (res.writableEnded || res.destroyed) return;
    res.write(`${JSON.stringify({ type, object: present ? present(object) : object })}\n`);
  }

  private end(watch: OpenWatch): void {
    this.forget(watch);
    if (!watch.res.writableEnded) watch.res.end();
  }

  private forget(watch: OpenWatch): void {
    if (watch.timer) clearTimeout(watch.timer);
    this.open.delete(watch);
  }
}
