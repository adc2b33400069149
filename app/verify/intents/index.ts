// Every check a plan's verify entry may name, by name.
import type { IntentKind } from "../types.ts";
import { fieldEquals } from "./field-equals.ts";
import { helmReleaseDeployed } from "./helm-release-deployed.ts";
import { helmReleaseRolledOut } from "./helm-release-rolled-out.ts";
import { objectAbsent } from "./object-absent.ts";
import { podsReady } from "./pods-ready.ts";
import { rolloutComplete } from "./rollout-complete.ts";

// Each kind is typed by its own arguments; the runner only passes them from `args` to `prepare`.
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous registry of intent kinds
export const intentKinds: ReadonlyMap<string, IntentKind<any>> = new Map(
  [rolloutComplete, fieldEquals, podsReady, objectAbsent, helmReleaseDeployed, helmReleaseRolledOut].map(
    (kind) => [kind.check, kind],
  ),
);
