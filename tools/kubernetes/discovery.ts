// Resolves what a caller names ("deploy", "deployments", "Deployment", "rollouts.argoproj.io")
// to one served resource, from the API server's own discovery documents (CRDs included).
import { ToolError } from "../shared/tool-error.ts";
import type { KubeClients } from "./client.ts";

export interface ApiResource {
  group: string;
  version: string;
  apiVersion: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  /** Subresources served, e.g. ["scale", "status"]. */
  subresources: string[];
}

interface ApiResourceList {
  groupVersion: string;
  resources: Array<{
    name: string;
    singularName?: string;
    namespaced: boolean;
    kind: string;
    verbs?: string[];
    shortNames?: string[];
  }>;
}

const cacheTtlMs = 60_000;

export class Discovery {
  readonly #clients: KubeClients;
  #cached: { at: number; resources: ApiResource[] } | undefined;

  constructor(clients: KubeClients) {
    this.#clients = clients;
  }

  /** Every served resource, preferred group versions first. Cached for a minute. */
  async resources(signal?: AbortSignal): Promise<ApiResource[]> {
    if (this.#cached && Date.now() - this.#cached.at < cacheTtlMs) return this.#cached.resources;
    const groupVersions = ["v1", ...(await this.#groupVersions(signal))];
    const lists = await Promise.all(
      groupVersions.map((gv) =>
        this.#getJson<ApiResourceList>(gv === "v1" ? "/api/v1" : `/apis/${gv}`, signal),
      ),
    );
    const resources = lists.flatMap((list) => toResources(list));
    this.#cached = { at: Date.now(), resources };
    return resources;
  }

  /**
   * One resource for a kind, plural, singular or short name, optionally narrowed by apiVersion or
   * a `plural.group` form. Fails with a sentence that lists close matches when nothing fits.
   */
  async resolve(name: string, apiVersion?: string, signal?: AbortSignal): Promise<ApiResource> {
    const all = (await this.resources(signal)).filter((r) => !apiVersion || r.apiVersion === apiVersion);
    const wanted = name.toLowerCase();
    const [base, ...groupParts] = wanted.split(".");
    const group = groupParts.join(".");
    const matches = all.filter(
      (r) =>
        (group === "" || r.group === group) &&
        (r.kind.toLowerCase() === base ||
          r.plural === base ||
          r.singular === base ||
          r.shortNames.includes(base ?? "")),
    );
    const first = matches[0];
    if (first) return first; // preferred versions come first; core group before others, as kubectl does
    const known = [...new Set(all.map((r) => r.kind))].sort().slice(0, 30).join(", ");
    throw new ToolError(
      `The cluster does not serve a resource called "${name}"${apiVersion ? ` in ${apiVersion}` : ""}.`,
      `Known kinds include: ${known}. Use k8s_api_resources to list them all.`,
    );
  }

  async #groupVersions(signal?: AbortSignal): Promise<string[]> {
    const groups = await this.#getJson<{
      groups: Array<{
        preferredVersion?: { groupVersion: string };
        versions: Array<{ groupVersion: string }>;
      }>;
    }>("/apis", signal);
    // Preferred version of each group first, then the others, so resolve() prefers what kubectl would.
    const preferred = groups.groups.flatMap((g) =>
      g.preferredVersion ? [g.preferredVersion.groupVersion] : [],
    );
    const others = groups.groups
      .flatMap((g) => g.versions.map((v) => v.groupVersion))
      .filter((gv) => !preferred.includes(gv));
    return [...preferred, ...others];
  }

  async #getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    const response = await this.#clients.request(path, { signal, headers: { Accept: "application/json" } });
    if (response.status !== 200) {
      throw new ToolError(
        `Discovery request ${path} failed with HTTP ${response.status}.`,
        "Check that the cluster API is reachable.",
      );
    }
    return JSON.parse(response.text) as T;
  }
}

function toResources(list: ApiResourceList): ApiResource[] {
  const [group, version] = list.groupVersion.includes("/")
    ? list.groupVersion.split("/")
    : ["", list.groupVersion];
  const subresources = new Map<string, string[]>();
  for (const entry of list.resources) {
    const [parent, sub] = entry.name.split("/");
    if (parent && sub) subresources.set(parent, [...(subresources.get(parent) ?? []), sub]);
  }
  return list.resources
    .filter((entry) => !entry.name.includes("/"))
    .map((entry) => ({
      group: group ?? "",
      version: version ?? "",
      apiVersion: list.groupVersion,
      kind: entry.kind,
      plural: entry.name,
      singular: entry.singularName || entry.kind.toLowerCase(),
      namespaced: entry.namespaced,
      shortNames: entry.shortNames ?? [],
      verbs: entry.verbs ?? [],
      subresources: subresources.get(entry.name) ?? [],
    }));
}

/** The URL path of a resource collection or object, from validated names only. */
export function resourcePath(
  resource: ApiResource,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const root =
    resource.group === "" ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const scope = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  const object = name ? `/${encodeURIComponent(name)}` : "";
  const sub = name && subresource ? `/${subresource}` : "";
  return `${root}${scope}/${resource.plural}${object}${sub}`;
}
