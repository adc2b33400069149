import { describe, expect, it } from "vitest";
import { CommitFileCache } from "../../../app/pipeline/commit-file-cache.ts";

const repo = { owner: "acme", repo: "shop" };
const sha = (n: number) => n.toString(16).padStart(40, "0");

describe("CommitFileCache", () => {
  it("reads a file once per commit, including concurrent asks", async () => {
    const cache = new CommitFileCache();
    let loads = 0;
    const load = async () => {
      loads += 1;
      return "text";
    };
    const [a, b] = await Promise.all([
      cache.read(repo, sha(1), "CODEOWNERS", load),
      cache.read(repo, sha(1), "CODEOWNERS", load),
    ]);
    expect([a, b, loads]).toEqual(["text", "text", 1]);
    await cache.read(repo, sha(2), "CODEOWNERS", load);
    await cache.read({ owner: "acme", repo: "other" }, sha(1), "CODEOWNERS", load);
    expect(loads).toBe(3);
  });

  it("remembers missing files but not failures", async () => {
    const cache = new CommitFileCache();
    expect(await cache.read(repo, sha(1), "x", async () => undefined)).toBeUndefined();
    expect(await cache.read(repo, sha(1), "x", async () => "late")).toBeUndefined();
    await expect(cache.read(repo, sha(1), "y", async () => Promise.reject(new Error("503")))).rejects.toThrow(
      "503",
    );
    expect(await cache.read(repo, sha(1), "y", async () => "ok")).toBe("ok");
  });

  it("never caches a branch name and keeps at most `capacity` files", async () => {
    const cache = new CommitFileCache(2);
    let loads = 0;
    const load = async () => String(++loads);
    await cache.read(repo, "main", "f", load);
    await cache.read(repo, "main", "f", load);
    expect(loads).toBe(2);
    await cache.read(repo, sha(1), "a", load);
    await cache.read(repo, sha(1), "b", load);
    await cache.read(repo, sha(1), "a", load); // a is now the most recent
    await cache.read(repo, sha(1), "c", load); // evicts b
    expect(await cache.read(repo, sha(1), "a", load)).toBe("3");
    expect(await cache.read(repo, sha(1), "b", load)).toBe("6");
  });
});
