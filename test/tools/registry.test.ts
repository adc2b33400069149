import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, isMutating, ToolRegistry } from "../../tools/registry.ts";

const tool = (name: string, readOnlyHint?: boolean) =>
  defineTool({
    name,
    title: name,
    description: "test tool",
    family: "kubernetes",
    input: z.object({}),
    output: z.object({}),
    annotations: readOnlyHint === undefined ? {} : { readOnlyHint },
    targets: () => [],
    handler: async () => ({ summary: "", data: {} }),
  });

describe("isMutating", () => {
  it("is false only for an explicit readOnlyHint: true", () => {
    expect(isMutating(tool("a", true))).toBe(false);
    expect(isMutating(tool("b", false))).toBe(true);
    expect(isMutating(tool("c"))).toBe(true);
    // biome-ignore lint/suspicious/noExplicitAny: missing metadata must still mean mutating.
    expect(isMutating({} as any)).toBe(true);
  });
});

describe("ToolRegistry", () => {
  it("refuses two tools with one name", () => {
    const registry = new ToolRegistry([tool("k8s_get", true)]);
    expect(() => registry.register(tool("k8s_get", true))).toThrow('Tool "k8s_get" is registered twice.');
    expect(registry.get("k8s_get")?.name).toBe("k8s_get");
    expect(registry.get("nope")).toBeUndefined();
    expect(registry.list().map((t) => t.name)).toEqual(["k8s_get"]);
  });
});
