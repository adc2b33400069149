// The examples from GitHub's "About code owners" documentation (CODEOWNERS syntax section), each as
// an explicit case, plus the whole example file parsed at once.

import { describe, expect, it } from "vitest";
import { type CodeownersRule, ownerKind, ownersOf, parseCodeowners } from "../../../app/gate/codeowners.ts";

function ownersIn(file: string, path: string): string[] | undefined {
  const { rules, errors } = parseCodeowners(file);
  expect(errors).toEqual([]);
  return ownersOf(path, rules)?.owners;
}

const DEFAULT = "*       @global-owner1 @global-owner2\n";

describe("GitHub documentation examples", () => {
  it("`*` makes default owners for everything in the repository", () => {
    expect(ownersIn(DEFAULT, "README.md")).toEqual(["@global-owner1", "@global-owner2"]);
    expect(ownersIn(DEFAULT, "deeply/nested/file.txt")).toEqual(["@global-owner1", "@global-owner2"]);
  });

  it("`*.js @js-owner` after `*` takes precedence for JS files; the inline comment is not an owner", () => {
    const file = `${DEFAULT}*.js    @js-owner #This is an inline comment.\n`;
    expect(ownersIn(file, "app.js")).toEqual(["@js-owner"]);
    expect(ownersIn(file, "src/lib/app.js")).toEqual(["@js-owner"]);
    expect(ownersIn(file, "src/lib/app.ts")).toEqual(["@global-owner1", "@global-owner2"]);
  });

  it("`*.go docs@example.com` uses an email owner", () => {
    const file = `${DEFAULT}*.go docs@example.com\n`;
    expect(ownersIn(file, "cmd/main.go")).toEqual(["docs@example.com"]);
    expect(ownerKind("docs@example.com")).toBe("email");
  });

  it("`*.txt @octo-org/octocats` uses a team owner", () => {
    const file = `${DEFAULT}*.txt @octo-org/octocats\n`;
    expect(ownersIn(file, "notes/todo.txt")).toEqual(["@octo-org/octocats"]);
    expect(ownerKind("@octo-org/octocats")).toBe("team");
    expect(ownerKind("@doctocat")).toBe("user");
  });

  it("`/build/logs/ @doctocat` owns build/logs at the root and all its subdirectories", () => {
    const file = `${DEFAULT}/build/logs/ @doctocat\n`;
    expect(ownersIn(file, "build/logs/today.log")).toEqual(["@doctocat"]);
    expect(ownersIn(file, "build/logs/2024/01/today.log")).toEqual(["@doctocat"]);
    expect(ownersIn(file, "src/build/logs/today.log")).toEqual(["@global-owner1", "@global-owner2"]);
    expect(ownersIn(file, "build/logs")).toEqual(["@global-owner1", "@global-owner2"]); // a file, not the directory
  });

  it("`docs/*` matches docs/getting-started.md but not docs/build-app/troubleshooting.md", () => {
    const file = `${DEFAULT}docs/* docs@example.com\n`;
    expect(ownersIn(file, "docs/getting-started.md")).toEqual(["docs@example.com"]);
    expect(ownersIn(file, "docs/build-app/troubleshooting.md")).toEqual(["@global-owner1", "@global-owner2"]);
  });

  it("`apps/ @octocat` owns any file in an apps directory anywhere in the repository", () => {
    const file = `${DEFAULT}apps/ @octocat\n`;
    expect(ownersIn(file, "apps/main.js")).toEqual(["@octocat"]);
    expect(ownersIn(file, "web/apps/main.js")).toEqual(["@octocat"]);
    expect(ownersIn(file, "web/apps/deep/er/main.js")).toEqual(["@octocat"]);
    expect(ownersIn(file, "web/apps")).toEqual(["@global-owner1", "@global-owner2"]);
    expect(ownersIn(file, "webapps/main.js")).toEqual(["@global-owner1", "@global-owner2"]);
  });

  it("`/docs/ @doctocat` owns docs at the root and its subdirectories only", () => {
    const file = `${DEFAULT}/docs/ @doctocat\n`;
    expect(ownersIn(file, "docs/index.md")).toEqual(["@doctocat"]);
    expect(ownersIn(file, "docs/guides/setup.md")).toEqual(["@doctocat"]);
    expect(ownersIn(file, "src/docs/index.md")).toEqual(["@global-owner1", "@global-owner2"]);
  });

  it("`/scripts/ @doctocat @octocat` needs either of two owners", () => {
    const file = `${DEFAULT}/scripts/ @doctocat @octocat\n`;
    expect(ownersIn(file, "scripts/deploy.sh")).toEqual(["@doctocat", "@octocat"]);
  });

  it("`**/logs @octocat` owns any logs directory: /build/logs, /scripts/logs, /deeply/nested/logs", () => {
    const file = `${DEFAULT}**/logs @octocat\n`;
    for (const path of ["build/logs/a.log", "scripts/logs/b.log", "deeply/nested/logs/c.log", "logs/d.log"]) {
      expect(ownersIn(file, path)).toEqual(["@octocat"]);
    }
    expect(ownersIn(file, "build/logsheet.csv")).toEqual(["@global-owner1", "@global-owner2"]);
  });

  it("`/apps/ @octocat` then `/apps/github` (no owners) leaves apps/github explicitly unowned", () => {
    const { rules } = parseCodeowners("/apps/ @octocat\n/apps/github\n");
    expect(ownersOf("apps/web/index.js", rules)?.owners).toEqual(["@octocat"]);
    expect(ownersOf("apps/github/index.js", rules)).toEqual({
      owners: [],
      rule: { pattern: "/apps/github", owners: [], line: 2 },
    });
    expect(ownersOf("README.md", rules)).toBeUndefined(); // no rule matched at all
  });

  it("`/apps/ @octocat` then `/apps/github @doctocat` gives the subdirectory its own owner", () => {
    const file = "/apps/ @octocat\n/apps/github @doctocat\n";
    expect(ownersIn(file, "apps/web/index.js")).toEqual(["@octocat"]);
    expect(ownersIn(file, "apps/github/index.js")).toEqual(["@doctocat"]);
  });

  it("a pattern repeated on two lines: only the last line's owners count", () => {
    expect(ownersIn("apps/ @octocat\napps/ @doctocat\n", "apps/x.js")).toEqual(["@doctocat"]);
  });

  it("paths are case-sensitive", () => {
    expect(ownersIn("/Docs/ @doctocat\n", "docs/index.md")).toBeUndefined();
    expect(ownersIn("*.JS @js-owner\n", "app.js")).toBeUndefined();
  });

  it("the syntax exceptions: `!` negation and `[ ]` ranges are lines GitHub skips", () => {
    const { rules, errors } = parseCodeowners("* @default\n!*.md @writers\n*.[ch] @c-owners\n");
    expect(rules.map((r) => r.line)).toEqual([1]);
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
    expect(ownersOf("README.md", rules)?.owners).toEqual(["@default"]);
    expect(ownersOf("main.c", rules)?.owners).toEqual(["@default"]);
  });
});

