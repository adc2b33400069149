// The Argo Rollouts CRD (rollouts.argoproj.io, v1alpha1) as an installed Argo Rollouts serves it:
// namespaced, short name "ro", with the status and scale subresources its CRD declares. Registered
// by startKubeEmulator(), so every emulated cluster has it, as a cluster with Argo Rollouts would.
import type { ResourceType } from "./types.ts";

export const ROLLOUT_API_VERSION = "argoproj.io/v1alpha1";

export const rolloutResource: ResourceType = {
  group: "argoproj.io",
  version: "v1alpha1",
  kind: "Rollout",
  listKind: "RolloutList",
  plural: "rollouts",
  singular: "rollout",
  namespaced: true,
  shortNames: ["ro"],
  subresources: ["status", "scale"],
};
