// Conformance with GitHub's CODEOWNERS pattern semantics, from the data at
// ../shared/conformance/codeowners-patterns.json (beside the repository clone, also in CI).
// That data comes from hmarr/codeowners (testdata/patterns.json), MIT License,
// Copyright (c) 2020 Harry Marr — see ../shared/conformance/codeowners-patterns.LICENSE.

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ownersOf, parseCodeowners } from "../../../app/gate/codeowners.ts";
import { compileCodeownersPattern } from "../../../app/gate/codeowners-pattern.ts";

// test/app/gate/ → test/app/ → test/ → <clone>/ → its parent, which holds shared/.
const DATA_URL = new URL("../../../../shared/conformance/codeowners-patterns.json", import.meta.url);
const DATA_PATH = fileURLToPath(DATA_URL);
const EXPECTED_CASES = 153;

interface PatternCase {
  name: string;
  pattern: string;
  paths: Record<string, boolean>;
}

/** Loads and shape-checks the data; a missing or malformed file is a failure, never a skip. */
function loadCases(): { cases: PatternCase[] } | { problem: string } {
  if (!existsSync(DATA_PATH)) {
    return {
      problem: `CODEOWNERS conformance data is missing: expected ${DATA_PATH}. Check out the shared/ directory beside this repository (it holds conformance/codeowners-patterns.json) and run the test again.`,
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(DATA_PATH, "utf8"));
  } catch (error) {
    return { problem: `${DATA_PATH} cannot be read as JSON: ${(error as Error).message}` };
  }
  const valid =
    Array.isArray(data) &&
    data.every(
      (c) =>
        typeof c?.name === "string" &&
        typeof c?.pattern === "string" &&
        typeof c?.paths === "object" &&
        Object.values(c.paths).every((v) => typeof v === "boolean"),
    );
  if (!valid) {
    return { problem: `${DATA_PATH} is not a list of {name, pattern, paths: {path: boolean}} cases` };
  }
  return { cases: data as PatternCase[] };
}

const loaded = loadCases();

if ("problem" in loaded) {
  it("reads the CODEOWNERS conformance data", () => {
    expect.fail(loaded.problem);
  });
} else {
  const { cases } = loaded;
  const allChecks = cases.flatMap((c) =>
    Object.entries(c.paths).map(([path, matches]) => ({ c, path, matches })),
  );

  it(`holds all ${EXPECTED_CASES} path cases`, () => {
    expect(allChecks).toHaveLength(EXPECTED_CASES);
  });

  describe("pattern matcher", () => {
    for (const c of cases) {
      it(`${c.name}: ${c.pattern}`, () => {
        const pattern = compileCodeownersPattern(c.pattern);
        const got = Object.fromEntries(Object.keys(c.paths).map((path) => [path, pattern.matches(path)]));
        expect(got).toEqual(c.paths);
      });
    }

    it(`passes ${EXPECTED_CASES}/${EXPECTED_CASES}`, () => {
      const failures = allChecks.filter(
        ({ c, path, matches }) => compileCodeownersPattern(c.pattern).matches(path) !== matches,
      );
      expect(failures.map(({ c, path }) => `${c.pattern} ~ ${path}`)).toEqual([]);
    });
  });

  describe("through parseCodeowners and ownersOf", () => {
    // GitHub rejects unescaped brackets on a CODEOWNERS line ("both [ and ] must be escaped"), so
    // those patterns go through the file escaped; the matcher treats brackets literally either way.
    const asWritten = (pattern: string) => pattern.replace(/(?<!\\)([[\]])/g, "\\$1");

    for (const c of cases) {
      it(`${c.name}: ${asWritten(c.pattern)} @owner`, () => {
        const { rules, errors } = parseCodeowners(`${asWritten(c.pattern)} @owner\n`);
        expect(errors).toEqual([]);
        const got = Object.fromEntries(
          Object.keys(c.paths).map((path) => [path, ownersOf(path, rules) !== undefined]),
        );
        expect(got).toEqual(c.paths);
      });
    }

    it("reports the unescaped bracket pattern as a line GitHub skips", () => {
      const bracketed = cases.filter((c) => /(?<!\\)[[\]]/.test(c.pattern));
      expect(bracketed.map((c) => c.pattern)).toEqual(["/apps/[param]/file.ts"]);
      const { rules, errors } = parseCodeowners("/apps/[param]/file.ts @owner\n");
      expect(rules).toEqual([]);
      expect(errors).toEqual([
        { line: 1, message: expect.stringContaining('escape literal brackets as "\\[" and "\\]"') },
      ]);
    });
  });
}
