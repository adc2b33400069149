import { describe, expect, it } from "vitest";
import { type CodeownersRule, ownerKind, ownersOf, parseCodeowners } from "../../../app/gate/codeowners.ts";

describe("parseCodeowners", () => {
  it("skips blank lines and comments and numbers lines from 1, for \\n, \\r\\n and \\r endings", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const { rules, errors } = parseCodeowners(
        ["# owners", "", "   ", "* @a", "  # indented comment", "*.js @b"].join(eol),
      );
      expect(errors).toEqual([]);
      expect(rules).toEqual([
        { pattern: "*", owners: ["@a"], line: 4 },
        { pattern: "*.js", owners: ["@b"], line: 6 },
      ]);
    }
  });

  it("ignores a byte-order mark and surrounding whitespace, and splits on tabs", () => {
    expect(parseCodeowners("\uFEFF  /src/\t@a\t  @org/team  \n").rules).toEqual([
      { pattern: "/src/", owners: ["@a", "@org/team"], line: 1 },
    ]);
  });

  it("starts an inline comment at a # after whitespace; a # inside a token is literal", () => {
    const { rules } = parseCodeowners("*.js @a # @b is not an owner\nfoo#bar @c #x\n");
    expect(rules).toEqual([
      { pattern: "*.js", owners: ["@a"], line: 1 },
      { pattern: "foo#bar", owners: ["@c"], line: 2 },
    ]);
    expect(ownersOf("foo#bar", rules)?.owners).toEqual(["@c"]);
  });

  it("treats \\# as a literal # so a pattern can start with it", () => {
    const { rules, errors } = parseCodeowners("\\#notes.md @a\n");
    expect(errors).toEqual([]);
    expect(rules).toEqual([{ pattern: "\\#notes.md", owners: ["@a"], line: 1 }]);
    expect(ownersOf("#notes.md", rules)?.owners).toEqual(["@a"]);
    expect(ownersOf("notes.md", rules)).toBeUndefined();
  });

  it("keeps an escaped space inside the pattern", () => {
    const { rules } = parseCodeowners("/My\\ Documents/ @a\n");
    expect(rules[0]?.pattern).toBe("/My\\ Documents/");
    expect(ownersOf("My Documents/x.txt", rules)?.owners).toEqual(["@a"]);
  });

  it("keeps a rule without owners: it makes matching paths explicitly unowned", () => {
    const { rules } = parseCodeowners("* @a\n/vendor/ # nobody\n");
    expect(rules[1]).toEqual({ pattern: "/vendor/", owners: [], line: 2 });
    expect(ownersOf("vendor/lib.js", rules)).toEqual({ owners: [], rule: rules[1] });
    expect(ownersOf("src/lib.js", rules)?.owners).toEqual(["@a"]);
  });

  it("reports `!` negation with its line and skips that line; `\\!` is a literal !", () => {
    const { rules, errors } = parseCodeowners("* @a\n!secrets/ @b\n\\!important.md @c\n");
    expect(errors).toEqual([
      { line: 2, message: expect.stringContaining('negation with "!" is not supported') },
    ]);
    expect(rules.map((r) => r.line)).toEqual([1, 3]);
    expect(ownersOf("secrets/key", rules)?.owners).toEqual(["@a"]);
    expect(ownersOf("!important.md", rules)?.owners).toEqual(["@c"]);
  });

  it("reports unescaped [ ] with its line and skips it; escaped brackets are literal", () => {
    const { rules, errors } = parseCodeowners("*.[ch] @a\npages/\\[id\\].tsx @b\nx]y @c\n");
    expect(errors).toEqual([
      { line: 1, message: expect.stringContaining('character ranges with "[ ]" are not supported') },
      { line: 3, message: expect.stringContaining("escape literal brackets") },
    ]);
    expect(rules.map((r) => r.line)).toEqual([2]);
    expect(ownersOf("pages/[id].tsx", rules)?.owners).toEqual(["@b"]);
    expect(ownersOf("pages/i.tsx", rules)).toBeUndefined();
  });

  it("reports a pattern ending in a lone backslash", () => {
    expect(parseCodeowners("docs\\").errors).toEqual([
      { line: 1, message: expect.stringContaining('ends with a lone "\\"') },
    ]);
  });

  it("reports invalid owner tokens, naming the token and the accepted forms, and skips the line", () => {
    const { rules, errors } = parseCodeowners(
      [
        "* @ok",
        "*.js js-owner",
        "*.go @",
        "*.rb @org/team/sub",
        "*.py @-dash",
        "*.ts user@nodot",
        "*.md @a, @b",
      ].join("\n"),
    );
    expect(rules.map((r) => r.line)).toEqual([1]);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(errors[0]?.message).toBe(
      '"js-owner" is not a valid owner, so GitHub skips this line; write owners as @username, @org/team-name or an email address, separated by spaces',
    );
    expect(errors[5]?.message).toContain('"@a,"');
  });

  it("accepts user, team and email owners", () => {
    const owners = [
      "@octocat",
      "@Octo-Cat",
      "@user_acme",
      "@octo-org/octocats",
      "@org/Team_Name.v2",
      "first.last+tag@sub.example.co.uk",
    ];
    const { rules, errors } = parseCodeowners(`* ${owners.join(" ")}\n`);
    expect(errors).toEqual([]);
    expect(rules[0]?.owners).toEqual(owners);
    expect(owners.map(ownerKind)).toEqual(["user", "user", "user", "team", "team", "email"]);
  });

  it("keeps parsing after an error and never throws on arbitrary text", () => {
    const { rules, errors } = parseCodeowners("[Section] @a\n* @b\n\u0000 @c\n");
    expect(errors.map((e) => e.line)).toEqual([1]);
    expect(rules.map((r) => r.line)).toEqual([2, 3]);
  });
});

