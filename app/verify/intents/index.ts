// Every check a plan's verify entry may name, by name.
import type { IntentKind } from "../types.ts";
import { argoRolloutHealthy } from "./argo-rollout-healthy.ts";
import { argoRolloutPaused } from "./argo-rollout-paused.ts";
import { argoRolloutPromoted } from "./argo-rollout-promoted.ts";
import { fieldEquals } from "./field-equals.ts";
import { helmReleaseDeployed } from "./helm-release-deployed.ts";
import { helmReleaseRolledOut } from "./helm-release-rolled-out.ts";
import { jenkinsBuildSucceeded } from "./jenkins-build-succeeded.ts";
import { objectAbsent } from "./object-absent.ts";
import { podsReady } from "./pods-ready.ts";
import { rolloutComplete } from "./rollout-complete.ts";

// Each kind is typed by its own arguments; the runner only passes them from `args` to `prepare`.
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous registry of intent kinds
export const intentKinds: ReadonlyMap<string, IntentKind<any>> = new Map(
  [
    rolloutComplete,
    fieldEquals,
    podsReady,
    objectAbsent,
    helmReleaseDeployed,
    helmReleaseRolledOut,
    argoRolloutHealthy,
    argoRolloutPaused,
    argoRolloutPromoted,
    jenkinsBuildSucceeded,
  ].map((kind) => [kind.check, kind]),
);
