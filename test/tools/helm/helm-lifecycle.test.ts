// The Helm tools with the real helm binary against the Kubernetes emulator: install, upgrade,
// history, rollback and uninstall, each first as a dry run that changes nothing, with per-object
// diffs that never show a Secret value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeHelmWorkspaces } from "../../../tools/helm/index.ts";
import type { McpHarness } from "../../support/mcp-harness.ts";
import {
  type ChangeData,
  changedLines,
  releaseSecretNames,
  startHelmHarness,
  storedObject,
} from "./helm-fixtures.ts";

let harness: McpHarness;
const release = { namespace: "shop", release: "shop" };
const chart = { chart: "charts/shop" };

beforeAll(async () => {
  harness = await startHelmHarness();
});

afterAll(async () => {
  await harness?.close();
  await disposeHelmWorkspaces();
});

function deployment() {
  return storedObject(harness.emulator, "apps/v1", "Deployment", "shop", "shop-web") as
    | { spec?: { replicas?: number; template?: { spec?: { containers?: Array<{ image?: string }> } } } }
    | undefined;
}

function everyText(data: unknown): string {
  return JSON.stringify(data);
}

describe("Helm release lifecycle", () => {
  it("lists the Helm family with exact annotations", async () => {
    const { tools } = await harness.client.listTools();
    const helm = Object.fromEntries(
      tools.filter((t) => t.name.startsWith("helm_")).map((t) => [t.name, t.annotations]),
    );
    for (const name of [
      "helm_list",
      "helm_status",
      "helm_history",
      "helm_get_values",
      "helm_get_manifest",
      "helm_template",
    ]) {
      expect(helm[name]).toMatchObject({ readOnlyHint: true });
    }
    expect(helm.helm_install).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
    });
    expect(helm.helm_upgrade).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(helm.helm_rollback).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
    });
    expect(helm.helm_uninstall).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
    });
  });

  it("installs: the dry run changes nothing and shows every object; the install creates revision 1", async () => {
    const values = { auth: { password: "s3cr3t-install" } };
    const dry = await harness.ok<ChangeData>("helm_install", { ...release, ...chart, values, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, changed: true, revision: 1, chart: "shop-0.1.0" });
    expect(dry.objects.map((o) => o.key).sort()).toEqual([
      "ConfigMap/shop/shop-settings",
      "Deployment/shop/shop-web",
      "Secret/shop/shop-creds",
    ]);
    expect(everyText(dry)).not.toContain("s3cr3t-install");
    expect(everyText(dry)).not.toContain(Buffer.from("s3cr3t-install").toString("base64"));
    expect(releaseSecretNames(harness.emulator, "shop", "shop")).toEqual([]);
    expect(deployment()).toBeUndefined();

    const installed = await harness.ok<ChangeData>("helm_install", { ...release, ...chart, values });
    expect(installed).toMatchObject({ dryRun: false, changed: true, revision: 1, status: "deployed" });
    expect(releaseSecretNames(harness.emulator, "shop", "shop")).toEqual(["sh.helm.release.v1.shop.v1"]);
    expect(deployment()?.spec?.replicas).toBe(1);
    expect(everyText(installed)).not.toContain("s3cr3t-install");
  });

  it("reads the release natively: list, status, values (credentials masked) and manifest", async () => {
    const list = await harness.ok<{ releases: unknown[]; truncated: boolean }>("helm_list", {
      namespace: "shop",
    });
    expect(list.releases).toEqual([
      expect.objectContaining({
        name: "shop",
        namespace: "shop",
        revision: 1,
        status: "deployed",
        chart: "shop-0.1.0",
        appVersion: "1.27",
      }),
    ]);
    expect(list.truncated).toBe(false);

    const status = await harness.ok("helm_status", release);
    expect(status).toMatchObject({
      revision: 1,
      status: "deployed",
      chartName: "shop",
      chartVersion: "0.1.0",
    });
    expect(status.objects).toEqual(
      expect.arrayContaining([
        "Deployment/shop/shop-web",
        "ConfigMap/shop/shop-settings",
        "Secret/shop/shop-creds",
      ]),
    );

    const user = await harness.ok<{ values: Record<string, unknown> }>("helm_get_values", release);
    expect(user.values).toEqual({ auth: { password: "<redacted: 14 bytes>" } });
    const all = await harness.ok<{ values: Record<string, unknown> }>("helm_get_values", {
      ...release,
      all: true,
    });
    expect(all.values).toMatchObject({
      replicas: 1,
      greeting: "hello",
      auth: { password: "<redacted: 14 bytes>" },
    });
    expect(everyText(all)).not.toContain("chart-default-password");

    const manifest = await harness.ok<{ keys: string[]; objects: Array<{ kind: string; data?: unknown }> }>(
      "helm_get_manifest",
      release,
    );
    expect(manifest.keys).toHaveLength(3);
    expect(manifest.objects.find((o) => o.kind === "Secret")?.data).toEqual({
      password: "<redacted: 14 bytes>",
    });
    const text = await harness.call("helm_get_manifest", release);
    expect(everyText(text)).not.toContain("s3cr3t-install");
  });

  it("upgrades: the dry run diffs replicas and image, masks the rotated Secret, and changes nothing", async () => {
    const args = {
      ...release,
      ...chart,
      set: { replicas: 3, "image.tag": "1.28", "auth.password": "rotated-pass" },
    };
    const dry = await harness.ok<ChangeData>("helm_upgrade", { ...args, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, changed: true, revision: 2, previousRevision: 1 });
    expect(changedLines(dry)).toEqual(
      expect.arrayContaining(["-replicas: 1", "+replicas: 3", "-image: nginx:1.27", "+image: nginx:1.28"]),
    );
    const secret = dry.objects.find((o) => o.key === "Secret/shop/shop-creds");
    expect(secret?.changed).toBe(true);
    expect(secret?.diff).toContain("value changed");
    expect(dry.objects.find((o) => o.key === "ConfigMap/shop/shop-settings")?.changed).toBe(false);
    expect(everyText(dry)).not.toMatch(/rotated-pass|s3cr3t-install/);
    expect(deployment()?.spec?.replicas).toBe(1);
    expect(releaseSecretNames(harness.emulator, "shop", "shop")).toHaveLength(1);

    const upgraded = await harness.ok<ChangeData>("helm_upgrade", args);
    expect(upgraded).toMatchObject({ dryRun: false, revision: 2, status: "deployed" });
    expect(changedLines(upgraded)).toEqual(changedLines(dry));
    expect(deployment()?.spec?.replicas).toBe(3);
    expect(deployment()?.spec?.template?.spec?.containers?.[0]?.image).toBe("nginx:1.28");
  });

  it("reads the history newest first", async () => {
    const history = await harness.ok<{ revisions: Array<{ revision: number; status: string }> }>(
      "helm_history",
      release,
    );
    expect(history).toMatchObject({ currentRevision: 2, latestRevision: 2, truncated: false });
    expect(history.revisions.map((r) => [r.revision, r.status])).toEqual([
      [2, "deployed"],
      [1, "superseded"],
    ]);
  });

  it("rolls back: the dry run diffs towards revision 1 and changes nothing; the rollback creates revision 3", async () => {
    const dry = await harness.ok<ChangeData>("helm_rollback", { ...release, revision: 1, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, changed: true, revision: 3, previousRevision: 2 });
    expect(changedLines(dry)).toEqual(expect.arrayContaining(["-replicas: 3", "+replicas: 1"]));
    expect(releaseSecretNames(harness.emulator, "shop", "shop")).toHaveLength(2);
    expect(deployment()?.spec?.replicas).toBe(3);

    const rolledBack = await harness.ok<ChangeData>("helm_rollback", { ...release, revision: 1 });
    expect(rolledBack).toMatchObject({ dryRun: false, revision: 3, status: "deployed" });
    expect(deployment()?.spec?.replicas).toBe(1);
    const status = await harness.ok("helm_status", release);
    expect(status).toMatchObject({ revision: 3, status: "deployed" });
  });

  it("uninstalls: the dry run lists every object as removed and changes nothing; then all is gone", async () => {
    const dry = await harness.ok<ChangeData>("helm_uninstall", { ...release, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, changed: true, previousRevision: 3 });
    expect(dry.objects.every((o) => o.changed && o.diff.includes("+++ planned/"))).toBe(true);
    expect(dry.objects).toHaveLength(3);
    expect(deployment()).toBeDefined();
    expect(releaseSecretNames(harness.emulator, "shop", "shop")).toHaveLength(3);

    const gone = await harness.ok<ChangeData>("helm_uninstall", release);
    expect(gone).toMatchObject({ dryRun: false, changed: true });
    expect(deployment()).toBeUndefined();
    expect(releaseSecretNames(harness.emulator, "shop", "shop")).toEqual([]);
    const list = await harness.ok<{ releases: unknown[] }>("helm_list", {});
    expect(list.releases).toEqual([]);
  });
});

