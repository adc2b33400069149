// helm_install: a new release from a chart, through the helm binary; diff-first with --dry-run=server.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { changeChart, chartChangeInput } from "./chart-change.ts";
import { helmChangeOutput } from "./helm-change.ts";
import { releaseTargets } from "./read-inputs.ts";

export const helmInstallTool = defineTool({
  name: "helm_install",
  title: "Install a Helm chart",
  description:
    "Installs a chart as a new Helm release (helm install) in an existing namespace. The chart is a path in the " +
    "repository (e.g. charts/shop) or an oci:// / https:// reference with an exact version. Values come as a JSON " +
    "object plus optional dotted `set` pairs. With dryRun: true helm renders and validates against the API server " +
    "(--dry-run=server) and nothing changes. Returns the diff of every object the release would create, keyed " +
    "kind/namespace/name, with Secret values masked, and the revision. Fails if the release already exists (use " +
    "helm_upgrade). Repeating it fails once the release exists, so it is not idempotent.",
  family: "helm",
  input: z.object(chartChangeInput),
  output: helmChangeOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  targets: releaseTargets,
  handler: (args, context) => changeChart("install", { ...args, reuseValues: false }, context),
});
