// The README's first command is `npm run demo`; this keeps what it shows, and its exit code, true.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const demo = fileURLToPath(new URL("../../scripts/demo.ts", import.meta.url));

/** Runs the demo to its end; resolves with its exit code and output (a non-zero exit is not a throw). */
function runDemo(args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [demo, ...args], { timeout: 90_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe("npm run demo", () => {
  it("runs the whole loop: request, plan PR, owner approval, checks, merge, record, and the change in the cluster", async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    // The request and the plan pull request, with its plan file, dry-run diff and digest.
    expect(stdout).toContain("│ /skyflo scale web to 5 in shop");
    expect(stdout).toMatch(/Skyflo opens plan pull request #\d+/);
    expect(stdout).toContain("tool: k8s_scale");
    expect(stdout).toContain("│ -  replicas: 3\n  │ +  replicas: 5");
    expect(stdout).toMatch(/Plan digest: `sha256:[0-9a-f]{64}`/);
    expect(stdout).not.toContain("```mermaid");
    // Each check run with its title and table.
    expect(stdout).toContain("skyflo/plan: success · Plan sha256:");
    expect(stdout).toMatch(/skyflo\/approval: success · Approved by @olivia at [0-9a-f]{7}/);
    expect(stdout).toContain("skyflo/execute: success · All 1 step done");
    expect(stdout).toMatch(/│ \| ✅ done \| scale-web \| k8s\\_scale \|/);
    expect(stdout).toContain("skyflo/verify: success · Verified: 2 of 2 intents passed");
    // The merge commit's trailers, the run record and the status.
    expect(stdout).toMatch(/│ Approved-by: @olivia \(review \d+ at [0-9a-f]{40}\)/);
    expect(stdout).toContain("│ Verified: success");
    expect(stdout).toContain('│   "outcome": "succeeded",');
    expect(stdout).toMatch(/verified it and merged \[the plan pull request\]/);
    // Read back from the cluster, and the verdict.
    expect(stdout).toContain("Deployment shop/web: spec.replicas 5, ready 5, updated 5");
    expect(stdout.trimEnd()).toMatch(/OK: the change reached the emulated cluster .*$/);
  }, 90_000);

  it("refuses an approver that is not a GitHub login, saying what it expects", async () => {
    const { code, stdout, stderr } = await runDemo(["--approver", "not a login"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('--approver must be a GitHub login such as "pat", got "not a login".');
    expect(stderr).toContain("Usage: npm run demo");
  });

  it("exits 1 and says what went wrong when the approval does not pass the gate (a non-owner approves)", async () => {
    const { code, stdout } = await runDemo(["--approver", "pat"]);
    expect(code).toBe(1);
    // Skyflo writes a zero-width space after "@" where it must not notify (GitHub mentions).
    expect(stdout).toMatch(/@\u200b?pat is not an owner of `\.skyflo\/plans\/[^`]+`/);
    expect(stdout).toContain("skyflo/execute: (no check run on");
    expect(stdout).toContain("Deployment shop/web: spec.replicas 3");
    expect(stdout).toContain("FAILED: the change did not go all the way through:");
    expect(stdout).toMatch(/- pull request #\d+ was not merged \(it is open\)\./);
    expect(stdout).toContain("- Deployment shop/web has 3 replicas in the cluster, not 5.");
  }, 90_000);
});