describe("the documentation's example file as a whole", () => {
  const EXAMPLE_FILE = `# This is a comment.
# Each line is a file pattern followed by one or more owners.

# These owners will be the default owners for everything in
# the repo. Unless a later match takes precedence,
# @global-owner1 and @global-owner2 will be requested for
# review when someone opens a pull request.
*       @global-owner1 @global-owner2

# Order is important; the last matching pattern takes the most
# precedence.
*.js    @js-owner #This is an inline comment.

*.go docs@example.com

*.txt @octo-org/octocats

/build/logs/ @doctocat

docs/* docs@example.com

apps/ @octocat

/docs/ @doctocat

/scripts/ @doctocat @octocat

**/logs @octocat

/apps/ @octocat
/apps/github
`;
  const { rules, errors } = parseCodeowners(EXAMPLE_FILE);
  const owners = (path: string) => ownersOf(path, rules)?.owners;

  it("parses without errors, keeping line numbers", () => {
    expect(errors).toEqual([]);
    expect(rules.map((r: CodeownersRule) => [r.line, r.pattern])).toEqual([
      [8, "*"],
      [12, "*.js"],
      [14, "*.go"],
      [16, "*.txt"],
      [18, "/build/logs/"],
      [20, "docs/*"],
      [22, "apps/"],
      [24, "/docs/"],
      [26, "/scripts/"],
      [28, "**/logs"],
      [30, "/apps/"],
      [31, "/apps/github"],
    ]);
  });

  it("resolves each path to the last matching line", () => {
    expect(owners("package.json")).toEqual(["@global-owner1", "@global-owner2"]);
    expect(owners("src/index.js")).toEqual(["@js-owner"]);
    expect(owners("docs/getting-started.md")).toEqual(["@doctocat"]); // /docs/ comes after docs/*
    expect(owners("build/logs/out.js")).toEqual(["@octocat"]); // **/logs is after *.js and /build/logs/
    expect(owners("scripts/build.txt")).toEqual(["@doctocat", "@octocat"]);
    expect(owners("web/apps/main.go")).toEqual(["@octocat"]);
    expect(owners("apps/github/main.go")).toEqual([]);
    expect(ownersOf("apps/github/main.go", rules)?.rule.line).toBe(31);
  });
});
