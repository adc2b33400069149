// The rule for Helm values that look like credentials: any word of the key or a parent key.
import { describe, expect, it } from "vitest";
import {
  isSensitiveKey,
  maskSensitiveValues,
  sensitiveStrings,
} from "../../../tools/helm/sensitive-values.ts";

describe("isSensitiveKey", () => {
  it("matches credential words at camelCase, snake_case, kebab-case and dotted boundaries", () => {
    for (const key of [
      "password",
      "adminPassword",
      "db_password",
      "api-key",
      "apiKey",
      "APIKey",
      "auth",
      "existingSecret",
      "tls.cert",
      "jwtSigningKey",
      "clientSecret",
      "privateKey",
      "accessToken",
      "sentryDsn",
    ]) {
      expect(isSensitiveKey(key), key).toBe(true);
    }
  });

  it("leaves ordinary keys alone, including words that only contain a credential word", () => {
    for (const key of [
      "replicas",
      "image",
      "tag",
      "keyboardLayout",
      "monkey",
      "author",
      "tokenizer",
      "greeting",
      "service.port",
    ]) {
      expect(isSensitiveKey(key), key).toBe(false);
    }
  });
});

describe("maskSensitiveValues", () => {
  it("masks strings and numbers under sensitive keys, at any depth, and keeps keys, flags and the rest", () => {
    const values = {
      replicas: 3,
      image: { tag: "1.28" },
      auth: { enabled: true, username: "admin", rootPassword: "hunter2", port: 5432 },
      apiKey: "abc",
      extraEnv: [{ name: "X", value: "y" }],
      secrets: [{ name: "a", value: "b" }],
      token: null,
    };
    expect(maskSensitiveValues(values)).toEqual({
      replicas: 3,
      image: { tag: "1.28" },
      auth: {
        enabled: true,
        username: "<redacted: 5 bytes>",
        rootPassword: "<redacted: 7 bytes>",
        port: "<redacted: 4 bytes>",
      },
      apiKey: "<redacted: 3 bytes>",
      extraEnv: [{ name: "X", value: "y" }],
      secrets: [{ name: "<redacted: 1 bytes>", value: "<redacted: 1 bytes>" }],
      token: null,
    });
    expect(values.auth.rootPassword).toBe("hunter2");
  });

  it("lists the sensitive strings for masking messages", () => {
    expect(sensitiveStrings({ a: 1, db: { password: "pw-1", port: 1 }, token: 42 }).sort()).toEqual([
      "42",
      "pw-1",
    ]);
  });
});