describe("values on upgrade", () => {
  const keep = { namespace: "shop", release: "keep", chart: "charts/shop" };
  const configMapDiff = (data: ChangeData) =>
    data.objects.find((o) => o.key === "ConfigMap/shop/keep-settings");

  it("keeps the release's values with reuseValues and replaces them without (helm's default)", async () => {
    await harness.ok("helm_install", { ...keep, values: { greeting: "hola" } });

    const reused = await harness.ok<ChangeData>("helm_upgrade", {
      ...keep,
      set: { replicas: 2 },
      reuseValues: true,
    });
    expect(configMapDiff(reused)?.changed).toBe(false);
    expect(changedLines(reused)).toEqual(["-replicas: 1", "+replicas: 2"]);
    const values = await harness.ok<{ values: Record<string, unknown> }>("helm_get_values", {
      namespace: "shop",
      release: "keep",
    });
    expect(values.values).toEqual({ greeting: "hola", replicas: 2 });

    const replaced = await harness.ok<ChangeData>("helm_upgrade", {
      ...keep,
      set: { replicas: 2 },
      dryRun: true,
    });
    expect(changedLines(replaced)).toEqual(["-greeting: hola", "+greeting: hello"]);
  });
});

describe("uninstall and helm.sh/resource-policy: keep", () => {
  it("shows kept objects as unchanged and leaves them in place", async () => {
    const kept = { namespace: "shop", release: "kept" };
    await harness.ok("helm_install", { ...kept, chart: "charts/shop", values: { keep: true } });
    const dry = await harness.ok<ChangeData>("helm_uninstall", { ...kept, dryRun: true });
    expect(dry.objects.map((o) => [o.key, o.changed])).toEqual(
      expect.arrayContaining([
        ["ConfigMap/shop/kept-kept", false],
        ["Deployment/shop/kept-web", true],
      ]),
    );
    await harness.ok("helm_uninstall", kept);
    expect(storedObject(harness.emulator, "v1", "ConfigMap", "shop", "kept-kept")).toBeDefined();
    expect(storedObject(harness.emulator, "apps/v1", "Deployment", "shop", "kept-web")).toBeUndefined();
  });
});
