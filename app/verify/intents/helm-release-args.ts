// The `{namespace, release, revision}` Helm intents name, and how they read.
import { z } from "zod";
import { releaseName } from "../../../tools/helm/helm-inputs.ts";
import { namespaceName } from "../../../tools/shared/validation.ts";

export const helmReleaseArgs = {
  namespace: namespaceName,
  release: releaseName,
  revision: z.int().min(1).max(1_000_000),
};

/** `Helm release "shop" in namespace "shop"`. */
export function describeHelmRelease(args: { namespace: string; release: string }): string {
  return `Helm release "${args.release}" in namespace "${args.namespace}"`;
}

/** The release Secrets of one release, as a collection to watch. */
export function releaseSecretsQuery(args: { namespace: string; release: string }) {
  return {
    path: `/api/v1/namespaces/${args.namespace}/secrets`,
    labelSelector: `owner=helm,name=${args.release}`,
    description: `the release records of ${describeHelmRelease(args)}`,
  };
}
