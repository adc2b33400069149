// Digests: a result's digest ignores key order, and the diff digest is the same whether computed
// from a tool's result data or from a StepPreview's objects (what the plan PR showed).
import { describe, expect, it } from "vitest";
import {
  diffDigest,
  diffText,
  leaseNameFor,
  objectDiffsOf,
  resultDigest,
} from "../../../app/execute/index.ts";
import { microTime } from "../../../app/execute/plan-lease.ts";

describe("digests", () => {
  it("resultDigest is the sha256 of canonical JSON: key order does not matter, values do", () => {
    expect(resultDigest({ a: 1, b: [1, 2] })).toBe(resultDigest({ b: [1, 2], a: 1 }));
    expect(resultDigest({ a: 1 })).not.toBe(resultDigest({ a: 2 }));
    expect(resultDigest({})).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("diffDigest covers each object's key and diff, in order", () => {
    const objects = [
      { key: "Deployment/shop/web", changed: true, diff: "-replicas: 2\n+replicas: 5" },
      { key: "Service/shop/web", changed: false, diff: "" },
    ];
    const fromData = objectDiffsOf({ dryRun: true, changed: true, objects });
    expect(diffDigest(fromData)).toBe(diffDigest(objects));
    expect(diffText(objects)).toBe("Deployment/shop/web\n-replicas: 2\n+replicas: 5\nService/shop/web\n");
    expect(diffDigest([...objects].reverse())).not.toBe(diffDigest(objects));
    expect(
      diffDigest([{ ...objects[0], key: "Deployment/shop/api", diff: objects[0]?.diff ?? "" }]),
    ).not.toBe(diffDigest([objects[0] as (typeof objects)[0]]));
  });

  it("diffDigest ignores the times a step writes (a restart's restartedAt), and nothing else", () => {
    const restart = (at: string) => [
      { key: "Deployment/shop/web", diff: `+  kubectl.kubernetes.io/restartedAt: "${at}"` },
    ];
    expect(diffDigest(restart("2026-11-25T10:00:00Z"))).toBe(
      diffDigest(restart("2026-11-25T10:07:31.5+01:00")),
    );
    const scale = (replicas: number) => [
      { key: "Deployment/shop/web", diff: `-replicas: 3\n+replicas: ${replicas}` },
    ];
    expect(diffDigest(scale(5))).not.toBe(diffDigest(scale(6)));
  });

  it("objectDiffsOf tolerates malformed results", () => {
    expect(objectDiffsOf({})).toEqual([]);
    expect(objectDiffsOf({ objects: [null, 3, { key: 1 }] })).toEqual([{ key: "unknown", diff: "" }]);
  });
});

describe("lease naming", () => {
  it('names the Lease "skyflo-" + the first 40 hex digits of the plan digest', () => {
    const hex = "0123456789abcdef".repeat(4);
    expect(leaseNameFor(`sha256:${hex}`)).toBe(`skyflo-${hex.slice(0, 40)}`);
    expect(() => leaseNameFor("sha256:xyz")).toThrow("not a plan digest: sha256:xyz");
  });

  it("writes MicroTime with six fractional digits, as the API expects", () => {
    expect(microTime(new Date("2026-11-25T10:00:00.123Z"))).toBe("2026-11-25T10:00:00.123000Z");
  });
});
