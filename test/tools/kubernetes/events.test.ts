// k8s_events against the emulator: newest first, filtered by object or type, bounded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import { badNames, event, namespace, namespaceObject } from "./object-fixtures.ts";

interface EventsData {
  events: Array<{
    type: string;
    reason: string;
    object: string;
    message: string;
    count: number;
    lastSeen?: string;
    source?: string;
  }>;
  total: number;
  truncated: boolean;
}

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({
    emulator: {
      seed: [
        namespaceObject(),
        namespaceObject("other"),
        event(
          "e1",
          { kind: "Deployment", name: "web" },
          { reason: "ScalingReplicaSet", message: "scaled to 1", at: "2026-01-01T10:00:00Z" },
        ),
        event(
          "e2",
          { kind: "Pod", name: "web-1" },
          { reason: "BackOff", message: "back-off restarting", type: "Warning", at: "2026-01-01T10:10:00Z" },
        ),
        event(
          "e3",
          { kind: "Deployment", name: "web" },
          { reason: "ScalingReplicaSet", message: "scaled to 3", at: "2026-01-01T10:20:00Z" },
        ),
        event(
          "e4",
          { kind: "Deployment", name: "api" },
          { reason: "ScalingReplicaSet", message: "api scaled", at: "2026-01-01T10:15:00Z" },
        ),
        event(
          "e5",
          { kind: "Pod", name: "x" },
          { reason: "Pulled", message: "in another namespace", at: "2026-01-01T10:30:00Z", ns: "other" },
        ),
      ],
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

describe("k8s_events", () => {
  it("lists a namespace's events newest first", async () => {
    const data = await harness.ok<EventsData>("k8s_events", { namespace });
    expect(data.events.map((e) => e.message)).toEqual([
      "scaled to 3",
      "api scaled",
      "back-off restarting",
      "scaled to 1",
    ]);
    expect(data.total).toBe(4);
    expect(data.truncated).toBe(false);
    expect(data.events[0]).toMatchObject({
      type: "Normal",
      reason: "ScalingReplicaSet",
      object: "Deployment/web",
      count: 1,
      lastSeen: "2026-01-01T10:20:00.000Z",
      source: "test",
    });
  });

  it("narrows to one object, resolving the kind as the API spells it", async () => {
    const data = await harness.ok<EventsData>("k8s_events", { namespace, kind: "deploy", name: "web" });
    expect(data.events.map((e) => e.message)).toEqual(["scaled to 3", "scaled to 1"]);
    const kindOnly = await harness.ok<EventsData>("k8s_events", { namespace, kind: "Deployment" });
    expect(kindOnly.total).toBe(3);
  });

  it("narrows to Warning events", async () => {
    const data = await harness.ok<EventsData>("k8s_events", { namespace, type: "Warning" });
    expect(data.events.map((e) => e.reason)).toEqual(["BackOff"]);
  });

  it("keeps the newest when the limit cuts, and says so", async () => {
    const data = await harness.ok<EventsData>("k8s_events", { namespace, limit: 2 });
    expect(data.events.map((e) => e.message)).toEqual(["scaled to 3", "api scaled"]);
    expect(data).toMatchObject({ total: 4, truncated: true });
  });

  it("gives up at the call deadline when the API server is slow", async () => {
    const slow = await startMcpHarness({ reuseEmulator: harness.emulator, policy: { callTimeoutMs: 200 } });
    try {
      harness.emulator.faults.delay({ path: /\/events$/, ms: 3000, count: 1 });
      const started = Date.now();
      const message = await slow.fail("k8s_events", { namespace });
      expect(message).toBe(
        "k8s_events did not finish within 200 ms. Check that the cluster API is reachable, or retry with a narrower request.",
      );
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      harness.emulator.faults.clear();
      await slow.close();
    }
  });

  it("asks for the kind when only a name is given", async () => {
    expect(await harness.fail("k8s_events", { namespace, name: "web" })).toContain("without its kind");
  });

  it("refuses bad names, namespaces, kinds and limits", async () => {
    for (const [bad] of badNames) {
      expect(await harness.fail("k8s_events", { namespace, kind: "Pod", name: bad })).toMatch(/name/);
      expect(await harness.fail("k8s_events", { namespace: bad })).toMatch(/namespace/);
    }
    expect(await harness.fail("k8s_events", { namespace, kind: "Pod,reason=x" })).toMatch(/kind/);
    expect(await harness.fail("k8s_events", { namespace, kind: "Nope" })).toContain("does not serve");
    expect(await harness.fail("k8s_events", { namespace, limit: 0 })).toMatch(/limit/);
    expect(await harness.fail("k8s_events", { namespace, type: "Error" })).toMatch(/type/);
  });
});
