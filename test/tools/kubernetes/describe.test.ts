// k8s_describe against the emulator: an object with its conditions, its events (newest first)
// and, for workloads, the pods they run with readiness, restarts, images and waiting reasons.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  badNames,
  configMap,
  deployment,
  event,
  eventually,
  everything,
  namespace,
  namespaceObject,
  type ObjectJson,
  secret,
  stored,
} from "./object-fixtures.ts";

interface DescribeData {
  resource: { kind: string };
  object: ObjectJson;
  conditions: Array<{ type: string; status: string; reason?: string }>;
  events: Array<{ type: string; reason: string; object: string; message: string; lastSeen?: string }>;
  eventsTruncated: boolean;
  pods?: Array<{
    name: string;
    phase: string;
    ready: string;
    restarts: number;
    images: string[];
    waitingReasons: string[];
  }>;
  podsTruncated?: boolean;
}

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({
    emulator: {
      readyDelayMs: 10,
      seed: [
        namespaceObject(),
        deployment("web", { replicas: 2, image: "nginx:1.27" }),
        deployment("stuck", { replicas: 1, image: "example/broken:1" }),
        configMap("settings"),
        secret("token", { token: "tok-abcdef-123456" }),
      ],
    },
  });
  const uid = stored(harness.emulator, "apps/v1", "Deployment", "web")?.metadata.uid;
  harness.emulator.seed([
    event(
      "web.1",
      { kind: "Deployment", name: "web", uid },
      { reason: "ScalingReplicaSet", message: "Scaled up to 1", at: "2026-01-01T10:00:00Z" },
    ),
    event(
      "web.2",
      { kind: "Deployment", name: "web", uid },
      { reason: "ScalingReplicaSet", message: "Scaled up to 2", at: "2026-01-01T10:05:00Z" },
    ),
    event(
      "web.old",
      { kind: "Deployment", name: "web", uid: "uid-of-an-older-web" },
      { reason: "Old", message: "about a deleted namesake", at: "2026-01-01T11:00:00Z" },
    ),
    event(
      "settings.1",
      { kind: "ConfigMap", name: "settings" },
      { reason: "Touched", message: "cm event", at: "2026-01-01T09:00:00Z" },
    ),
  ]);
});

afterAll(async () => {
  await harness?.close();
});

describe("k8s_describe", () => {
  it("shows a Deployment with its conditions, events newest first and ready pods", async () => {
    const data = await eventually(async () => {
      const d = await harness.ok<DescribeData>("k8s_describe", {
        kind: "Deployment",
        name: "web",
        namespace,
      });
      return d.pods?.length === 2 && d.pods.every((p) => p.ready === "1/1") ? d : undefined;
    });
    expect(data.resource.kind).toBe("Deployment");
    expect(data.object.metadata.managedFields).toBeUndefined();
    const messages = data.events.map((e) => e.message);
    // The emulator's own event (now) is newer than the seeded ones (Jan 1st).
    expect(messages[0]).toMatch(/^Scaled up replica set web-\w+ from 0 to 2$/);
    expect(messages.filter((m) => m.startsWith("Scaled up to"))).toEqual([
      "Scaled up to 2",
      "Scaled up to 1",
    ]);
    expect(messages).not.toContain("about a deleted namesake");
    expect(data.events[0]).toMatchObject({
      type: "Normal",
      reason: "ScalingReplicaSet",
      object: "Deployment/web",
    });
    for (const pod of data.pods ?? []) {
      expect(pod).toMatchObject({
        phase: "Running",
        ready: "1/1",
        restarts: 0,
        images: ["nginx:1.27"],
        waitingReasons: [],
      });
      expect(pod.name).toMatch(/^web-/);
    }
    expect(data.podsTruncated).toBe(false);
    expect(data.conditions.map((c) => c.type)).toContain("Available");
  });

  it("shows why a workload's pods are not ready", async () => {
    const data = await eventually(async () => {
      const d = await harness.ok<DescribeData>("k8s_describe", { kind: "deploy", name: "stuck", namespace });
      return d.pods?.[0]?.waitingReasons.length ? d : undefined;
    });
    expect(data.pods?.[0]).toMatchObject({ ready: "0/1", images: ["example/broken:1"] });
    expect(data.pods?.[0]?.waitingReasons[0]).toMatch(/ImagePull|ErrImage/);
  });

  it("describes any kind; only workloads get pods", async () => {
    const data = await harness.ok<DescribeData>("k8s_describe", { kind: "cm", name: "settings", namespace });
    expect(data.pods).toBeUndefined();
    expect(data.conditions).toEqual([]);
    expect(data.events.map((e) => e.message)).toEqual(["cm event"]);
  });

  it("never shows Secret values", async () => {
    const result = await harness.call("k8s_describe", { kind: "Secret", name: "token", namespace });
    expect(result.isError).toBeFalsy();
    expect(everything(result)).not.toContain("tok-abcdef-123456");
    expect(everything(result)).not.toContain(Buffer.from("tok-abcdef-123456").toString("base64"));
  });

  it("names the object and namespace when it does not exist", async () => {
    const message = await harness.fail("k8s_describe", { kind: "Deployment", name: "nope", namespace });
    expect(message).toContain('Deployment "nope" in namespace "shop"');
    expect(message).toContain("does not exist");
  });

  it.each(badNames)("refuses the name %j (%s)", async (name) => {
    expect(await harness.fail("k8s_describe", { kind: "Deployment", name, namespace })).toMatch(/name/);
  });

  it("refuses unknown kinds with the known ones listed", async () => {
    expect(await harness.fail("k8s_describe", { kind: "Gadget", name: "x", namespace })).toContain(
      "Known kinds include",
    );
  });
});
