// `npm run demo:tools` walks through the tool server; this keeps its walkthrough true.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const demo = fileURLToPath(new URL("../../scripts/demo-tools.ts", import.meta.url));

describe("npm run demo:tools -- --once", () => {
  it("serves the tools through the real CLI and shows a dry-run diff with secrets masked", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [demo, "--once"], { timeout: 60_000 });
    // Every registered tool is listed (the count grows as tool families are added).
    const served = /(\d+) tools served at http:\/\/127\.0\.0\.1:\d+\/mcp/.exec(stdout);
    expect(Number(served?.[1])).toBeGreaterThanOrEqual(15);
    expect(stdout).toContain("k8s_delete             destructive");
    expect(stdout).toContain('Deployment "web" in namespace "shop"');
    expect(stdout).toContain("-  replicas: 3\n+  replicas: 5");
    expect(stdout).toContain('{"password":"<redacted: 28 bytes>"}');
    expect(stdout).not.toContain(Buffer.from("correct-horse-battery-staple").toString("base64"));
    expect(stdout.trimEnd().endsWith("Done.")).toBe(true);
  });
});
