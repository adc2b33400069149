import { access } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeEmulator, startKubeEmulator } from "../emulators/kube/index.ts";
import { type KubectlSession, startKubectlSession } from "./kubectl-session.ts";

let emulator: KubeEmulator;
let session: KubectlSession;

beforeAll(async () => {
  emulator = await startKubeEmulator();
  session = await startKubectlSession({ reuseEmulator: emulator, namespace: "kube-system" });
});

afterAll(async () => {
  await session?.close();
  await emulator?.close();
});

describe("kubectl session", () => {
  it("runs kubectl against the emulator in the session's namespace", async () => {
    expect(
      await session.kubectl("config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"),
    ).toBe(emulator.url);
    await session.kubectl("create", "configmap", "probe", "--from-literal=a=b");
    expect(await session.kubectl("get", "configmap", "probe", "-n", "kube-system", "-o", "name")).toBe(
      "configmap/probe\n",
    );
  });

  it("reports a failing call's exit code and output, and kubectlFails rejects a call that succeeds", async () => {
    const missing = await session.kubectlResult("get", "configmap", "nowhere");
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('configmaps "nowhere" not found');
    expect(await session.kubectlFails("get", "configmap", "nowhere")).toContain(
      'configmaps "nowhere" not found',
    );
    await expect(session.kubectlFails("get", "configmap", "probe")).rejects.toThrow(
      "kubectl get configmap probe succeeded but was expected to fail",
    );
  });

  it("on close removes its HOME but leaves a reused emulator running", async () => {
    const other = await startKubectlSession({ reuseEmulator: emulator });
    await other.close();
    await expect(access(other.home)).rejects.toThrow();
    expect(await session.kubectl("get", "namespace", "default", "-o", "name")).toBe("namespace/default\n");
  });

  it("refuses emulator options together with an emulator to reuse", async () => {
    await expect(
      startKubectlSession({ reuseEmulator: emulator, emulator: { readyDelayMs: 1 } }),
    ).rejects.toThrow("pass either `emulator` options or `reuseEmulator`, not both");
  });
});
