// helm_upgrade: a new revision of an existing release, through the helm binary; diff-first with
// --dry-run=server against the release's current manifest.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { changeChart, chartChangeInput } from "./chart-change.ts";
import { helmChangeOutput } from "./helm-change.ts";
import { releaseTargets } from "./read-inputs.ts";

export const helmUpgradeTool = defineTool({
  name: "helm_upgrade",
  title: "Upgrade a Helm release",
  description:
    "Upgrades an existing Helm release to a chart and values (helm upgrade), creating a new revision. The chart is " +
    "a path in the repository (e.g. charts/shop) or an oci:// / https:// reference with an exact version. Values " +
    "replace the previous ones (helm's default) unless reuseValues: true, which keeps the release's current values " +
    "and applies the given ones over them (--reset-then-reuse-values). With dryRun: true helm validates against " +
    "the API server (--dry-run=server) and nothing changes. Returns the per-object diff between the release's " +
    "current manifest and the new one (kind/namespace/name, Secret values masked) and the new revision. Repeating " +
    "it adds a revision but leaves the objects as they are, so it is idempotent. Follow it with helm_status.",
  family: "helm",
  input: z.object({
    ...chartChangeInput,
    reuseValues: z
      .boolean()
      .default(false)
      .describe(
        "Keep the release's current values and apply `values`/`set` over them (helm --reset-then-reuse-values)",
      ),
  }),
  output: helmChangeOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  targets: releaseTargets,
  handler: (args, context) => changeChart("upgrade", args, context),
});
