// The real helm (v4, from the lambda-layer package) against the emulator: install, upgrade,
// history, rollback and uninstall. Helm stores releases as Secrets written in protobuf and applies
// chart objects with server-side apply, so this exercises both paths end to end.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helmPath } from "../../support/kube-binaries.ts";
import { type KubeEmulator, startKubeEmulator } from "./index.ts";
import type { ResourceType } from "./types.ts";

const run = promisify(execFile);

let emulator: KubeEmulator;
let helmBinary: string;
let workDir: string;

const chartYaml = "apiVersion: v2\nname: demo\nversion: 0.1.0\n";
const template = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
data:
  greeting: {{ .Values.greeting | default "hello" | quote }}
`;

beforeAll(async () => {
  [emulator, helmBinary, workDir] = await Promise.all([
    startKubeEmulator(),
    helmPath(),
    mkdtemp(join(tmpdir(), "helm-smoke-")),
  ]);
  await mkdir(join(workDir, "chart", "templates"), { recursive: true });
  await writeFile(join(workDir, "chart", "Chart.yaml"), chartYaml);
  await writeFile(join(workDir, "chart", "templates", "settings.yaml"), template);
});

afterAll(async () => {
  await emulator.close();
  await rm(workDir, { recursive: true, force: true });
});

async function helm(...args: string[]): Promise<string> {
  const { stdout } = await run(
    helmBinary,
    [...args, "--kubeconfig", emulator.kubeconfigPath, "-n", "default"],
    {
      env: { PATH: process.env.PATH ?? "", HOME: workDir, HELM_CACHE_HOME: join(workDir, "helm-cache") },
      timeout: 30_000,
    },
  );
  return stdout;
}

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
