// The real kubectl (v1.34) sending each patch type and server-side apply to the emulator.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubectlSession, startKubectlSession } from "../../../support/kubectl-session.ts";

let session: KubectlSession;
let home: string;
let kubectl: KubectlSession["kubectl"];
let kubectlFails: KubectlSession["kubectlFails"];

beforeAll(async () => {
  session = await startKubectlSession({ namespace: "default" });
  ({ home, kubectl, kubectlFails } = session);
});

afterAll(async () => {
  await session?.close();
});

function deploymentYaml(name: string, replicas: number, image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: ${image}
        env: [{name: MODE, value: prod}]
      - name: sidecar
        image: envoy:1.30
`;
}

async function applyFile(name: string, yaml: string, ...flags: string[]): Promise<string> {
  const file = join(home, `${name}.yaml`);
  await writeFile(file, yaml);
  return kubectl("apply", "-f", file, ...flags);
}

describe("kubectl patches against the emulator", () => {
  it("merges containers by name with the default strategic merge patch", async () => {
    await applyFile("web", deploymentYaml("web", 1, "nginx:1.27"));
    await kubectl(
      "patch",
      "deployment/web",
      "-p",
      '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"LOG","value":"debug"}]}]}}}}',
    );
    const containers = JSON.parse(
      await kubectl("get", "deployment/web", "-o", "jsonpath={.spec.template.spec.containers}"),
    );
    expect(containers.map((c: { name: string }) => c.name)).toEqual(["web", "sidecar"]);
    expect(containers[0].env).toEqual([
      { name: "MODE", value: "prod" },
      { name: "LOG", value: "debug" },
    ]);
  });

  it("replaces lists with a merge patch and applies JSON patches, reporting a failed test op", async () => {
    await kubectl(
      "patch",
      "deployment/web",
      "--type=merge",
      "-p",
      '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"busybox"}]}}}}',
    );
    expect(
      await kubectl("get", "deployment/web", "-o", "jsonpath={.spec.template.spec.containers[*].name}"),
    ).toBe("only");
    await kubectl(
      "patch",
      "deployment/web",
      "--type=json",
      "-p",
      '[{"op":"replace","path":"/spec/replicas","value":2}]',
    );
    expect(await kubectl("get", "deployment/web", "-o", "jsonpath={.spec.replicas}")).toBe("2");
    const failure = await kubectlFails(
      "patch",
      "deployment/web",
      "--type=json",
      "-p",
      '[{"op":"test","path":"/spec/replicas","value":7}]',
    );
    // kubectl prints the Status causes: field and message.
    expect(failure).toContain(
      "The request is invalid: /spec/replicas: test operation failed: the value at the path is not the expected one (expected 7)",
    );
  });

  it("server-side apply conflicts with another manager's field until forced", async () => {
    await applyFile(
      "shop",
      deploymentYaml("shop", 2, "nginx:1.27"),
      "--server-side",
      "--field-manager=skyflo",
    );
    await kubectl("scale", "deployment/shop", "--replicas=4");
    const conflict = await kubectlFails(
      "apply",
      "-f",
      join(home, "shop.yaml"),
      "--server-side",
      "--field-manager=skyflo",
    );
    expect(conflict).toMatch(
      /Apply failed with 1 conflict: conflict with "[\w-]+"( with subresource "scale")? using apps\/v1: \.spec\.replicas/,
    );

    // Same values from another applier: shared ownership, no conflict.
    const same = deploymentYaml("shop", 4, "nginx:1.27");
    await applyFile("shop-other", same, "--server-side", "--field-manager=other");

    await kubectl(
      "apply",
      "-f",
      join(home, "shop.yaml"),
      "--server-side",
      "--field-manager=skyflo",
      "--force-conflicts",
    );
    expect(await kubectl("get", "deployment/shop", "-o", "jsonpath={.spec.replicas}")).toBe("2");
    const managers = JSON.parse(
      await kubectl("get", "deployment/shop", "-o", "json", "--show-managed-fields"),
    ).metadata.managedFields as {
      manager: string;
      operation: string;
      fieldsV1: { "f:spec"?: Record<string, unknown> };
    }[];
    const skyflo = managers.find((m) => m.manager === "skyflo");
    expect(skyflo?.operation).toBe("Apply");
    expect(skyflo?.fieldsV1["f:spec"]).toHaveProperty("f:replicas");
    const other = managers.find((m) => m.manager === "other");
    expect(other?.fieldsV1["f:spec"]).not.toHaveProperty("f:replicas");
    expect(other?.fieldsV1["f:spec"]).toHaveProperty("f:template");
  });

  it("server-side apply with a dry run reports the merged object without storing it", async () => {
    // "other" co-owns the image with the same value, so changing it needs --force-conflicts.
    const changed = deploymentYaml("shop", 2, "nginx:1.28");
    const preview = await applyFile(
      "shop-next",
      changed,
      "--server-side",
      "--field-manager=skyflo",
      "--dry-run=server",
      "--force-conflicts",
      "-o",
      "jsonpath={.spec.template.spec.containers[0].image}",
    );
    expect(preview).toBe("nginx:1.28");
    expect(
      await kubectl("get", "deployment/shop", "-o", "jsonpath={.spec.template.spec.containers[0].image}"),
    ).toBe("nginx:1.27");
  });
});
