import { describe, expect, it } from "vitest";
import { ApiError } from "./errors.ts";
import { ResourceRegistry } from "./resources.ts";
import { labelSelectorString, parseFieldSelector, parseLabelSelector } from "./selectors.ts";
import type { KubeObject, ResourceType } from "./types.ts";

const obj = (labels: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "shop", labels },
  ...extra,
});

describe("parseLabelSelector", () => {
  it.each([
    ["", true],
    ["app=web", true],
    ["app==web", true],
    ["app!=web", false],
    ["app", true],
    ["!app", false],
    ["!missing", true],
    ["app in (web, api)", true],
    ["app notin (web)", false],
    ["app=web,tier=front", true],
    ["app=web,tier=back", false],
    ["rank>2", true],
    ["rank<2", false],
  ])("%s → %s", (selector, expected) => {
    expect(parseLabelSelector(selector)(obj({ app: "web", tier: "front", rank: "3" }))).toBe(expected);
  });

  it("rejects bad syntax with a 400", () => {
    for (const bad of ["app=web,", "a b=c", "app=in valid"]) {
      expect(() => parseLabelSelector(bad)).toThrow(ApiError);
    }
  });
});

describe("parseFieldSelector", () => {
  const registry = new ResourceRegistry();
  const pods = registry.byKind("v1", "Pod") as ResourceType;
  const events = registry.byKind("v1", "Event") as ResourceType;

  it("matches supported fields, with != and escapes", () => {
    const pod = obj({}, { status: { phase: "Running" } });
    expect(parseFieldSelector("status.phase=Running", pods)(pod)).toBe(true);
    expect(parseFieldSelector("status.phase!=Running", pods)(pod)).toBe(false);
    expect(parseFieldSelector("metadata.name==p,metadata.namespace=shop", pods)(pod)).toBe(true);
    const event: KubeObject = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "e" },
      involvedObject: { kind: "Pod", name: "a,b" },
    };
    expect(parseFieldSelector("involvedObject.kind=Pod,involvedObject.name=a\\,b", events)(event)).toBe(true);
  });

  it("rejects unsupported fields and bad terms with 400", () => {
    expect(() => parseFieldSelector("spec.foo=bar", pods)).toThrow("field label not supported: spec.foo");
    expect(() => parseFieldSelector("nonsense", pods)).toThrow(/invalid selector/);
  });
});

describe("labelSelectorString", () => {
  it("renders matchLabels and expressions in the scale subresource's form", () => {
    expect(
      labelSelectorString({
        matchLabels: { app: "web" },
        matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }],
      }),
    ).toBe("app=web,tier in (a,b)");
  });
});
