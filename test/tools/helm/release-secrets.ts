// Release Secrets as Helm writes them (storage driver "secret"), for seeding the emulator in tests
// that need releases without running helm: the JSON release, gzipped, base64 text, in data.release.
import { gzipSync } from "node:zlib";

export interface FakeRelease {
  name: string;
  namespace: string;
  revision: number;
  status: "deployed" | "superseded" | "failed" | "pending-upgrade" | "pending-rollback" | "uninstalled";
  chart?: { name: string; version: string; appVersion?: string };
  manifest?: string;
  config?: Record<string, unknown>;
  description?: string;
}

export function releaseRecord(release: FakeRelease): Record<string, unknown> {
  const chart = release.chart ?? { name: release.name, version: "0.1.0" };
  return {
    name: release.name,
    namespace: release.namespace,
    version: release.revision,
    info: {
      first_deployed: "2026-11-25T09:00:00Z",
      last_deployed: `2026-11-25T09:${String(release.revision).padStart(2, "0")}:00Z`,
      status: release.status,
      description: release.description ?? (release.revision === 1 ? "Install complete" : "Upgrade complete"),
    },
    chart: { metadata: { apiVersion: "v2", ...chart }, values: {}, templates: [] },
    ...(release.config ? { config: release.config } : {}),
    manifest: release.manifest ?? "",
  };
}

/** The Secret Helm keeps for one revision, ready for emulator.seed(). */
export function releaseSecret(release: FakeRelease) {
  const helmText = gzipSync(Buffer.from(JSON.stringify(releaseRecord(release)))).toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "helm.sh/release.v1",
    metadata: {
      name: `sh.helm.release.v1.${release.name}.v${release.revision}`,
      namespace: release.namespace,
      labels: {
        owner: "helm",
        name: release.name,
        status: release.status,
        version: String(release.revision),
      },
    },
    data: { release: Buffer.from(helmText).toString("base64") },
  };
}

/** A manifest with one Deployment (and optionally more documents), as a chart would render it. */
export function deploymentManifest(name: string, replicas: number, image = "nginx:1.27"): string {
  return `---
# Source: app/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: ${image}
`;
}
