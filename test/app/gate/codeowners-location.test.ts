import { describe, expect, it } from "vitest";
import {
  CODEOWNERS_LOCATIONS,
  CODEOWNERS_MAX_BYTES,
  findCodeowners,
  locateCodeowners,
} from "../../../app/gate/codeowners.ts";

/** A read function over an in-memory tree that records which paths were asked for. */
function tree(files: Record<string, string>) {
  const asked: string[] = [];
  const read = async (path: string) => {
    asked.push(path);
    return Object.hasOwn(files, path) ? files[path] : undefined;
  };
  return { read, asked };
}

describe("findCodeowners", () => {
  it("looks in .github/, the root, then docs/ — GitHub's order", () => {
    expect(CODEOWNERS_LOCATIONS).toEqual([".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]);
    expect(Object.isFrozen(CODEOWNERS_LOCATIONS)).toBe(true);
  });

  it("uses the first file found and reads no further", async () => {
    const all = tree({ ".github/CODEOWNERS": "* @a", CODEOWNERS: "* @b", "docs/CODEOWNERS": "* @c" });
    expect(await findCodeowners(all.read)).toEqual({ path: ".github/CODEOWNERS", text: "* @a" });
    expect(all.asked).toEqual([".github/CODEOWNERS"]);

    const rootAndDocs = tree({ CODEOWNERS: "* @b", "docs/CODEOWNERS": "* @c" });
    expect(await findCodeowners(rootAndDocs.read)).toEqual({ path: "CODEOWNERS", text: "* @b" });

    const docsOnly = tree({ "docs/CODEOWNERS": "* @c" });
    expect(await findCodeowners(docsOnly.read)).toEqual({ path: "docs/CODEOWNERS", text: "* @c" });
    expect(docsOnly.asked).toEqual([".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]);
  });

  it("returns undefined when there is no CODEOWNERS, and ignores other spellings", async () => {
    const none = tree({ codeowners: "* @a", ".gitlab/CODEOWNERS": "* @b", "README.md": "hi" });
    expect(await findCodeowners(none.read)).toBeUndefined();
    expect(await locateCodeowners(none.read)).toEqual({ status: "absent" });
  });

  it("an empty file is found (it exists; it just owns nothing)", async () => {
    expect(await findCodeowners(tree({ CODEOWNERS: "" }).read)).toEqual({ path: "CODEOWNERS", text: "" });
  });

  it("treats a file of 3 MB or more as absent, without falling back to a later location", async () => {
    const big = "#".repeat(CODEOWNERS_MAX_BYTES);
    const files = tree({ ".github/CODEOWNERS": big, CODEOWNERS: "* @stale" });
    expect(await findCodeowners(files.read)).toBeUndefined();
    expect(await locateCodeowners(files.read)).toEqual({
      status: "too-large",
      path: ".github/CODEOWNERS",
      bytes: CODEOWNERS_MAX_BYTES,
    });
    const justUnder = "#".repeat(CODEOWNERS_MAX_BYTES - 1);
    expect((await findCodeowners(tree({ CODEOWNERS: justUnder }).read))?.path).toBe("CODEOWNERS");
  });

  it("measures the size in UTF-8 bytes, not characters", async () => {
    const euros = "€".repeat(CODEOWNERS_MAX_BYTES / 3); // 3 bytes each: exactly the limit, a third of the characters
    expect(await locateCodeowners(tree({ CODEOWNERS: euros }).read)).toMatchObject({ status: "too-large" });
  });

  it("passes on a failure to read", async () => {
    const failing = async () => {
      throw new Error("GitHub API: 502");
    };
    await expect(findCodeowners(failing)).rejects.toThrow("GitHub API: 502");
  });
});
