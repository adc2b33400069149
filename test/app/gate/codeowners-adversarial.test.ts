// Inputs meant to break a CODEOWNERS implementation: size, length, wildcard blow-ups, regex
// metacharacters, path tricks and Unicode. Slow paths show up as a test timeout, not a timed assertion.

import { describe, expect, it } from "vitest";
import {
  CODEOWNERS_MAX_BYTES,
  findCodeowners,
  ownersOf,
  parseCodeowners,
} from "../../../app/gate/codeowners.ts";
import { compileCodeownersPattern } from "../../../app/gate/codeowners-pattern.ts";

function ownersIn(file: string, path: string): string[] | undefined {
  const { rules, errors } = parseCodeowners(file);
  expect(errors).toEqual([]);
  return ownersOf(path, rules)?.owners;
}

describe("size", () => {
  it("parses a file just under GitHub's 3 MB limit and still resolves the last matching line", async () => {
    const lines = ["* @everyone"];
    let size = lines[0]?.length ?? 0;
    for (let i = 0; size < CODEOWNERS_MAX_BYTES - 200; i++) {
      const line = `/services/svc-${i}/ @org/team-${i % 977} @owner-${i}`;
      lines.push(line);
      size += line.length + 1;
    }
    const text = `${lines.join("\n")}\n`;
    expect(Buffer.byteLength(text)).toBeLessThan(CODEOWNERS_MAX_BYTES);
    const found = await findCodeowners(async (path) => (path === "CODEOWNERS" ? text : undefined));
    expect(found?.path).toBe("CODEOWNERS");

    const { rules, errors } = parseCodeowners(found?.text ?? "");
    expect(errors).toEqual([]);
    expect(rules).toHaveLength(lines.length);
    const last = rules.length - 2;
    expect(ownersOf(`services/svc-${last}/deploy.yaml`, rules)?.owners).toEqual([
      `@org/team-${last % 977}`,
      `@owner-${last}`,
    ]);
    expect(ownersOf("services/svc-0/deploy.yaml", rules)?.rule.line).toBe(2);
    expect(ownersOf("README.md", rules)?.rule.line).toBe(1); // scans every rule back to the first
  });

  it("handles a one-megabyte pattern and a line with ten thousand owners", () => {
    const long = "a".repeat(1_000_000);
    expect(ownersIn(`/${long} @a\n`, long)).toEqual(["@a"]);
    expect(ownersIn(`/${long} @a\n`, `${long.slice(1)}b`)).toBeUndefined();
    const owners = Array.from({ length: 10_000 }, (_, i) => `@user-${i}`);
    expect(ownersIn(`* ${owners.join(" ")}\n`, "x")).toEqual(owners);
  });

  it("stays fast on wildcard-heavy patterns that would make a backtracking regex explode", () => {
    const segment = "a".repeat(50_000);
    expect(compileCodeownersPattern(`${"*a".repeat(20_000)}*b`).matches(segment)).toBe(false);
    expect(compileCodeownersPattern(`${"*a".repeat(20_000)}*`).matches(segment)).toBe(true);
    expect(compileCodeownersPattern("*aab*".repeat(2)).matches(segment)).toBe(false);
    expect(compileCodeownersPattern("?".repeat(50_000)).matches(segment)).toBe(true);
    expect(compileCodeownersPattern("?".repeat(50_001)).matches(segment)).toBe(false);
  });

  it("stays fast on many ** segments against a very deep path", () => {
    const deep = `${Array.from({ length: 5_000 }, (_, i) => `d${i}`).join("/")}/file.txt`;
    expect(compileCodeownersPattern("**/d10/**/d2000/**/d4999/*.txt").matches(deep)).toBe(true);
    expect(compileCodeownersPattern(`${"**/d1/".repeat(2_000)}**`).matches(deep)).toBe(false);
    expect(compileCodeownersPattern(`${"**/".repeat(2_000)}file.txt`).matches(deep)).toBe(true);
  });
});

