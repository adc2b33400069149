// The k8s_field_equals path syntax: parsing (with sentences for bad paths) and reading live objects.
import { describe, expect, it } from "vitest";
import {
  FieldPathError,
  formatFieldPath,
  parseFieldPath,
  readFieldPath,
} from "../../../app/verify/field-path.ts";

const deployment = {
  spec: {
    replicas: 3,
    paused: false,
    template: {
      spec: {
        containers: [
          { name: "web", image: "nginx:1.27", ports: [{ name: "http", containerPort: 80 }] },
          { name: "sidecar", image: "envoy:1.30" },
          { name: "dup", image: "a" },
          { name: "dup", image: "b" },
          "not-an-object",
        ],
      },
    },
  },
  metadata: { labels: { "app.kubernetes.io/name": "web" } },
};

describe("parseFieldPath", () => {
  it("parses plain fields and selectors, whose values may hold dots, '=' and spaces", () => {
    expect(parseFieldPath("spec.replicas")).toEqual([{ field: "spec" }, { field: "replicas" }]);
    expect(parseFieldPath("spec.template.spec.containers[name=web].image")).toEqual([
      { field: "spec" },
      { field: "template" },
      { field: "spec" },
      { field: "containers", selector: { key: "name", value: "web" } },
      { field: "image" },
    ]);
    expect(parseFieldPath("items[host=a.b=c d]")).toEqual([
      { field: "items", selector: { key: "host", value: "a.b=c d" } },
    ]);
    expect(parseFieldPath("status.conditions[type=Available].status")[1]).toEqual({
      field: "conditions",
      selector: { key: "type", value: "Available" },
    });
  });

  it("round-trips through formatFieldPath", () => {
    const path = "spec.template.spec.initContainers[name=init-db].image";
    expect(formatFieldPath(parseFieldPath(path))).toBe(path);
  });

  it.each([
    ["", /is empty/],
    ["   ", /is empty/],
    ["spec..replicas", /at character 6 it expects a field name .* but finds "\.replicas"/],
    [".spec", /at character 1 it expects a field name/],
    ["spec.", /at character 6 it expects a field name .* but finds the end/],
    ["spec.containers[name]", /at character 16 it expects "\." or "\[key=value\]" after "containers"/],
    ["spec.containers[name=web", /at character 16/],
    ["spec.containers[0].image", /at character 16/],
    ["metadata.labels.app\\.kubernetes\\.io/name", /at character 20/],
    ["spec/replicas", /at character 5/],
  ])("refuses %j with a sentence that points at the problem", (path, message) => {
    expect(() => parseFieldPath(path)).toThrow(FieldPathError);
    expect(() => parseFieldPath(path)).toThrow(message);
  });

  it("tells the reader how to write a path", () => {
    expect(() => parseFieldPath("spec..x")).toThrow(/spec\.template\.spec\.containers\[name=web\]\.image/);
  });
});

describe("readFieldPath", () => {
  const read = (path: string) => readFieldPath(deployment, parseFieldPath(path));

  it("reads scalars, objects and selected list elements", () => {
    expect(read("spec.replicas")).toEqual({ found: true, value: 3 });
    expect(read("spec.paused")).toEqual({ found: true, value: false });
    expect(read("spec.template.spec.containers[name=web].image")).toEqual({
      found: true,
      value: "nginx:1.27",
    });
    expect(read("spec.template.spec.containers[name=web].ports[name=http].containerPort")).toEqual({
      found: true,
      value: 80,
    });
    expect(read("spec.template.spec.containers[name=sidecar]")).toEqual({
      found: true,
      value: { name: "sidecar", image: "envoy:1.30" },
    });
  });

  it("says which field is missing", () => {
    expect(read("spec.strategy.type")).toEqual({ found: false, why: "spec.strategy is not set" });
    expect(read("status")).toEqual({ found: false, why: "status is not set" });
  });

  it("explains a path that goes through a value that is not an object", () => {
    expect(read("spec.replicas.count")).toEqual({
      found: false,
      why: 'spec.replicas is a number, so it has no field "count"',
    });
  });

  it("explains a selector with no match, naming the elements there are", () => {
    expect(read("spec.template.spec.containers[name=api].image")).toEqual({
      found: false,
      why: 'spec.template.spec.containers has no element with name = "api" (names: web, sidecar, dup, dup)',
    });
  });

  it("refuses to pick one of several matches", () => {
    expect(read("spec.template.spec.containers[name=dup].image")).toEqual({
      found: false,
      why: 'spec.template.spec.containers has 2 elements with name = "dup" (names: web, sidecar, dup, dup)',
    });
  });

  it("explains a selector on something that is not a list", () => {
    expect(read("spec.template[name=web]")).toEqual({
      found: false,
      why: "spec.template is an object, not a list, so [name=web] selects nothing",
    });
  });

  it("matches selector values as strings only", () => {
    const object = { items: [{ id: 1 }, { id: "1" }] };
    expect(readFieldPath(object, parseFieldPath("items[id=1]"))).toEqual({ found: true, value: { id: "1" } });
  });

  it("reads own fields only, never the prototype", () => {
    expect(readFieldPath({ spec: {} }, parseFieldPath("spec.constructor"))).toEqual({
      found: false,
      why: "spec.constructor is not set",
    });
  });
});
