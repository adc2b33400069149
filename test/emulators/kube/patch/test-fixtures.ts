// Shared fixtures for the patch tests: built-in resource types and a typical Deployment.
import { builtinResources } from "../resources.ts";
import type { KubeObject, ResourceType } from "../types.ts";

export function resourceOf(kind: string): ResourceType {
  const found = builtinResources.find((resource) => resource.kind === kind);
  if (!found) throw new Error(`no built-in resource ${kind}`);
  return found;
}

export const rolloutsResource: ResourceType = {
  group: "argoproj.io",
  version: "v1alpha1",
  kind: "Rollout",
  listKind: "RolloutList",
  plural: "rollouts",
  singular: "rollout",
  namespaced: true,
  subresources: ["status", "scale"],
};

export function deployment(overrides: { replicas?: number; image?: string } = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "shop",
      uid: "uid-web",
      resourceVersion: "7",
      generation: 1,
      creationTimestamp: "2026-11-25T10:00:00Z",
      labels: { app: "web" },
    },
    spec: {
      replicas: overrides.replicas ?? 3,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "web",
              image: overrides.image ?? "nginx:1.27",
              env: [
                { name: "MODE", value: "prod" },
                { name: "LOG", value: "info" },
              ],
              ports: [{ containerPort: 80 }],
            },
            { name: "sidecar", image: "envoy:1.30" },
          ],
          volumes: [{ name: "data", emptyDir: {} }],
          tolerations: [{ key: "a", operator: "Exists" }],
        },
      },
    },
    status: { replicas: 3, readyReplicas: 3 },
  };
}
