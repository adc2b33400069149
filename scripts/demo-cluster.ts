// The demo's cluster: a `shop` namespace with a web Deployment, its Service, a ConfigMap and a Secret.
import type { KubeObject } from "../test/emulators/kube/types.ts";

export function demoCluster(): KubeObject[] {
  const labels = { app: "web" };
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "shop", labels },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "shop" },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 80 }] },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "web-config", namespace: "shop" },
      data: { GREETING: "hello" },
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db-credentials", namespace: "shop" },
      type: "Opaque",
      data: { password: Buffer.from("correct-horse-battery-staple").toString("base64") },
    },
  ];
}