describe("ownersOf", () => {
  const { rules } = parseCodeowners("* @all\n/k8s/ @platform\n/k8s/prod/ @sre @org/oncall\n");

  it("returns the last matching rule and its owners", () => {
    expect(ownersOf("k8s/prod/web.yaml", rules)).toEqual({ owners: ["@sre", "@org/oncall"], rule: rules[2] });
    expect(ownersOf("k8s/staging/web.yaml", rules)?.rule.line).toBe(2);
    expect(ownersOf("README.md", rules)?.rule.line).toBe(1);
  });

  it("returns undefined when no rule matches, and with no rules", () => {
    expect(ownersOf("k8s/web.yaml", rules.slice(1, 2))?.owners).toEqual(["@platform"]);
    expect(ownersOf("src/web.ts", rules.slice(1))).toBeUndefined();
    expect(ownersOf("src/web.ts", [])).toBeUndefined();
  });

  it("hands out a copy of the owners, so callers cannot change the rule", () => {
    const result = ownersOf("k8s/prod/web.yaml", rules);
    result?.owners.push("@intruder");
    expect(rules[2]?.owners).toEqual(["@sre", "@org/oncall"]);
  });

  it("never matches hand-built rules with syntax GitHub skips", () => {
    const handBuilt: CodeownersRule[] = [
      { pattern: "*", owners: ["@all"], line: 1 },
      { pattern: "!docs/", owners: ["@x"], line: 2 },
      { pattern: "[a-z]*", owners: ["@y"], line: 3 },
    ];
    expect(ownersOf("readme.md", handBuilt)?.owners).toEqual(["@all"]);
  });

  it("rejects paths that cannot be files in a Git tree, with what to pass instead", () => {
    for (const bad of [
      "",
      "/k8s/web.yaml",
      "k8s//web.yaml",
      "./k8s/web.yaml",
      "k8s/../secrets/key",
      "..",
      "k8s/.",
    ]) {
      expect(() => ownersOf(bad, rules)).toThrow(
        /is not a repository file path; pass it as GitHub lists changed files/,
      );
    }
  });

  it("accepts a trailing / to ask about a directory", () => {
    expect(ownersOf("k8s/prod/", rules)?.rule.line).toBe(3);
  });
});
