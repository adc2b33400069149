import { describe, expect, it } from "vitest";
import { effectivePolicy } from "../../../app/config/effective-policy.ts";
import { type RepoConfig, readRepoConfig } from "../../../app/config/repo-config.ts";
import { Policy } from "../../../tools/policy.ts";

function config(text: string | undefined): RepoConfig {
  const result = readRepoConfig(text, ".github/skyflo.yml");
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.config;
}

const scale = { name: "k8s_scale", annotations: { readOnlyHint: false, idempotentHint: true } };
const remove = { name: "k8s_delete", annotations: { readOnlyHint: false, destructiveHint: true } };
const get = { name: "k8s_get", annotations: { readOnlyHint: true } };

const allowed = (verdict: { allowed: boolean }) => verdict.allowed;

describe("effectivePolicy", () => {
  const server = new Policy({
    allowNamespaces: ["shop", "team-*"],
    denyNamespaces: ["team-secret"],
    allowTools: ["k8s_*"],
    denyTools: ["k8s_exec"],
    allowWrite: true,
    maxOutputBytes: 1000,
    callTimeoutMs: 5000,
  });

  it("is the server's policy when the repository has no config", () => {
    expect(effectivePolicy(server, config(undefined)).settings).toEqual(server.settings);
  });

  it("narrows namespaces and tools to what the repository asks", () => {
    const policy = effectivePolicy(
      server,
      config("namespaces:\n  allow: [shop]\n  deny: [shop-canary]\ntools:\n  deny: [k8s_delete]\n"),
    );
    expect(allowed(policy.namespaceVerdict({ namespace: "shop" }))).toBe(true);
    expect(allowed(policy.namespaceVerdict({ namespace: "team-a" }))).toBe(false);
    expect(allowed(policy.toolVerdict(scale))).toBe(true);
    expect(allowed(policy.toolVerdict(remove))).toBe(false);
    expect(policy.settings.denyNamespaces).toEqual(["team-secret", "shop-canary"]);
  });

  it("ignores attempts to widen: namespaces and tools the server does not allow stay refused", () => {
    const policy = effectivePolicy(
      server,
      config(
        "namespaces:\n  allow: [shop, kube-system, prod]\n  deny: []\ntools:\n  allow: [k8s_scale, helm_install, k8s_exec]\n  deny: []\n",
      ),
    );
    expect(policy.settings.allowNamespaces).toEqual(["shop"]);
    expect(allowed(policy.namespaceVerdict({ namespace: "kube-system" }))).toBe(false);
    expect(allowed(policy.namespaceVerdict({ namespace: "prod" }))).toBe(false);
    // An empty deny list does not lift the server's denials.
    expect(policy.settings.denyNamespaces).toEqual(["team-secret"]);
    expect(policy.settings.denyTools).toEqual(["k8s_exec"]);
    expect(allowed(policy.toolVerdict({ name: "k8s_exec", annotations: { readOnlyHint: true } }))).toBe(
      false,
    );
    expect(allowed(policy.toolVerdict({ name: "helm_install", annotations: {} }))).toBe(false);
    expect(allowed(policy.toolVerdict(scale))).toBe(true);
  });

  it("reads '*' as everything the server allows, not as more", () => {
    const policy = effectivePolicy(server, config("namespaces:\n  allow: ['*']\ntools:\n  allow: ['*']\n"));
    expect(policy.settings.allowNamespaces).toEqual(["shop", "team-*"]);
    expect(policy.settings.allowTools).toEqual(["k8s_*"]);
    expect(allowed(policy.namespaceVerdict({ namespace: "kube-system" }))).toBe(false);
    expect(allowed(policy.namespaceVerdict({ namespace: "team-secret" }))).toBe(false);
  });

  it("cannot turn on writes or change limits (the config has no such fields)", () => {
    const readOnly = new Policy({ allowWrite: false, maxOutputBytes: 1000 });
    expect(readRepoConfig("allowWrite: true\n", ".github/skyflo.yml").ok).toBe(false);
    const policy = effectivePolicy(readOnly, config("tools:\n  allow: [k8s_scale, k8s_get]\n"));
    expect(policy.settings.allowWrite).toBe(false);
    expect(policy.settings.maxOutputBytes).toBe(1000);
    expect(allowed(policy.toolVerdict(scale))).toBe(false);
    expect(allowed(policy.toolVerdict(get))).toBe(true);
  });

  it("keeps the server's timeouts and output limits", () => {
    const policy = effectivePolicy(server, config("namespaces:\n  allow: [shop]\n"));
    expect(policy.settings.callTimeoutMs).toBe(5000);
    expect(policy.settings.maxOutputBytes).toBe(1000);
    expect(policy.settings.allowWrite).toBe(true);
  });

  it("takes the repository's lists as they are when the server allows everything", () => {
    const policy = effectivePolicy(new Policy(), config("namespaces:\n  allow: [team-*]\n"));
    expect(allowed(policy.namespaceVerdict({ namespace: "team-a" }))).toBe(true);
    expect(allowed(policy.namespaceVerdict({ namespace: "shop" }))).toBe(false);
  });
});
