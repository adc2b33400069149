// The helm binary's private workspace: a kubeconfig of the current context only (mode 0600), Helm
// homes of its own, and nothing of the user's environment.
import { stat } from "node:fs/promises";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, describe, expect, it } from "vitest";
import { disposeHelmWorkspaces, helmWorkspace, kubeconfigText } from "../../../tools/helm/helm-workspace.ts";
import { createKubeClients } from "../../../tools/kubernetes/client.ts";

function config(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: "prod", server: "https://prod.example.com", skipTLSVerify: false },
      { name: "dev", server: "https://dev.example.com", skipTLSVerify: false },
    ],
    users: [
      { name: "robot", token: "prod-token" },
      { name: "dev-user", token: "dev-token" },
    ],
    contexts: [
      { name: "prod", cluster: "prod", user: "robot" },
      { name: "dev", cluster: "dev", user: "dev-user" },
    ],
    currentContext: "prod",
  });
  return kc;
}

afterAll(async () => {
  await disposeHelmWorkspaces();
});

describe("kubeconfigText", () => {
  it("keeps only the current context, its cluster and its user", () => {
    const written = JSON.parse(kubeconfigText(createKubeClients(config())));
    expect(written["current-context"]).toBe("prod");
    expect(written.clusters.map((c: { name: string }) => c.name)).toEqual(["prod"]);
    expect(written.users).toEqual([
      { name: "robot", user: expect.objectContaining({ token: "prod-token" }) },
    ]);
    expect(JSON.stringify(written)).not.toContain("dev-token");
  });

  it("turns client-node's in-cluster token file into client-go's tokenFile", () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: "in", server: "https://10.0.0.1:443", skipTLSVerify: false, caFile: "/var/run/ca.crt" },
      ],
      users: [{ name: "sa", authProvider: { name: "tokenFile", config: { tokenFile: "/var/run/token" } } }],
      contexts: [{ name: "in", cluster: "in", user: "sa" }],
      currentContext: "in",
    });
    const written = JSON.parse(kubeconfigText(createKubeClients(kc)));
    expect(written.users[0].user).toEqual({ tokenFile: "/var/run/token" });
  });
});

describe("helmWorkspace", () => {
  it("writes the kubeconfig once per set of clients, private, with isolated Helm homes", async () => {
    const kube = createKubeClients(config());
    const first = await helmWorkspace(kube);
    expect(await helmWorkspace(kube)).toBe(first);
    expect((await stat(first.kubeconfig)).mode & 0o777).toBe(0o600);
    expect((await stat(first.dir)).mode & 0o777).toBe(0o700);
    expect(Object.keys(first.env).sort()).toEqual(
      expect.arrayContaining([
        "HELM_CACHE_HOME",
        "HELM_CONFIG_HOME",
        "HELM_DATA_HOME",
        "HELM_DRIVER",
        "HOME",
        "PATH",
      ]),
    );
    for (const name of ["HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME", "HOME"]) {
      expect(first.env[name]?.startsWith(first.dir)).toBe(true);
    }
    expect(Object.keys(first.env).filter((name) => name.startsWith("KUBE"))).toEqual([]);

    await disposeHelmWorkspaces();
    await expect(stat(first.dir)).rejects.toThrow();
    const second = await helmWorkspace(kube);
    expect(second.dir).not.toBe(first.dir);
  });
});
