import { describe, expect, it } from "vitest";
import { Policy } from "../../tools/policy.ts";

const readTool = { name: "k8s_get", annotations: { readOnlyHint: true } };
const writeTool = { name: "k8s_scale", annotations: { readOnlyHint: false, idempotentHint: true } };
const unannotated = { name: "mystery", annotations: {} };

describe("Policy.toolVerdict", () => {
  it("refuses mutating tools unless writes are allowed", () => {
    const readOnly = new Policy();
    expect(readOnly.toolVerdict(readTool)).toEqual({ allowed: true });
    const verdict = readOnly.toolVerdict(writeTool);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.reason).toContain("--allow-write");
    expect(new Policy({ allowWrite: true }).toolVerdict(writeTool)).toEqual({ allowed: true });
  });

  it("treats a tool without a read-only annotation as mutating (fail closed)", () => {
    expect(new Policy().toolVerdict(unannotated).allowed).toBe(false);
    // biome-ignore lint/suspicious/noExplicitAny: simulates a tool whose metadata is missing entirely.
    expect(new Policy().toolVerdict({ name: "bare" } as any).allowed).toBe(false);
  });

  it("applies deny before allow, with globs", () => {
    const policy = new Policy({ allowWrite: true, allowTools: ["k8s_*"], denyTools: ["k8s_scale"] });
    expect(policy.toolVerdict(readTool).allowed).toBe(true);
    expect(policy.toolVerdict(writeTool)).toEqual({
      allowed: false,
      reason: "Tool k8s_scale is denied by policy (denyTools).",
    });
    expect(policy.toolVerdict({ name: "helm_list", annotations: { readOnlyHint: true } }).allowed).toBe(
      false,
    );
  });
});

describe("Policy.namespaceVerdict", () => {
  it("allows any namespace by default and cluster scope only when unrestricted", () => {
    const policy = new Policy();
    expect(policy.namespaceVerdict({ namespace: "shop" }).allowed).toBe(true);
    expect(policy.namespaceVerdict({ namespace: undefined }).allowed).toBe(true);
  });

  it("restricts to allowed globs, and denies win", () => {
    const policy = new Policy({ allowNamespaces: ["shop", "team-*"], denyNamespaces: ["team-secret"] });
    expect(policy.namespaceVerdict({ namespace: "shop" }).allowed).toBe(true);
    expect(policy.namespaceVerdict({ namespace: "team-a" }).allowed).toBe(true);
    expect(policy.namespaceVerdict({ namespace: "team-secret" })).toEqual({
      allowed: false,
      reason: 'Namespace "team-secret" is denied by policy.',
    });
    const other = policy.namespaceVerdict({ namespace: "kube-system" });
    expect(other.allowed === false && other.reason).toContain("not in the allowed namespaces (shop, team-*)");
    expect(policy.namespaceVerdict({ namespace: undefined }).allowed).toBe(false);
  });

  it("does not treat regex metacharacters in globs as patterns", () => {
    const policy = new Policy({ allowNamespaces: ["a.b"] });
    expect(policy.namespaceVerdict({ namespace: "a.b" }).allowed).toBe(true);
    expect(policy.namespaceVerdict({ namespace: "axb" }).allowed).toBe(false);
  });
});

describe("Policy.narrow", () => {
  it("lets a repository narrow but never widen the server's limits", () => {
    const server = new Policy({
      allowNamespaces: ["shop", "team-*"],
      allowTools: ["k8s_get", "k8s_scale"],
      allowWrite: true,
    });
    const repo = server.narrow({
      allowNamespaces: ["shop", "kube-system", "team-a", "*"],
      allowTools: ["k8s_scale", "k8s_delete"],
    });
    expect(repo.settings.allowNamespaces).toEqual(["shop", "team-a"]);
    expect(repo.settings.allowTools).toEqual(["k8s_scale"]);
    expect(repo.namespaceVerdict({ namespace: "kube-system" }).allowed).toBe(false);
    expect(repo.toolVerdict({ name: "k8s_delete", annotations: { destructiveHint: true } }).allowed).toBe(
      false,
    );
  });

  it("adds the repository's denials to the server's", () => {
    const repo = new Policy({ denyNamespaces: ["kube-system"] }).narrow({
      denyNamespaces: ["prod"],
      denyTools: ["k8s_delete"],
    });
    expect(repo.settings.denyNamespaces).toEqual(["kube-system", "prod"]);
    expect(repo.settings.denyTools).toEqual(["k8s_delete"]);
  });

  it("takes the repository's list when the server allows everything", () => {
    const repo = new Policy().narrow({ allowNamespaces: ["shop"] });
    expect(repo.namespaceVerdict({ namespace: "shop" }).allowed).toBe(true);
    expect(repo.namespaceVerdict({ namespace: "other" }).allowed).toBe(false);
  });
});

describe("Policy.withWrite", () => {
  it("changes only whether mutating tools are allowed", () => {
    const readOnly = new Policy({ allowNamespaces: ["shop"] });
    const writable = readOnly.withWrite(true);
    expect(writable.toolVerdict(writeTool).allowed).toBe(true);
    expect(writable.namespaceVerdict({ namespace: "other" }).allowed).toBe(false);
    expect(readOnly.toolVerdict(writeTool).allowed).toBe(false);
  });
});
