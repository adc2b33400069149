// Helm's release Secrets decoded without the binary, checked both ways against the real helm: what
// helm writes decodes, and what the test encoder writes is read by helm as the same release.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeReleaseData, decodeReleaseSecret } from "../../../tools/helm/release-codec.ts";
import { type KubectlSession, startKubectlSession } from "../../support/kubectl-session.ts";
import { storedObject } from "./helm-fixtures.ts";
import { deploymentManifest, releaseRecord, releaseSecret } from "./release-secrets.ts";

describe("decodeReleaseSecret", () => {
  it("reads the fields Skyflo uses from a gzipped record", () => {
    const secret = releaseSecret({
      name: "shop",
      namespace: "shop",
      revision: 3,
      status: "deployed",
      chart: { name: "shop", version: "1.2.3", appVersion: "2.0" },
      manifest: deploymentManifest("web", 2),
      config: { replicas: 2 },
    });
    expect(decodeReleaseSecret(secret)).toMatchObject({
      name: "shop",
      namespace: "shop",
      revision: 3,
      status: "deployed",
      chart: { name: "shop", version: "1.2.3", appVersion: "2.0" },
      config: { replicas: 2 },
      description: "Upgrade complete",
    });
  });

  it("reads records written without gzip (old Helm 3 releases)", () => {
    const json = JSON.stringify(
      releaseRecord({ name: "old", namespace: "a", revision: 1, status: "deployed" }),
    );
    const value = Buffer.from(Buffer.from(json).toString("base64")).toString("base64");
    expect(decodeReleaseData(value)).toMatchObject({ name: "old", version: 1 });
  });

  it("prefers the status label, which helm updates when a revision is superseded", () => {
    const secret = releaseSecret({ name: "a", namespace: "b", revision: 1, status: "deployed" });
    secret.metadata.labels.status = "superseded";
    expect(decodeReleaseSecret(secret).status).toBe("superseded");
  });

  it("names the Secret that does not hold a release", () => {
    const broken = {
      metadata: { name: "sh.helm.release.v1.x.v1", namespace: "ns" },
      data: { release: Buffer.from(gzipSync("not json")).toString("base64") },
    };
    expect(() => decodeReleaseSecret(broken)).toThrow(
      /^Secret "sh.helm.release.v1.x.v1" in namespace "ns" does not hold a readable Helm release/,
    );
    expect(() => decodeReleaseSecret({ metadata: { name: "s", namespace: "ns" } })).toThrow(
      'Secret "s" in namespace "ns" is labelled as a Helm release but has no data.release.',
    );
  });
});

describe("release Secrets and the real helm", () => {
  let session: KubectlSession;

  beforeAll(async () => {
    session = await startKubectlSession({ namespace: "shop", emulator: { readyDelayMs: 10 } });
  });

  afterAll(async () => {
    await session?.close();
  });

  it("helm reads the test encoder's releases as the same revisions", async () => {
    session.emulator.seed([
      releaseSecret({
        name: "fake",
        namespace: "shop",
        revision: 1,
        status: "superseded",
        manifest: deploymentManifest("fake", 1),
      }),
      releaseSecret({
        name: "fake",
        namespace: "shop",
        revision: 2,
        status: "deployed",
        chart: { name: "fake", version: "0.2.0", appVersion: "9.9" },
        manifest: deploymentManifest("fake", 2),
      }),
    ]);
    const history = JSON.parse(await session.helm("history", "fake", "-o", "json")) as Array<
      Record<string, unknown>
    >;
    expect(history.map((r) => [r.revision, r.status, r.chart])).toEqual([
      [1, "superseded", "fake-0.1.0"],
      [2, "deployed", "fake-0.2.0"],
    ]);
    expect(await session.helm("get", "manifest", "fake")).toContain("replicas: 2");
  });

  it("decodes what helm itself wrote", async () => {
    const chart = new URL("../../fixtures/charts/shop", import.meta.url).pathname;
    await session.helm("install", "real", chart, "--set", "greeting=hi");
    const secret = storedObject(
      session.emulator,
      "v1",
      "Secret",
      "shop",
      "sh.helm.release.v1.real.v1",
    ) as Parameters<typeof decodeReleaseSecret>[0];
    // The emulator stores data as the JSON API shows it: base64.
    const release = decodeReleaseSecret(secret);
    expect(release).toMatchObject({
      name: "real",
      namespace: "shop",
      revision: 1,
      status: "deployed",
      chart: { name: "shop", version: "0.1.0", appVersion: "1.27" },
      config: { greeting: "hi" },
    });
    expect(release.manifest).toContain("kind: Deployment");
    expect(release.chartValues).toMatchObject({ replicas: 1 });
  });
});
