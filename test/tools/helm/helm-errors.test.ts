// What goes wrong with Helm calls comes back as a sentence that says what and what to do: missing
// releases and revisions, chart references outside the charts directory, bad values, no binary,
// and helm running out of time.
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeHelmWorkspaces } from "../../../tools/helm/index.ts";
import { helmPath } from "../../support/kube-binaries.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import { fixturesRoot, releaseSecretNames, startHelmHarness } from "./helm-fixtures.ts";

let harness: McpHarness;
const shop = { namespace: "shop", release: "shop" };

beforeAll(async () => {
  harness = await startHelmHarness();
  await harness.ok("helm_install", { ...shop, chart: "charts/shop" });
});

afterAll(async () => {
  await harness?.close();
  await disposeHelmWorkspaces();
});

describe("Helm tools refuse clearly", () => {
  it("names a release that does not exist, for every tool that needs one", async () => {
    const missing = { namespace: "shop", release: "nope" };
    for (const [tool, extra] of [
      ["helm_status", {}],
      ["helm_history", {}],
      ["helm_get_values", {}],
      ["helm_get_manifest", {}],
      ["helm_rollback", {}],
      ["helm_uninstall", {}],
    ] as const) {
      expect(await harness.fail(tool, { ...missing, ...extra })).toContain(
        'Helm release "nope" does not exist in namespace "shop". Check the release name and namespace with helm_list.',
      );
    }
    expect(await harness.fail("helm_upgrade", { ...missing, chart: "charts/shop" })).toBe(
      'Cannot upgrade Helm release "nope" in namespace "shop": it does not exist. Use helm_install to create it; check the name and namespace with helm_list.',
    );
  });

  it("refuses to install over an existing release and to roll back to a revision that does not exist", async () => {
    expect(await harness.fail("helm_install", { ...shop, chart: "charts/shop" })).toBe(
      'Cannot install Helm release "shop" in namespace "shop": it already exists (revision 1, deployed). Use helm_upgrade to change it, or helm_uninstall it first.',
    );
    expect(await harness.fail("helm_rollback", { ...shop, revision: 7 })).toBe(
      'Cannot roll back Helm release "shop" in namespace "shop" to revision 7: there is no such revision. Its revisions are: 1.',
    );
    expect(await harness.fail("helm_rollback", shop)).toContain("it has only revision 1, nothing earlier");
    expect(await harness.fail("helm_status", { ...shop, revision: 4 })).toBe(
      'Helm release "shop" in namespace "shop" has no revision 4. Its revisions are: 1.',
    );
  });

  it("keeps chart references inside the charts directory", async () => {
    const upgrade = (chart: string) => harness.fail("helm_upgrade", { ...shop, chart, dryRun: true });
    expect(await upgrade("charts/../../etc")).toContain(
      'the chart reference may not contain "." or ".." parts',
    );
    expect(await upgrade("/etc/passwd")).toContain(
      'must be relative to the charts directory (no leading "/")',
    );
    expect(await upgrade("--post-renderer=x")).toContain('has the path part "--post-renderer=x"');
    expect(await upgrade("file:///etc")).toContain("only oci:// and https:// references");
    expect(await upgrade("oci://user:pw@registry.example.com/shop")).toContain(
      "carries credentials in the URL",
    );
    expect(await upgrade("charts/nope")).toBe(
      'There is no chart at "charts/nope" under the charts directory. Check the path: it is relative to the repository root, e.g. charts/shop.',
    );
    expect(await upgrade("charts")).toContain('"charts" is a directory without a Chart.yaml');
    expect(await harness.fail("helm_upgrade", { ...shop, chart: "charts/shop", version: "9.9.9" })).toContain(
      'The chart at "charts/shop" is version 0.1.0, not 9.9.9.',
    );
    expect(await harness.fail("helm_upgrade", { ...shop, chart: "charts/shop", version: "^1.0" })).toContain(
      "must be an exact chart version",
    );
  });

  it("refuses a chart path that leaves the charts directory through a symbolic link", async () => {
    const root = await mkdtemp(join(tmpdir(), "charts-root-"));
    await symlink(join(fixturesRoot, "charts", "shop"), join(root, "shop"));
    const linked = await startMcpHarness({
      reuseEmulator: harness.emulator,
      backends: { helm: { binary: await helmPath(), chartsRoot: root } },
    });
    try {
      expect(await linked.fail("helm_template", { ...shop, chart: "shop" })).toBe(
        'The chart path "shop" leads outside the charts directory (through a symbolic link).',
      );
    } finally {
      await linked.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  it("validates set pairs and names", async () => {
    const upgrade = (args: Record<string, unknown>) =>
      harness.fail("helm_upgrade", { ...shop, chart: "charts/shop", dryRun: true, ...args });
    expect(await upgrade({ set: { "image.tag,replicas": "1" } })).toContain("must be a dotted values path");
    expect(await upgrade({ set: { "image.tag": "1.28\nreplicas: 9" } })).toContain("must be a single line");
    expect(await upgrade({ set: { "__proto__.polluted": "yes" } })).toContain("not __proto__");
    expect(await upgrade({ release: "Shop_1" })).toContain("must be a Helm release name");
    expect(await upgrade({ release: "a".repeat(54) })).toContain("at most 53 characters");
    expect(await upgrade({ namespace: "-n" })).toContain("must be a DNS-1123 label");
  });

  it("passes a value with commas as one value (values go through a file, never --set)", async () => {
    const dry = await harness.ok<{ objects: Array<{ key: string; diff: string }> }>("helm_upgrade", {
      ...shop,
      chart: "charts/shop",
      set: { greeting: "hi,replicas=9" },
      dryRun: true,
    });
    const configMap = dry.objects.find((o) => o.key === "ConfigMap/shop/shop-settings");
    expect(configMap?.diff).toContain("+  greeting: hi,replicas=9");
    expect(dry.objects.find((o) => o.key === "Deployment/shop/shop-web")?.diff).toBe("");
  });

  it("masks sensitive values in helm's own error messages", async () => {
    // A stand-in helm that fails quoting its values file, as a chart's `fail` or a parse error can.
    const dir = await mkdtemp(join(tmpdir(), "fake-helm-"));
    const binary = join(dir, "helm");
    await writeFile(
      binary,
      '#!/bin/sh\nwhile [ "$1" != "--values" ]; do shift; done\necho "Error: UPGRADE FAILED: bad values $(cat "$2")" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const fake = await startMcpHarness({
      reuseEmulator: harness.emulator,
      backends: { helm: { binary, chartsRoot: fixturesRoot } },
    });
    try {
      const text = await fake.fail("helm_upgrade", {
        ...shop,
        chart: "charts/shop",
        values: { db: { connection: { password: "hunter2-secret" } } },
        set: { apiToken: "tok-123456", greeting: "plain-words" },
        dryRun: true,
      });
      expect(text).toMatch(
        /^Cannot upgrade Helm release "shop" in namespace "shop": helm said: UPGRADE FAILED: bad values /,
      );
      expect(text).toContain("plain-words");
      expect(text).not.toContain("hunter2-secret");
      expect(text).not.toContain("tok-123456");
    } finally {
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reports helm's --timeout when a release does not become ready in time", async () => {
    const text = await harness.fail("helm_upgrade", {
      ...shop,
      chart: "charts/shop",
      set: { "image.repository": "registry.example.com/broken" },
      wait: true,
      timeoutSeconds: 1,
    });
    expect(text).toMatch(
      /^Cannot upgrade Helm release "shop" in namespace "shop": helm said: .*context deadline exceeded/,
    );
    expect(text).toContain(
      "helm's --timeout (timeoutSeconds) passed before the release's resources were ready",
    );
  });

  it("stops helm when the call's own deadline passes", async () => {
    const strict = await startHelmHarness({
      policy: { callTimeoutMs: 1500 },
      reuseEmulator: harness.emulator,
    });
    try {
      const text = await strict.fail("helm_upgrade", {
        ...shop,
        chart: "charts/shop",
        set: { "image.repository": "registry.example.com/broken-again" },
        wait: true,
        timeoutSeconds: 120,
      });
      expect(text).toBe(
        "helm_upgrade did not finish within 1.5 s. Check that the cluster API is reachable, or retry with a narrower request.",
      );
    } finally {
      await strict.close();
    }
  });
});

describe("Helm tools without a usable binary", () => {
  it("refuses the binary tools without a backend but still reads releases natively", async () => {
    const bare = await startMcpHarness({ reuseEmulator: harness.emulator });
    try {
      expect(await bare.fail("helm_upgrade", { ...shop, chart: "charts/shop", dryRun: true })).toContain(
        "helm_upgrade needs the helm binary, but this tool server was started without a Helm backend.",
      );
      expect(await bare.fail("helm_template", { ...shop, chart: "charts/shop" })).toContain(
        "without a Helm backend",
      );
      expect(await bare.ok("helm_status", shop)).toMatchObject({ release: "shop" });
    } finally {
      await bare.close();
    }
  });

  it("says when the configured binary cannot be run", async () => {
    const broken = await startMcpHarness({
      reuseEmulator: harness.emulator,
      backends: { helm: { binary: "/nonexistent/helm" } },
    });
    try {
      expect(await broken.fail("helm_uninstall", { ...shop, dryRun: true })).toBe(
        'Cannot uninstall Helm release "shop" in namespace "shop": the helm binary "/nonexistent/helm" could not be run (ENOENT). Install helm on the tool server or point SKYFLO_HELM_BINARY at it.',
      );
      expect(releaseSecretNames(harness.emulator, "shop", "shop").length).toBeGreaterThan(0);
    } finally {
      await broken.close();
    }
  });

  it("keeps mutating Helm tools behind allowWrite", async () => {
    const readOnly = await startHelmHarness({
      policy: { allowWrite: false },
      reuseEmulator: harness.emulator,
    });
    try {
      const names = (await readOnly.client.listTools()).tools
        .map((t) => t.name)
        .filter((n) => n.startsWith("helm_"));
      expect(names.sort()).toEqual([
        "helm_get_manifest",
        "helm_get_values",
        "helm_history",
        "helm_list",
        "helm_status",
        "helm_template",
      ]);
    } finally {
      await readOnly.close();
    }
  });
});
