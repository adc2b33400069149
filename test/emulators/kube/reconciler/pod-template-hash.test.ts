import { describe, expect, it } from "vitest";
import { podTemplateHash, withoutHashLabel } from "./pod-template-hash.ts";

const template = {
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
};

describe("pod template hash", () => {
  it("is stable, key-order independent, and spelled like Kubernetes' hashes", () => {
    const hash = podTemplateHash(template);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(podTemplateHash(structuredClone(template))).toBe(hash);
    expect(podTemplateHash({ spec: template.spec, metadata: template.metadata })).toBe(hash);
  });

  it("changes with the template but not with the pod-template-hash label", () => {
    const hash = podTemplateHash(template);
    const changed = structuredClone(template);
    changed.spec.containers[0] = { name: "web", image: "nginx:1.28" };
    expect(podTemplateHash(changed)).not.toBe(hash);
    const labelled = { ...template, metadata: { labels: { app: "web", "pod-template-hash": hash } } };
    expect(podTemplateHash(labelled)).toBe(hash);
    expect(withoutHashLabel(labelled)).toEqual(template);
  });
});
