// Manifest parsing on its own: documents, lists, limits and the namespace each object goes to.
import { describe, expect, it } from "vitest";
import { manifestNamespace, manifestTargets, parseManifests } from "../../../tools/kubernetes/manifests.ts";

const cm = (name: string, namespace?: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ""}`;

describe("parseManifests", () => {
  it("reads every document, skipping empty ones", () => {
    const manifests = parseManifests(`---\n${cm("a")}---\n# comment only\n---\n${cm("b", "shop")}---\n`);
    expect(manifests.map((m) => [m.position, m.kind, m.name, m.namespace])).toEqual([
      [1, "ConfigMap", "a", undefined],
      [2, "ConfigMap", "b", "shop"],
    ]);
  });

  it("expands a kind: List and takes JSON text and arrays of objects", () => {
    const list = JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } }],
    });
    expect(parseManifests(list).map((m) => m.name)).toEqual(["x"]);
    expect(
      parseManifests([{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } }])[0],
    ).toMatchObject({
      apiVersion: "apps/v1",
      kind: "Deployment",
    });
  });

  it("refuses duplicate keys and aliases bombs as YAML errors", () => {
    expect(() => parseManifests(`${cm("a")}metadata:\n  name: b\n`)).toThrow(/does not parse/);
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join("\n");
    expect(() => parseManifests(bomb)).toThrow(/alias|Excessive/i);
  });
});

describe("manifestNamespace", () => {
  it("uses the object's namespace, else the argument, and refuses a conflict", () => {
    const [own] = parseManifests(cm("a", "shop"));
    const [none] = parseManifests(cm("b"));
    if (!own || !none) throw new Error("parse failed");
    expect(manifestNamespace(own, undefined)).toBe("shop");
    expect(manifestNamespace(own, "shop")).toBe("shop");
    expect(manifestNamespace(none, "web")).toBe("web");
    expect(manifestNamespace(none, undefined)).toBeUndefined();
    expect(() => manifestNamespace(own, "other")).toThrow(
      'is in namespace "shop" but the namespace argument is "other"',
    );
  });
});

describe("manifestTargets", () => {
  it("names every namespace touched, the argument's on a conflict, and Namespace objects themselves", () => {
    const text = [
      cm("a", "shop"),
      cm("b"),
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-x\n",
    ].join("---\n");
    expect(manifestTargets(text, "web")).toEqual([
      { namespace: "shop" },
      { namespace: "web" },
      { namespace: "web" },
      { namespace: "web" },
      { namespace: "team-x" },
    ]);
  });

  it("gives no targets for manifests that do not parse (the handler refuses them)", () => {
    expect(manifestTargets("a: [", undefined)).toEqual([]);
  });
});
