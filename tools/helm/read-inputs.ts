// The `{namespace, release, revision?}` every Helm read names, and its policy target.
import { z } from "zod";
import type { ToolTarget } from "../registry.ts";
import { namespaceName } from "../shared/validation.ts";
import { releaseName } from "./helm-inputs.ts";
import type { HelmRelease } from "./release-codec.ts";

export const revisionNumber = z
  .number()
  .int()
  .min(1)
  .max(1_000_000)
  .describe("Release revision (1 is the first install)");

export const releaseReference = {
  namespace: namespaceName.describe("Namespace of the release"),
  release: releaseName,
};

export function releaseTargets(args: { namespace: string }): ToolTarget[] {
  return [{ namespace: args.namespace }];
}

/** `shop-0.1.0`, as helm list shows a chart. */
export function chartLabel(release: HelmRelease): string {
  return release.chart.version ? `${release.chart.name}-${release.chart.version}` : release.chart.name;
}

/** `release "shop" in namespace "shop"`. */
export function describeRelease(release: string, namespace: string): string {
  return `release "${release}" in namespace "${namespace}"`;
}