describe("regex metacharacters are literal", () => {
  it("`.` matches only a dot", () => {
    expect(ownersIn("a.b @x\n", "a.b")).toEqual(["@x"]);
    expect(ownersIn("a.b @x\n", "axb")).toBeUndefined();
    expect(ownersIn("*.yaml @x\n", "k8s/webXyaml")).toBeUndefined();
  });

  it("`+` is not a repetition", () => {
    expect(ownersIn("/c++/ @x\n", "c++/main.cc")).toEqual(["@x"]);
    expect(ownersIn("/c++/ @x\n", "c/main.cc")).toBeUndefined();
    expect(ownersIn("/c++/ @x\n", "ccc/main.cc")).toBeUndefined();
  });

  it("`(` `)` route groups are plain characters, balanced or not", () => {
    expect(ownersIn("app/(auth)/login/page.tsx @x\n", "app/(auth)/login/page.tsx")).toEqual(["@x"]);
    expect(ownersIn("app/(auth)/login/page.tsx @x\n", "app/auth/login/page.tsx")).toBeUndefined();
    expect(ownersIn("app/(auth/ @x\n", "app/(auth/a.ts")).toEqual(["@x"]);
  });

  it("`^ $ | { } ,` and escaped letters match themselves; no brace expansion", () => {
    expect(ownersIn("^a|b$ @x\n", "^a|b$")).toEqual(["@x"]);
    expect(ownersIn("^a|b$ @x\n", "a")).toBeUndefined();
    expect(ownersIn("*.{js,ts} @x\n", "src/x.{js,ts}")).toEqual(["@x"]);
    expect(ownersIn("*.{js,ts} @x\n", "src/x.js")).toBeUndefined();
    expect(ownersIn("\\d.txt @x\n", "d.txt")).toEqual(["@x"]);
    expect(ownersIn("\\d.txt @x\n", "1.txt")).toBeUndefined();
  });

  it("`\\*` and `\\?` are literal", () => {
    expect(ownersIn("f\\*o @x\n", "f*o")).toEqual(["@x"]);
    expect(ownersIn("f\\*o @x\n", "foo")).toBeUndefined();
    expect(ownersIn("f\\?o @x\n", "foo")).toBeUndefined();
  });
});

describe("path tricks", () => {
  const { rules } = parseCodeowners("* @all\n/docs/ @writers\n/secrets/ @security\n");

  it("refuses `..` and `.` rather than letting docs/../secrets borrow docs' owners", () => {
    expect(() => ownersOf("docs/../secrets/key", rules)).toThrow(/not a repository file path/);
    expect(() => ownersOf("docs/./x", rules)).toThrow(/not a repository file path/);
    expect(ownersOf("secrets/key", rules)?.owners).toEqual(["@security"]);
  });

  it("a `..` pattern never matches a real path", () => {
    const { rules: dotted } = parseCodeowners("../secrets/ @x\n");
    expect(ownersOf("secrets/key", dotted)).toBeUndefined();
  });

  it("does not treat names that merely start like a directory as inside it", () => {
    expect(ownersOf("docs-old/x.md", rules)?.owners).toEqual(["@all"]);
    expect(ownersOf("secretsfile", rules)?.owners).toEqual(["@all"]);
  });

  it("dotfiles are ordinary names", () => {
    expect(ownersIn("* @all\n.github/ @ci\n", ".github/workflows/ci.yml")).toEqual(["@ci"]);
    expect(ownersIn("*.yml @y\n", ".github/workflows/.hidden.yml")).toEqual(["@y"]);
  });
});

describe("Unicode", () => {
  it("matches non-ASCII names exactly", () => {
    expect(ownersIn("/dokumente/über/ @a\n", "dokumente/über/plan.md")).toEqual(["@a"]);
    expect(ownersIn("/文档/ @a\n", "文档/说明.md")).toEqual(["@a"]);
    expect(ownersIn("/dokumente/über/ @a\n", "dokumente/uber/plan.md")).toBeUndefined();
  });

  it("`?` stands for one character, including astral ones like emoji", () => {
    expect(ownersIn("?.md @a\n", "😀.md")).toEqual(["@a"]);
    expect(ownersIn("?.md @a\n", "ab.md")).toBeUndefined();
    expect(ownersIn("/😀*/ @a\n", "😀😀/x")).toEqual(["@a"]);
  });

  it("compares code points as written: no case folding or normalization (NFC ü ≠ NFD ü)", () => {
    const nfc = "\u00fc.md";
    const nfd = "u\u0308.md";
    expect(ownersIn(`${nfc} @a\n`, nfc)).toEqual(["@a"]);
    expect(ownersIn(`${nfc} @a\n`, nfd)).toBeUndefined();
    expect(ownersIn("/ÄRGER/ @a\n", "ärger/x")).toBeUndefined();
  });

  it("invisible and bidi characters are ordinary characters, not separators", () => {
    expect(ownersIn("a\u200bb @a\n", "ab")).toBeUndefined();
    expect(ownersIn("a\u200bb @a\n", "a\u200bb")).toEqual(["@a"]);
    expect(ownersIn("x\u202etxt.js @a\n", "x\u202etxt.js")).toEqual(["@a"]);
  });

  it("a non-breaking space is part of the pattern, not whitespace between pattern and owners", () => {
    const { rules, errors } = parseCodeowners("a\u00a0@b @c\n");
    expect(errors).toEqual([]);
    expect(rules[0]).toEqual({ pattern: "a\u00a0@b", owners: ["@c"], line: 1 });
  });
});
