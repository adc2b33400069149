import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../tools/shared/redact.ts";

const secretValue = "hunter2-super-secret";
const encoded = Buffer.from(secretValue).toString("base64");

function secret(extra: Record<string, unknown> = {}) {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: "db",
      namespace: "shop",
      annotations: {
        "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify({ data: { password: encoded } }),
        team: "payments",
      },
    },
    type: "Opaque",
    data: { password: encoded },
    stringData: { token: secretValue },
    ...extra,
  };
}

describe("redactSecrets", () => {
  it("masks data, stringData and the last-applied annotation of a Secret, keeping keys and sizes", () => {
    const masked = redactSecrets(secret());
    const text = JSON.stringify(masked);
    expect(text).not.toContain(secretValue);
    expect(text).not.toContain(encoded);
    expect(masked.data).toEqual({ password: `<redacted: ${secretValue.length} bytes>` });
    expect(masked.stringData).toEqual({ token: `<redacted: ${secretValue.length} bytes>` });
    expect(masked.metadata.annotations.team).toBe("payments");
  });

  it("masks Secrets inside lists, including typed-list items that carry no kind", () => {
    const { kind: _kind, apiVersion: _apiVersion, ...bare } = secret();
    const list = { kind: "SecretList", items: [bare] };
    const nested = { results: [{ object: secret() }], other: { kind: "List", items: [secret()] } };
    for (const value of [list, nested, [secret()]]) {
      const text = JSON.stringify(redactSecrets(value));
      expect(text).not.toContain(secretValue);
      expect(text).not.toContain(encoded);
    }
  });

  it("masks a kind-less object that looks like a Secret (type + data) — fail closed", () => {
    const text = JSON.stringify(
      redactSecrets({ metadata: { name: "x" }, type: "kubernetes.io/tls", data: { "tls.key": encoded } }),
    );
    expect(text).not.toContain(encoded);
  });

  it("leaves ConfigMaps and other objects untouched and does not mutate its input", () => {
    const configMap = { kind: "ConfigMap", metadata: { name: "c" }, data: { greeting: "hello" } };
    expect(redactSecrets(configMap)).toEqual(configMap);
    const original = secret();
    const copy = structuredClone(original);
    redactSecrets(original);
    expect(original).toEqual(copy);
  });

  it("masks non-object data fields too", () => {
    expect(redactSecrets({ kind: "Secret", metadata: {}, data: "raw" }).data).toBe("<redacted>");
  });

  it("is idempotent: masking a masked Secret keeps the original sizes", () => {
    const once = redactSecrets(secret());
    expect(redactSecrets(once)).toEqual(once);
  });
});
