import { describe, expect, it } from "vitest";
import { parseMcpArgs } from "../../../app/cli/mcp-command.ts";

describe("parseMcpArgs", () => {
  it("is read-only on stdio by default", () => {
    expect(parseMcpArgs([])).toEqual({
      kubeconfig: undefined,
      context: undefined,
      namespaces: ["*"],
      allowWrite: false,
      http: false,
      host: "127.0.0.1",
      port: 3333,
      timeoutMs: 30000,
    });
  });

  it("reads every flag", () => {
    const options = parseMcpArgs([
      "--kubeconfig",
      "/tmp/kc",
      "--context",
      "emulator",
      "--namespaces",
      "shop, team-*",
      "--allow-write",
      "--http",
      "--port",
      "0",
      "--timeout-ms",
      "500",
    ]);
    expect(options).toMatchObject({
      kubeconfig: "/tmp/kc",
      context: "emulator",
      namespaces: ["shop", "team-*"],
      allowWrite: true,
      http: true,
      port: 0,
      timeoutMs: 500,
    });
  });

  it("explains bad flags", () => {
    expect(() => parseMcpArgs(["--port", "http"])).toThrow(
      '--port must be a whole number from 0 to 65535, got "http".',
    );
    expect(() => parseMcpArgs(["--namespaces", "shop,../etc"])).toThrow(
      '--namespaces: "../etc" is not a namespace name or glob',
    );
    expect(() => parseMcpArgs(["--timeout-ms", "5"])).toThrow(
      "--timeout-ms must be a whole number of milliseconds ≥ 100",
    );
    expect(() => parseMcpArgs(["--allow-writes"])).toThrow(/Unknown option '--allow-writes'/);
  });
});
