// Release manifests as objects in the cluster: namespaces filled in from discovery, Secret
// stringData folded into data, and the per-object diff keyed like helm-diff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifestChange } from "../../../tools/helm/release-diff.ts";
import { parseManifest, releaseObjects } from "../../../tools/helm/release-manifest.ts";
import { createKubeClients, type KubeClients } from "../../../tools/kubernetes/client.ts";
import { type KubeEmulator, startKubeEmulator } from "../../emulators/kube/index.ts";

let emulator: KubeEmulator;
let kube: KubeClients;
const signal = new AbortController().signal;

beforeAll(async () => {
  emulator = await startKubeEmulator({ readyDelayMs: 10 });
  kube = createKubeClients(emulator.kubeConfig());
});

afterAll(async () => {
  await emulator?.close();
});

const manifest = `---
# Source: app/templates/ns.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: extra
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  password: hunter2
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: elsewhere
  namespace: other
data: {a: b}
`;

describe("releaseObjects", () => {
  it("places objects as the cluster would and folds Secret stringData into data", async () => {
    const objects = await releaseObjects(kube, manifest, "shop", signal);
    expect(objects.map((o) => [o.kind, o.metadata?.namespace])).toEqual([
      ["Namespace", undefined],
      ["Secret", "shop"],
      ["Widget", "shop"], // a kind the cluster does not serve yet is taken as namespaced
      ["ConfigMap", "other"],
    ]);
    expect(objects[1]).toMatchObject({ data: { password: Buffer.from("hunter2").toString("base64") } });
    expect(objects[1]).not.toHaveProperty("stringData");
  });

  it("skips empty documents and comments", () => {
    expect(parseManifest("---\n# only a comment\n---\n")).toEqual([]);
  });
});

describe("manifestChange", () => {
  it("diffs by kind/namespace/name: changed, added, removed; Secret values never shown", async () => {
    const before = await releaseObjects(kube, manifest, "shop", signal);
    const after = await releaseObjects(
      kube,
      manifest
        .replace("hunter2", "rotated")
        .replace("{a: b}", "{a: c}")
        .replace(/---\napiVersion: example.com[\s\S]*?name: w\n/, ""),
      "shop",
      signal,
    );
    const change = manifestChange(true, before, after);
    expect(change.changed).toBe(true);
    expect(change.objects.map((o) => [o.key, o.changed])).toEqual([
      ["Namespace/extra", false],
      ["Secret/shop/creds", true],
      ["ConfigMap/other/elsewhere", true],
      ["Widget/shop/w", true],
    ]);
    const text = JSON.stringify(change);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("rotated");
    expect(text).not.toContain(Buffer.from("rotated").toString("base64"));
    expect(change.objects[1]?.diff).toContain("value changed");
    expect(change.objects[3]?.diff).toContain("+++ planned/Widget/shop/w\n@@ -1,5 +0,0 @@");
  });
});
