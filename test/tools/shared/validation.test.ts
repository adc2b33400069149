import { describe, expect, it } from "vitest";
import {
  apiVersionName,
  fieldSelector,
  imageReference,
  kindName,
  labelSelector,
  namespaceName,
  objectName,
} from "../../../tools/shared/validation.ts";

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;

describe("name validators", () => {
  it("accept DNS-1123 names and refuse anything that could become a path or flag", () => {
    expect(ok(namespaceName, "shop")).toBe(true);
    expect(ok(objectName, "web-1.v2")).toBe(true);
    for (const bad of [
      "",
      "Web",
      "-web",
      "web-",
      "a/b",
      "..",
      "../etc",
      "a b",
      "web;rm",
      "x".repeat(254),
      "--all",
    ]) {
      expect(ok(objectName, bad), bad).toBe(false);
    }
    expect(ok(namespaceName, "a.b")).toBe(false);
    expect(ok(namespaceName, "x".repeat(64))).toBe(false);
  });

  it("validate kinds and apiVersions", () => {
    expect(ok(kindName, "Deployment")).toBe(true);
    expect(ok(kindName, "deploy/web")).toBe(false);
    expect(ok(apiVersionName, "apps/v1")).toBe(true);
    expect(ok(apiVersionName, "argoproj.io/v1alpha1")).toBe(true);
    expect(ok(apiVersionName, "v1")).toBe(true);
    expect(ok(apiVersionName, "../v1")).toBe(false);
  });
});

describe("selectors", () => {
  it("accept what kubectl accepts", () => {
    for (const good of [
      "app=web",
      "app==web,tier!=db",
      "env in (prod, staging)",
      "!canary",
      "app",
      "app.kubernetes.io/name=web",
      "a notin (x)",
    ]) {
      expect(ok(labelSelector, good), good).toBe(true);
    }
    expect(ok(fieldSelector, "status.phase=Running,metadata.name!=web")).toBe(true);
  });

  it("refuse query-string and newline injection", () => {
    for (const bad of ["app=web&watch=true", "a=b\nc", "a=b?x=y", "a=b#", "a=(b)", "", "a=b,,c=d"]) {
      expect(ok(labelSelector, bad), JSON.stringify(bad)).toBe(false);
    }
    expect(ok(fieldSelector, "status.phase=Running&watch=1")).toBe(false);
  });
});

describe("imageReference", () => {
  it("accepts tags and digests and refuses shell metacharacters", () => {
    expect(ok(imageReference, "nginx:1.27")).toBe(true);
    expect(ok(imageReference, "registry.example.com:5000/team/app@sha256:abc123")).toBe(true);
    for (const bad of ["nginx 1.27", "nginx;rm -rf /", "$(id)", "-oops", ""])
      expect(ok(imageReference, bad), bad).toBe(false);
  });
});
