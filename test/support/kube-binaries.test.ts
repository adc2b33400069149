import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { extractKubeBinaries, helmPath, kubectlPath } from "./kube-binaries.ts";

const run = promisify(execFile);
const scratchDirs: string[] = [];

afterAll(async () => {
  await Promise.all(scratchDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("kube binaries", () => {
  it("gives the same absolute, executable kubectl and helm to concurrent callers", async () => {
    const [kubectl, again, helm] = await Promise.all([kubectlPath(), kubectlPath(), helmPath()]);
    expect(again).toBe(kubectl);
    expect(path.isAbsolute(kubectl)).toBe(true);
    expect(kubectl).toContain(path.join("node_modules", ".cache", "skyflo-bin"));
    expect((await stat(kubectl)).mode & 0o111).not.toBe(0);
    expect((await stat(helm)).mode & 0o111).not.toBe(0);
  });

  it("runs the real kubectl v1.34 and helm v4", async () => {
    const kubectl = await run(await kubectlPath(), ["version", "--client", "-o", "json"]);
    expect(JSON.parse(kubectl.stdout).clientVersion).toMatchObject({ major: "1", minor: "34" });
    const helm = await run(await helmPath(), ["version", "--short"]);
    expect(helm.stdout).toMatch(/^v4\./);
  });

  it("survives concurrent extractions into the same cache and leaves no temp dirs", async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), "skyflo-bin-"));
    scratchDirs.push(cacheDir);
    const results = await Promise.all([extractKubeBinaries(cacheDir), extractKubeBinaries(cacheDir)]);
    expect(results[1]).toEqual(results[0]);
    const entries = await readdir(cacheDir);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^kubectl-v34-/);
    const { stdout } = await run(results[0].kubectl, ["version", "--client", "-o", "json"]);
    expect(JSON.parse(stdout).clientVersion.minor).toBe("34");
  });
});
