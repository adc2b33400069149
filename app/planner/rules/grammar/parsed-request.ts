// What the grammar understood from a request, before anything is read from the cluster.
import type { ArgoRequest } from "./argo.ts";
import type { HelmRequest } from "./helm.ts";
import type { JenkinsRequest } from "./jenkins.ts";

export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet";

export interface WorkloadTarget {
  kind: WorkloadKind;
  name: string;
}

/** Which container `set image` changes. */
export type ContainerChoice =
  | { by: "name"; name: string } // `deploy/web app=nginx:1.27`
  | { by: "only" } // `set image of web to nginx:1.27`: the pod template's only container
  | { by: "name-or-only"; name: string }; // `set image web=nginx:1.27`: container "web", else the only one

export type ParsedRequest =
  | ArgoRequest
  | { action: "scale"; target: WorkloadTarget; namespace: string; replicas: number }
  | { action: "restart"; target: WorkloadTarget; namespace: string }
  | {
      action: "set-image";
      target: WorkloadTarget;
      namespace: string;
      container: ContainerChoice;
      image: string;
    }
  | { action: "rollback"; target: WorkloadTarget; namespace: string; toRevision: number | undefined }
  | { action: "apply"; path: string; namespace: string | undefined; force: boolean }
  | { action: "delete"; target: WorkloadTarget; namespace: string }
  | HelmRequest
  | JenkinsRequest;

/** Why a request could not be read: what was understood so far, and the problem. */
export interface GrammarFailure {
  understood: string | undefined;
  problem: string;
}

export type GrammarResult<T> = { ok: true; value: T } | { ok: false; failure: GrammarFailure };

export function fail<T>(understood: string | undefined, problem: string): GrammarResult<T> {
  return { ok: false, failure: { understood, problem } };
}

export function success<T>(value: T): GrammarResult<T> {
  return { ok: true, value };
}

/** "Deployment web", for sentences. */
export function describeTarget(target: WorkloadTarget): string {
  return `${target.kind} ${target.name}`;
}
