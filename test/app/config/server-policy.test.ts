import { describe, expect, it } from "vitest";
import { effectivePolicy } from "../../../app/config/effective-policy.ts";
import { readRepoConfig } from "../../../app/config/repo-config.ts";
import { ServerPolicyError, serverPolicyFromEnvironment } from "../../../app/config/server-policy.ts";

describe("serverPolicyFromEnvironment", () => {
  it("allows everything when nothing is set", () => {
    const policy = serverPolicyFromEnvironment({});
    expect(policy.settings).toMatchObject({
      allowNamespaces: ["*"],
      denyNamespaces: [],
      allowTools: ["*"],
      denyTools: [],
    });
  });

  it("reads comma-separated lists with globs", () => {
    const policy = serverPolicyFromEnvironment({
      SKYFLO_ALLOW_NAMESPACES: "shop, team-*",
      SKYFLO_DENY_NAMESPACES: "team-secret",
      SKYFLO_DENY_TOOLS: "k8s_delete",
    });
    expect(policy.namespaceVerdict({ namespace: "team-a" }).allowed).toBe(true);
    expect(policy.namespaceVerdict({ namespace: "team-secret" }).allowed).toBe(false);
    expect(policy.namespaceVerdict({ namespace: "kube-system" }).allowed).toBe(false);
    expect(policy.withWrite(true).toolVerdict({ name: "k8s_delete", annotations: {} }).allowed).toBe(false);
  });

  it("refuses entries that are not names or globs, naming the variable", () => {
    expect(() => serverPolicyFromEnvironment({ SKYFLO_ALLOW_NAMESPACES: "shop,../etc" })).toThrow(
      ServerPolicyError,
    );
    expect(() => serverPolicyFromEnvironment({ SKYFLO_ALLOW_NAMESPACES: "shop,../etc" })).toThrow(
      'SKYFLO_ALLOW_NAMESPACES: "../etc" is not a namespace or a glob of one',
    );
    expect(() => serverPolicyFromEnvironment({ SKYFLO_DENY_TOOLS: "rm -rf" })).toThrow("SKYFLO_DENY_TOOLS");
  });

  it("is the outer bound: a repository cannot widen it", () => {
    const server = serverPolicyFromEnvironment({ SKYFLO_ALLOW_NAMESPACES: "shop" });
    const config = readRepoConfig("namespaces:\n  allow: [shop, kube-system]\n", ".github/skyflo.yml");
    if (!config.ok) throw new Error(config.errors.join("\n"));
    const policy = effectivePolicy(server, config.config);
    expect(policy.namespaceVerdict({ namespace: "shop" }).allowed).toBe(true);
    expect(policy.namespaceVerdict({ namespace: "kube-system" }).allowed).toBe(false);
  });
});
