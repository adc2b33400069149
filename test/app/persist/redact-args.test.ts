import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { redactStepArgs } from "../../../app/persist/redact-args.ts";

const SECRET = "s3cr3t-value-42";
const B64 = Buffer.from(SECRET).toString("base64");

describe("redactStepArgs", () => {
  it("masks Secret documents in YAML manifests and keeps the other documents", () => {
    const manifests = [
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {mode: fast}\n",
      `apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ntype: Opaque\ndata: {password: ${B64}}\nstringData: {token: ${SECRET}}\n`,
    ].join("---\n");
    const masked = redactStepArgs("k8s_apply", { manifests, force: false });
    const text = masked.manifests as string;
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(B64);
    const documents = parseAllDocuments(text);
    expect(Array.isArray(documents)).toBe(true);
    const values = Array.isArray(documents) ? documents.map((d) => d.toJS()) : [];
    expect(values).toEqual([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { mode: "fast" } },
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "db" },
        type: "Opaque",
        data: { password: `<redacted: ${SECRET.length} bytes>` },
        stringData: { token: `<redacted: ${SECRET.length} bytes>` },
      },
    ]);
    expect(masked.force).toBe(false);
  });

  it("masks Helm values and --set pairs whose key says they are secret, keeping the rest", () => {
    const args = {
      namespace: "shop",
      release: "live",
      chart: "charts/shop",
      values: { auth: { password: "hunter2" }, replicas: 2 },
      set: { "image.tag": "1.28", "db.apiToken": "tok-123" },
    };
    const masked = redactStepArgs("helm_upgrade", args);
    expect(masked).toEqual({
      ...args,
      values: { auth: { password: "<redacted: 7 bytes>" }, replicas: 2 },
      set: { "image.tag": "1.28", "db.apiToken": "<redacted: 7 bytes>" },
    });
    expect(JSON.stringify(masked)).not.toContain("hunter2");
    expect(args.values.auth.password).toBe("hunter2");
  });

  it("keeps YAML manifests without a Secret byte for byte", () => {
    const manifests = "# comment kept\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n";
    expect(redactStepArgs("k8s_apply", { manifests })).toEqual({ manifests });
  });

  it("masks unreadable YAML that mentions a Secret", () => {
    const manifests = `kind: Secret\ndata: {password: ${B64}\n  : : [`;
    expect(redactStepArgs("k8s_apply", { manifests }).manifests).toMatch(/^<redacted> /);
  });

  it("masks Secret manifests given as objects", () => {
    const masked = redactStepArgs("k8s_apply", {
      manifests: [{ apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, data: { password: B64 } }],
    });
    expect(JSON.stringify(masked)).not.toContain(B64);
  });

  it("masks the values of a merge patch and of JSON patch operations on a Secret", () => {
    const merge = redactStepArgs("k8s_patch", {
      kind: "Secret",
      name: "db",
      namespace: "shop",
      patch: { data: { password: B64 }, stringData: { token: SECRET }, metadata: { labels: { a: "b" } } },
      patchType: "merge",
    });
    expect(JSON.stringify(merge)).not.toContain(SECRET);
    expect(JSON.stringify(merge)).not.toContain(B64);
    expect(merge.patch).toMatchObject({ metadata: { labels: { a: "b" } } });
    expect(merge.patch).not.toHaveProperty("kind");

    const json = redactStepArgs("k8s_patch", {
      kind: "secrets",
      name: "db",
      namespace: "shop",
      patch: [
        { op: "replace", path: "/data/password", value: B64 },
        { op: "add", path: "/stringData", value: { token: SECRET } },
        { op: "add", path: "/metadata/labels/a", value: "b" },
        { op: "remove", path: "/data/old" },
      ],
      patchType: "json",
    });
    expect(json.patch).toEqual([
      { op: "replace", path: "/data/password", value: "<redacted>" },
      { op: "add", path: "/stringData", value: "<redacted>" },
      { op: "add", path: "/metadata/labels/a", value: "b" },
      { op: "remove", path: "/data/old" },
    ]);
  });

  it("leaves patches of other kinds and ordinary args as they are", () => {
    const args = { kind: "ConfigMap", name: "cfg", namespace: "shop", patch: { data: { mode: "fast" } } };
    expect(redactStepArgs("k8s_patch", args)).toEqual(args);
    const scale = { namespace: "shop", kind: "Deployment", name: "web", replicas: 5 };
    expect(redactStepArgs("k8s_scale", scale)).toEqual(scale);
  });
});
