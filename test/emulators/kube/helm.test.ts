// The real helm (v4, from the lambda-layer package) against the emulator: install, upgrade,
// history, rollback and uninstall. Helm stores releases as Secrets written in protobuf and applies
// chart objects with server-side apply, so this exercises both paths end to end.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubectlSession, startKubectlSession } from "../../support/kubectl-session.ts";
import type { KubeEmulator } from "./index.ts";
import type { ResourceType } from "./types.ts";

let session: KubectlSession;
let emulator: KubeEmulator;
let workDir: string;
let helm: KubectlSession["helm"];

const chartYaml = "apiVersion: v2\nname: demo\nversion: 0.1.0\n";
const template = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
data:
  greeting: {{ .Values.greeting | default "hello" | quote }}
`;

beforeAll(async () => {
  session = await startKubectlSession({ namespace: "default" });
  ({ emulator, home: workDir, helm } = session);
  await mkdir(join(workDir, "chart", "templates"), { recursive: true });
  await writeFile(join(workDir, "chart", "Chart.yaml"), chartYaml);
  await writeFile(join(workDir, "chart", "templates", "settings.yaml"), template);
});

afterAll(async () => {
  await session?.close();
});

describe("helm against the emulator", () => {
  it("installs, upgrades, rolls back and uninstalls a release", async () => {
    const configMaps = emulator.store.registry.byKind("v1", "ConfigMap") as ResourceType;
    const secrets = emulator.store.registry.byKind("v1", "Secret") as ResourceType;
    const greeting = () =>
      (emulator.store.get(configMaps, "default", "demo-settings")?.data as Record<string, string> | undefined)
        ?.greeting;

    expect(await helm("install", "demo", join(workDir, "chart"))).toContain("STATUS: deployed");
    expect(greeting()).toBe("hello");
    const release = emulator.store.get(secrets, "default", "sh.helm.release.v1.demo.v1");
    expect(release?.type).toBe("helm.sh/release.v1");
    expect(release?.metadata.labels).toMatchObject({ owner: "helm", name: "demo", status: "deployed" });

    await helm("upgrade", "demo", join(workDir, "chart"), "--set", "greeting=hi");
    expect(greeting()).toBe("hi");
    expect(await helm("history", "demo")).toMatch(/1\s+.*superseded[\s\S]*2\s+.*deployed/);

    await helm("rollback", "demo", "1");
    expect(greeting()).toBe("hello");

    await helm("uninstall", "demo");
    expect(greeting()).toBeUndefined();
    expect(emulator.store.list(secrets, { namespace: "default", labelSelector: "owner=helm" }).items).toEqual(
      [],
    );
  });
});
