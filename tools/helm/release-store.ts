// Reads Helm's release Secrets through client-node: the latest revision of a release, one given
// revision, a release's whole history, or the latest revision of every release in a scope.
import { ApiException } from "@kubernetes/client-node";
import type { KubeClients } from "../kubernetes/client.ts";
import { kubeError } from "../kubernetes/errors.ts";
import { requestJson } from "../kubernetes/object-rest.ts";
import { ToolError } from "../shared/tool-error.ts";
import { decodeReleaseSecret, type HelmRelease, releaseSecretPrefix } from "./release-codec.ts";

interface ReleaseSecret {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

interface SecretList {
  metadata?: { continue?: string };
  items?: ReleaseSecret[];
}

/** Secrets per page; release Secrets can be up to 1 MiB each, so pages stay small. */
const pageSize = 50;
/** Release Secrets read per call at most, so one call's memory and time stay bounded. */
export const maxReleaseSecrets = 5000;

export function releaseSecretName(release: string, revision: number): string {
  return `${releaseSecretPrefix}${release}.v${revision}`;
}

function revisionOf(secret: ReleaseSecret): number {
  const value = Number(secret.metadata?.labels?.version);
  return Number.isInteger(value) ? value : 0;
}

function describeScope(namespace: string | undefined): string {
  return namespace === undefined ? "any namespace" : `namespace "${namespace}"`;
}

/** Every release Secret matching the selector, page by page (at most maxReleaseSecrets). */
async function* releaseSecrets(
  kube: KubeClients,
  namespace: string | undefined,
  release: string | undefined,
  signal: AbortSignal,
): AsyncGenerator<ReleaseSecret> {
  const path = namespace === undefined ? "/api/v1/secrets" : `/api/v1/namespaces/${namespace}/secrets`;
  const labelSelector = release === undefined ? "owner=helm" : `owner=helm,name=${release}`;
  let continueToken: string | undefined;
  let seen = 0;
  do {
    let page: SecretList;
    try {
      page = await requestJson<SecretList>(kube, path, {
        signal,
        query: { labelSelector, limit: pageSize, continue: continueToken },
      });
    } catch (error) {
      throw kubeError(error, { action: "list the Helm release records, the", kind: "Secret", namespace });
    }
    for (const item of page.items ?? []) {
      seen += 1;
      if (seen > maxReleaseSecrets) {
        throw new ToolError(
          `More than ${maxReleaseSecrets} Helm release records exist in ${describeScope(namespace)}; Skyflo reads at most that many per call.`,
          "Name a namespace, or lower Helm's --history-max for the releases there.",
        );
      }
      if (item.metadata?.name?.startsWith(releaseSecretPrefix)) yield item;
    }
    continueToken = page.metadata?.continue || undefined;
  } while (continueToken);
}

export function releaseNotFound(release: string, namespace: string): ToolError {
  return new ToolError(
    `Helm release "${release}" does not exist in namespace "${namespace}".`,
    "Check the release name and namespace with helm_list.",
  );
}

/** Every revision of a release, newest first; empty when the release does not exist. */
export async function readReleaseHistory(
  kube: KubeClients,
  namespace: string,
  release: string,
  signal: AbortSignal,
): Promise<HelmRelease[]> {
  const history: HelmRelease[] = [];
  for await (const secret of releaseSecrets(kube, namespace, release, signal)) {
    history.push(decodeReleaseSecret(secret));
  }
  return history.sort((a, b) => b.revision - a.revision);
}

/** The newest revision of a release, or undefined when it has none. */
export async function findLatestRelease(
  kube: KubeClients,
  namespace: string,
  release: string,
  signal: AbortSignal,
): Promise<HelmRelease | undefined> {
  let latest: ReleaseSecret | undefined;
  for await (const secret of releaseSecrets(kube, namespace, release, signal)) {
    if (!latest || revisionOf(secret) > revisionOf(latest)) latest = secret;
  }
  return latest ? decodeReleaseSecret(latest) : undefined;
}

/** The newest revision of a release; a ToolError when the release does not exist. */
export async function readLatestRelease(
  kube: KubeClients,
  namespace: string,
  release: string,
  signal: AbortSignal,
): Promise<HelmRelease> {
  const latest = await findLatestRelease(kube, namespace, release, signal);
  if (!latest) throw releaseNotFound(release, namespace);
  return latest;
}

/** One revision of a release; a ToolError naming the revisions that exist when it does not. */
export async function readReleaseRevision(
  kube: KubeClients,
  namespace: string,
  release: string,
  revision: number,
  signal: AbortSignal,
): Promise<HelmRelease> {
  const name = releaseSecretName(release, revision);
  try {
    const secret = await requestJson<ReleaseSecret>(kube, `/api/v1/namespaces/${namespace}/secrets/${name}`, {
      signal,
    });
    return decodeReleaseSecret(secret);
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 404)) {
      throw kubeError(error, {
        action: "read the Helm release record, the",
        kind: "Secret",
        name,
        namespace,
      });
    }
  }
  const history = await readReleaseHistory(kube, namespace, release, signal);
  if (history.length === 0) throw releaseNotFound(release, namespace);
  throw new ToolError(
    `Helm release "${release}" in namespace "${namespace}" has no revision ${revision}.`,
    `Its revisions are: ${history.map((r) => r.revision).join(", ")}.`,
  );
}

/** The newest revision of every release in a scope, sorted by namespace then name. */
export async function listLatestReleases(
  kube: KubeClients,
  namespace: string | undefined,
  signal: AbortSignal,
): Promise<HelmRelease[]> {
  const latest = new Map<string, ReleaseSecret>();
  for await (const secret of releaseSecrets(kube, namespace, undefined, signal)) {
    const key = `${secret.metadata?.namespace}/${secret.metadata?.labels?.name}`;
    const known = latest.get(key);
    if (!known || revisionOf(secret) > revisionOf(known)) latest.set(key, secret);
  }
  return [...latest.values()]
    .map((secret) => decodeReleaseSecret(secret))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
