// The real kubectl (v1.34, from the lambda-layer package) against the emulator: discovery, get,
// create -f, apply (client- and server-side), scale, label, logs, delete.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubectlSession, startKubectlSession } from "../../support/kubectl-session.ts";
import type { KubeEmulator } from "./index.ts";
import type { ResourceType } from "./types.ts";

let session: KubectlSession;
let emulator: KubeEmulator;
let workDir: string;
let kubectl: KubectlSession["kubectl"];
let kubectlFails: KubectlSession["kubectlFails"];

beforeAll(async () => {
  session = await startKubectlSession();
  ({ emulator, home: workDir, kubectl, kubectlFails } = session);
});

afterAll(async () => {
  await session?.close();
});

const manifest = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {mode: blue}
`;

describe("kubectl against the emulator", () => {
  it("reports the server version and lists the built-in namespaces", async () => {
    expect(await kubectl("version")).toContain("Server Version: v1.34.0");
    const namespaces = await kubectl("get", "namespaces", "-o", "name");
    expect(namespaces.trim().split("\n")).toEqual([
      "namespace/default",
      "namespace/kube-public",
      "namespace/kube-system",
    ]);
    expect(await kubectl("api-resources", "--api-group=apps", "-o", "name")).toContain("deployments.apps");
    expect(await kubectl("auth", "can-i", "patch", "deployments", "-n", "default")).toBe("yes\n");
  });

  it("creates from a file, prints tables, scales, labels and deletes", async () => {
    const file = join(workDir, "shop.yaml");
    await writeFile(file, manifest);
    expect(await kubectl("create", "-f", file)).toBe(
      "namespace/shop created\ndeployment.apps/web created\nconfigmap/settings created\n",
    );
    const table = await kubectl("get", "deployments", "-n", "shop");
    expect(table.split("\n")[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(table).toMatch(/^web\s+\d\/2\s+/m);

    expect(await kubectl("scale", "deployment/web", "-n", "shop", "--replicas=5")).toBe(
      "deployment.apps/web scaled\n",
    );
    expect(await kubectl("get", "deployment", "web", "-n", "shop", "-o", "jsonpath={.spec.replicas}")).toBe(
      "5",
    );

    await kubectl("label", "configmap", "settings", "-n", "shop", "color=blue");
    expect(await kubectl("get", "configmaps", "-n", "shop", "-l", "color=blue", "-o", "name")).toBe(
      "configmap/settings\n",
    );

    expect(await kubectl("delete", "configmap", "settings", "-n", "shop")).toContain(
      'configmap "settings" deleted',
    );
    expect(await kubectlFails("get", "configmap", "settings", "-n", "shop")).toContain(
      'Error from server (NotFound): configmaps "settings" not found',
    );
  });

  it("applies client-side and server-side, and a server-side dry run changes nothing", async () => {
    const file = join(workDir, "apply.yaml");
    await writeFile(
      file,
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: default}\ndata: {mode: one}\n",
    );
    expect(await kubectl("apply", "-f", file)).toBe("configmap/applied created\n");
    expect(await kubectl("apply", "-f", file)).toBe("configmap/applied unchanged\n");
    await writeFile(
      file,
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: default}\ndata: {mode: two}\n",
    );
    // A different value than the client-side applier set conflicts, as on a real server.
    expect(await kubectlFails("apply", "--server-side", "-f", file)).toContain(
      'conflict with "kubectl-client-side-apply" using v1: .data.mode',
    );
    expect(await kubectl("apply", "--server-side", "--force-conflicts", "--dry-run=server", "-f", file)).toBe(
      "configmap/applied serverside-applied (server dry run)\n",
    );
    const configMaps = emulator.store.registry.byKind("v1", "ConfigMap") as ResourceType;
    expect(emulator.store.get(configMaps, "default", "applied")?.data).toEqual({ mode: "one" });
    expect(await kubectl("apply", "--server-side", "--force-conflicts", "-f", file)).toBe(
      "configmap/applied serverside-applied\n",
    );
    expect(emulator.store.get(configMaps, "default", "applied")?.data).toEqual({ mode: "two" });
  });

  it("creates objects with the generator subcommands, which send protobuf", async () => {
    await kubectl("create", "namespace", "gen");
    await kubectl(
      "create",
      "deployment",
      "api",
      "-n",
      "gen",
      "--image=nginx:1.27",
      "--replicas=3",
      "--port=8080",
    );
    await kubectl("create", "secret", "generic", "creds", "-n", "gen", "--from-literal=password=hunter2");
    await kubectl("create", "service", "clusterip", "api", "-n", "gen", "--tcp=80:8080");
    const deployment = JSON.parse(await kubectl("get", "deployment", "api", "-n", "gen", "-o", "json"));
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers).toMatchObject([
      { name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 8080, protocol: "TCP" }] },
    ]);
    expect(await kubectl("get", "secret", "creds", "-n", "gen", "-o", "jsonpath={.data.password}")).toBe(
      Buffer.from("hunter2").toString("base64"),
    );
    expect(
      await kubectl("get", "service", "api", "-n", "gen", "-o", "jsonpath={.spec.ports[0].targetPort}"),
    ).toBe("8080");
  });

  it("reads pod logs", async () => {
    await kubectl("run", "talker", "--image=busybox:1.36", "-n", "default");
    expect(
      await kubectl("wait", "--for=condition=Ready", "pod/talker", "-n", "default", "--timeout=10s"),
    ).toBe("pod/talker condition met\n");
    expect(await kubectl("logs", "talker", "-n", "default", "--tail=1")).toBe(
      "[default/talker:talker] ready\n",
    );
  });
});
