import { describe, expect, it } from "vitest";
import {
  decodePath,
  fieldSetOf,
  formatPath,
  fromFieldsV1,
  removeAt,
  toFieldsV1,
  trackedContent,
  valueAt,
} from "./field-set.ts";
import { deployment, resourceOf, rolloutsResource } from "./test-fixtures.ts";

const deployments = resourceOf("Deployment");

describe("field sets", () => {
  it("leaves out the server-owned metadata and, for the main resource, status", () => {
    const content = trackedContent(deployment(), deployments);
    expect(Object.keys(content).sort()).toEqual(["metadata", "spec"]);
    expect(content.metadata).toEqual({ labels: { app: "web" } });
    expect(trackedContent(deployment(), deployments, "status")).toEqual({
      status: { replicas: 3, readyReplicas: 3 },
    });
  });

  it("keys merge lists by their merge key and keeps atomic lists and selectors whole", () => {
    const fields = toFieldsV1(fieldSetOf(trackedContent(deployment(), deployments), deployments));
    const spec = fields["f:spec"] as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    expect(spec["f:selector"]).toEqual({});
    const podSpec = spec["f:template"]?.["f:spec"] as Record<string, Record<string, unknown>>;
    expect(podSpec["f:tolerations"]).toEqual({});
    expect(podSpec["f:containers"]?.['k:{"name":"web"}']).toEqual({
      ".": {},
      "f:name": {},
      "f:image": {},
      "f:env": {
        'k:{"name":"MODE"}': { ".": {}, "f:name": {}, "f:value": {} },
        'k:{"name":"LOG"}': { ".": {}, "f:name": {}, "f:value": {} },
      },
      "f:ports": { 'k:{"containerPort":80}': { ".": {}, "f:containerPort": {} } },
    });
    expect(podSpec["f:volumes"]?.['k:{"name":"data"}']).toEqual({ ".": {}, "f:name": {}, "f:emptyDir": {} });
  });

  it("treats every list of a custom resource as atomic", () => {
    const rollout = { spec: { template: { spec: { containers: [{ name: "web", image: "x" }] } } } };
    const fields = toFieldsV1(fieldSetOf(rollout, rolloutsResource));
    expect(fields).toEqual({ "f:spec": { "f:template": { "f:spec": { "f:containers": {} } } } });
  });

  it("round-trips through fieldsV1", () => {
    const set = fieldSetOf(trackedContent(deployment(), deployments), deployments);
    expect(fromFieldsV1(toFieldsV1(set))).toEqual(set);
  });

  it("reads, formats and removes paths, including keyed list items", () => {
    const object = deployment();
    const imagePath = ["f:spec", "f:template", "f:spec", "f:containers", 'k:{"name":"web"}', "f:image"];
    expect(valueAt(object, imagePath)).toBe("nginx:1.27");
    expect(formatPath(imagePath)).toBe('.spec.template.spec.containers[name="web"].image');
    expect(formatPath(decodePath(JSON.stringify(["f:spec", "f:replicas"])))).toBe(".spec.replicas");
    removeAt(object, imagePath.slice(0, -1));
    expect(valueAt(object, imagePath)).toBeUndefined();
    removeAt(object, ["f:spec", "f:nothing", "f:here"]);
    removeAt(object, ["f:spec", "f:replicas"]);
    expect((object.spec as Record<string, unknown>).replicas).toBeUndefined();
  });
});
