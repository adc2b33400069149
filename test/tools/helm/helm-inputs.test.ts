// Helm argument schemas: release names, chart references, versions and set pairs.
import { describe, expect, it } from "vitest";
import { helmBackendFromEnv } from "../../../tools/helm/backend.ts";
import { combineValues } from "../../../tools/helm/helm-change.ts";
import {
  chartReferenceProblem,
  chartVersion,
  releaseName,
  setPairs,
} from "../../../tools/helm/helm-inputs.ts";

describe("chartReferenceProblem", () => {
  it("accepts repository paths and oci/https references", () => {
    for (const reference of [
      "charts/shop",
      "shop",
      "charts/shop-1.2.3.tgz",
      "oci://registry.example.com/charts/shop",
      "oci://r.example.com:5000/shop@sha256:abc",
      "https://charts.example.com/shop-1.2.3.tgz",
    ]) {
      expect(chartReferenceProblem(reference), reference).toBeUndefined();
    }
  });

  it("says what is wrong with everything else", () => {
    expect(chartReferenceProblem("")).toBe("is empty");
    expect(chartReferenceProblem("../shop")).toBe('may not contain "." or ".." parts');
    expect(chartReferenceProblem("charts/./shop")).toBe('may not contain "." or ".." parts');
    expect(chartReferenceProblem("/srv/charts")).toBe(
      'must be relative to the charts directory (no leading "/")',
    );
    expect(chartReferenceProblem("charts//shop")).toContain("empty path part");
    expect(chartReferenceProblem("-f")).toContain('the path part "-f"');
    expect(chartReferenceProblem(".hidden")).toContain('the path part ".hidden"');
    expect(chartReferenceProblem("charts/sh op")).toContain('the path part "sh op"');
    expect(chartReferenceProblem("http://example.com/shop.tgz")).toContain("uses http://");
    expect(chartReferenceProblem("oci://u:p@r.example.com/shop")).toContain("carries credentials");
    expect(chartReferenceProblem("https://r.example.com/shop.tgz?x=1")).toContain("no spaces, query strings");
    expect(chartReferenceProblem("a".repeat(513))).toContain("longer than 512");
  });
});

describe("release names, versions and set pairs", () => {
  it("follows Helm's release name rule", () => {
    expect(releaseName.safeParse("shop-v2.eu").success).toBe(true);
    expect(releaseName.safeParse("a".repeat(53)).success).toBe(true);
    expect(releaseName.safeParse("a".repeat(54)).success).toBe(false);
    expect(releaseName.safeParse("Shop").success).toBe(false);
    expect(releaseName.safeParse("-shop").success).toBe(false);
  });

  it("takes exact versions only", () => {
    for (const version of ["1.2.3", "v1.2.3", "1.2", "1.2.3-rc.1", "1.2.3+build.5"]) {
      expect(chartVersion.safeParse(version).success, version).toBe(true);
    }
    for (const version of ["^1.2", "~1.2.3", ">=1.0", "1.x", "latest", "1.2.3 || 2"]) {
      expect(chartVersion.safeParse(version).success, version).toBe(false);
    }
  });

  it("checks set keys and values and says which key is wrong", () => {
    expect(setPairs.parse({ "image.tag": "1.28", replicas: 3, "a.b-c_d": true, x: null })).toEqual({
      "image.tag": "1.28",
      replicas: 3,
      "a.b-c_d": true,
      x: null,
    });
    const bad = setPairs.safeParse({ "image[0]": "x" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('"image[0]" must be a dotted values path');
    expect(setPairs.safeParse({ a: "two\nlines" }).success).toBe(false);
    expect(setPairs.safeParse({ "constructor.x": "1" }).success).toBe(false);
    expect(setPairs.safeParse({ a: { nested: 1 } }).success).toBe(false);
  });

  it("places set pairs over values at their dotted paths without touching prototypes", () => {
    const values = { image: { repository: "nginx", tag: "1.27" }, greeting: "hello" };
    expect(combineValues(values, { "image.tag": "1.28", "auth.password": "x", greeting: "hi" })).toEqual({
      image: { repository: "nginx", tag: "1.28" },
      greeting: "hi",
      auth: { password: "x" },
    });
    expect(values.image.tag).toBe("1.27");
    const combined = combineValues({}, { "__proto__.polluted": "yes" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(combined)).toEqual(["__proto__"]);
  });
});

describe("helmBackendFromEnv", () => {
  it("reads SKYFLO_HELM_BINARY (default helm) and SKYFLO_HELM_CHARTS_ROOT", () => {
    expect(helmBackendFromEnv({})).toEqual({ binary: "helm" });
    expect(
      helmBackendFromEnv({ SKYFLO_HELM_BINARY: " /opt/helm ", SKYFLO_HELM_CHARTS_ROOT: "/srv/repo" }),
    ).toEqual({
      binary: "/opt/helm",
      chartsRoot: "/srv/repo",
    });
  });
});
