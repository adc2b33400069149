import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  DEFAULT_REPO_CONFIG,
  MAX_REPO_CONFIG_BYTES,
  type RepoConfig,
  RepoConfigSchema,
  readRepoConfig,
} from "../../../app/config/repo-config.ts";
import { REPO_ROOT } from "../../../scripts/generate-schemas.ts";

const FILE = ".github/skyflo.yml";

function read(text: string | undefined): RepoConfig {
  const result = readRepoConfig(text, FILE);
  if (!result.ok) throw new Error(`expected a valid config, got:\n${result.errors.join("\n")}`);
  return result.config;
}

function errorsOf(text: string): string[] {
  const result = readRepoConfig(text, FILE);
  if (result.ok) throw new Error("expected errors, got a valid config");
  return result.errors;
}

const DEFAULTS: RepoConfig = {
  approvals: { required: 1, allowSelfApproval: false, allowUnowned: false, rules: [] },
  planDirectory: ".skyflo/plans",
  mergeMethod: "squash",
  closeIssueOnMerge: false,
  failedRunLabel: "skyflo/run-failed",
};

describe("readRepoConfig: valid configs", () => {
  it("gives the defaults when there is no file", () => {
    expect(read(undefined)).toEqual(DEFAULTS);
    expect(DEFAULT_REPO_CONFIG).toEqual(DEFAULTS);
  });

  it("hands out a fresh copy of the defaults (callers cannot change them for everyone)", () => {
    const first = read(undefined);
    first.approvals.rules.push({ paths: ["x"], required: 2 });
    expect(read(undefined).approvals.rules).toEqual([]);
  });

  it.each([
    ["an empty file", ""],
    ["only comments", "# Skyflo settings\n# nothing yet\n"],
    ["an empty mapping", "{}\n"],
  ])("gives the defaults for %s", (_name, text) => {
    expect(read(text)).toEqual(DEFAULTS);
  });

  it("reads every field", () => {
    const config = read(`
requesters:
  users: ["@alice", bob]
  teams: ["@acme/platform", acme/sre]
namespaces:
  allow: [shop, team-*]
  deny: [kube-system]
tools:
  allow: ["k8s_*"]
  deny: [k8s_delete]
approvals:
  required: 2
  allowSelfApproval: true
  allowUnowned: true
  rules:
    - paths: ["k8s/prod/**", ".skyflo/plans/*-prod-*.yaml"]
      required: 3
planDirectory: ops/skyflo-plans
mergeMethod: rebase
`);
    expect(config).toEqual({
      requesters: { users: ["alice", "bob"], teams: ["acme/platform", "acme/sre"] },
      namespaces: { allow: ["shop", "team-*"], deny: ["kube-system"] },
      tools: { allow: ["k8s_*"], deny: ["k8s_delete"] },
      approvals: {
        required: 2,
        allowSelfApproval: true,
        allowUnowned: true,
        rules: [{ paths: ["k8s/prod/**", ".skyflo/plans/*-prod-*.yaml"], required: 3 }],
      },
      planDirectory: "ops/skyflo-plans",
      mergeMethod: "rebase",
      closeIssueOnMerge: false,
      failedRunLabel: "skyflo/run-failed",
    } satisfies RepoConfig);
  });

  it("fills in what a partial section leaves out", () => {
    const config = read("requesters:\n  teams: [acme/sre]\napprovals:\n  allowSelfApproval: true\n");
    expect(config.requesters).toEqual({ users: [], teams: ["acme/sre"] });
    expect(config.approvals).toEqual({
      required: 1,
      allowSelfApproval: true,
      allowUnowned: false,
      rules: [],
    });
  });

  it.each([".skyflo/plans", "plans", "ops/.skyflo/plans", "a_b/c-d/e.f", ".gitops/plans"])(
    "accepts the plan directory %s",
    (dir) => {
      expect(read(`planDirectory: ${JSON.stringify(dir)}\n`).planDirectory).toBe(dir);
    },
  );

  it("accepts Windows line ends", () => {
    expect(read("mergeMethod: merge\r\napprovals:\r\n  required: 2\r\n").approvals.required).toBe(2);
  });
});

describe("readRepoConfig: errors name the file, the field and the line", () => {
  const cases: Array<[name: string, text: string, expected: string[]]> = [
    [
      "approvals below 1",
      "# Skyflo\nmergeMethod: squash\napprovals:\n  required: 0\n",
      ["`.github/skyflo.yml`: approvals.required: expected a whole number between 1 and 10, got 0 (line 4)"],
    ],
    [
      "approvals above 10",
      "approvals:\n  required: 11\n",
      ["`.github/skyflo.yml`: approvals.required: expected a whole number between 1 and 10, got 11 (line 2)"],
    ],
    [
      "approvals not whole",
      "approvals:\n  required: 1.5\n",
      [
        "`.github/skyflo.yml`: approvals.required: expected a whole number between 1 and 10, got 1.5 (line 2)",
      ],
    ],
    [
      "approvals as text",
      'approvals:\n  required: "two"\n',
      [
        '`.github/skyflo.yml`: approvals.required: expected a whole number between 1 and 10, got "two" (line 2)',
      ],
    ],
    [
      "a misspelt field",
      "approvals:\n  allowSelfApprove: true\n",
      [
        '`.github/skyflo.yml`: approvals: unknown field "allowSelfApprove" — did you mean "allowSelfApproval"? (line 2)',
      ],
    ],
    [
      "an unknown top-level field",
      "mergeMethod: squash\nautoMerge: true\n",
      [
        '`.github/skyflo.yml`: unknown field "autoMerge"; known fields: requesters, namespaces, tools, approvals, planDirectory, mergeMethod, closeIssueOnMerge, failedRunLabel (line 2)',
      ],
    ],
    [
      "an unknown merge method",
      "mergeMethod: fast-forward\n",
      [
        '`.github/skyflo.yml`: mergeMethod: expected one of "merge", "squash", "rebase", got "fast-forward" (line 1)',
      ],
    ],
    [
      "yes is not a boolean (YAML 1.2)",
      "approvals:\n  allowSelfApproval: yes\n",
      ['`.github/skyflo.yml`: approvals.allowSelfApproval: expected true or false, got "yes" (line 2)'],
    ],
    [
      "a team without an org",
      "requesters:\n  teams: [sre]\n",
      [
        '`.github/skyflo.yml`: requesters.teams[0]: expected a team as "org/team-slug", such as "acme/platform", got "sre" (line 2)',
      ],
    ],
    [
      "a login with a space",
      'requesters:\n  users: ["alice smith"]\n',
      [
        "`.github/skyflo.yml`: requesters.users[0]: expected a login: letters, digits, '.', '_' and '-' (an '@' in front is fine), got \"alice smith\" (line 2)",
      ],
    ],
    [
      "requesters that name nobody",
      "requesters:\n  users: []\n",
      [
        "`.github/skyflo.yml`: requesters: list at least one user or team; to let everyone with write access ask, remove `requesters` instead (line 1)",
      ],
    ],
    [
      "a namespace in capitals",
      "namespaces:\n  allow: [Shop]\n",
      [
        "`.github/skyflo.yml`: namespaces.allow[0]: expected a namespace name (lower-case letters, digits and '-'), where '*' matches any characters, such as \"team-*\", got \"Shop\" (line 2)",
      ],
    ],
    [
      "a namespace crafted to look like a flag",
      "namespaces:\n  deny: [--all-namespaces]\n",
      [
        "`.github/skyflo.yml`: namespaces.deny[0]: expected a namespace name (lower-case letters, digits and '-'), where '*' matches any characters, such as \"team-*\", got \"--all-namespaces\" (line 2)",
      ],
    ],
    [
      "a tool name with a dash",
      "tools:\n  deny: [k8s-delete]\n",
      [
        "`.github/skyflo.yml`: tools.deny[0]: expected a tool name (lower-case letters, digits and '_'), where '*' matches any characters, such as \"k8s_*\", got \"k8s-delete\" (line 2)",
      ],
    ],
    [
      "an empty allow list",
      "tools:\n  allow: []\n",
      [
        "`.github/skyflo.yml`: tools.allow: list at least one of the tools to allow, or remove `allow` to keep the server's list (to allow none, deny '*') (line 2)",
      ],
    ],
    [
      "a namespace list that is not a list",
      "namespaces:\n  allow: shop\n",
      ['`.github/skyflo.yml`: namespaces.allow: expected a list, got "shop" (line 2)'],
    ],
    [
      "a per-path rule below the default count",
      "approvals:\n  required: 2\n  rules:\n    - paths: [k8s/**]\n      required: 1\n",
      [
        "`.github/skyflo.yml`: approvals.rules[0].required: expected at least approvals.required (2): a per-path rule can only raise the count, got 1 (line 5)",
      ],
    ],
    [
      "a per-path rule without paths",
      "approvals:\n  rules:\n    - paths: []\n      required: 2\n",
      [
        "`.github/skyflo.yml`: approvals.rules[0].paths: expected at least 1 item, got an empty list (line 3)",
      ],
    ],
    [
      "a per-path rule without a count",
      "approvals:\n  rules:\n    - paths: [k8s/**]\n",
      [
        "`.github/skyflo.yml`: approvals.rules[0].required: required field is missing (expected a whole number between 1 and 10) (line 3)",
      ],
    ],
    [
      "a root that is a list",
      "- mergeMethod: squash\n",
      ["`.github/skyflo.yml`: expected a mapping (key: value), got a list of 1 item (line 1)"],
    ],
    [
      "a root that is text",
      "squash\n",
      ['`.github/skyflo.yml`: expected a mapping (key: value), got "squash" (line 1)'],
    ],
  ];
  it.each(cases)("%s", (_name, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });

  it.each([
    ["a parent folder", "../plans"],
    ["a parent folder inside", "plans/../../etc"],
    ["an absolute path", "/etc/skyflo"],
    ["a trailing slash", "plans/"],
    ["an empty part", "a//b"],
    ["the current folder", "./plans"],
    ["the git folder", ".git/hooks"],
    ["the git folder in capitals", "x/.GIT"],
    ["a backslash", "a\\\\b"],
    ["a space", "my plans"],
    ["an empty text", ""],
  ])("refuses a plan directory with %s", (_name, dir) => {
    const [error, ...rest] = errorsOf(`planDirectory: ${JSON.stringify(dir)}\n`);
    expect(rest).toEqual([]);
    expect(error).toMatch(
      /^`\.github\/skyflo\.yml`: planDirectory: expected a folder path relative to the repository root, such as "\.skyflo\/plans": .*, got .* \(line 1\)$/,
    );
  });

  it("lists every mistake, in file order", () => {
    const errors = errorsOf("mergeMethod: fast\napprovals:\n  required: 0\nplanDirectory: ../x\n");
    expect(errors.map((e) => /\(line (\d+)\)$/.exec(e)?.[1])).toEqual(["1", "3", "4"]);
  });

  it("names the file it was given (GitLab reads .gitlab/skyflo.yml)", () => {
    const result = readRepoConfig("mergeMethod: fast\n", ".gitlab/skyflo.yml");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(/^`\.gitlab\/skyflo\.yml`: mergeMethod: /);
  });
});

describe("readRepoConfig: YAML hardening", () => {
  const cases: Array<[name: string, text: string, expected: string]> = [
    [
      "anchors and aliases",
      "namespaces:\n  allow: &ns [shop]\n  deny: *ns\n",
      "`.github/skyflo.yml`: namespaces.allow: anchors (&ns) are not allowed in the Skyflo config; write each value out in full (line 2)",
    ],
    [
      "tags",
      "approvals:\n  required: !!str 2\n",
      "`.github/skyflo.yml`: approvals.required: tags (!!str) are not allowed in the Skyflo config; write plain values (quote text if needed) (line 2)",
    ],
    [
      "custom tags",
      "mergeMethod: !squash x\n",
      "`.github/skyflo.yml`: mergeMethod: tags (!squash) are not allowed in the Skyflo config; write plain values (quote text if needed) (line 1)",
    ],
    [
      "directives",
      "%YAML 1.1\n---\nmergeMethod: squash\n",
      "`.github/skyflo.yml`: YAML directives (%YAML, %TAG) are not allowed in the Skyflo config; remove the line (line 1)",
    ],
    [
      "several documents",
      "mergeMethod: squash\n---\nmergeMethod: merge\n",
      "`.github/skyflo.yml`: the Skyflo config file holds exactly one YAML document; remove the '---' line and everything after it (line 2)",
    ],
    [
      "duplicate keys",
      "mergeMethod: squash\nmergeMethod: merge\n",
      '`.github/skyflo.yml`: duplicate field "mergeMethod": a field may appear only once; keep one (line 2)',
    ],
    [
      "merge keys",
      "base: &b {required: 2}\napprovals:\n  <<: *b\n",
      "`.github/skyflo.yml`: base: anchors (&b) are not allowed in the Skyflo config; write each value out in full (line 1)",
    ],
    [
      "invisible characters in a value",
      'requesters:\n  users: ["al\\u202Eice"]\n',
      "`.github/skyflo.yml`: requesters.users[0]: contains an invisible or control character (U+202E) that could hide what reviewers read; remove it (line 2)",
    ],
    ["a syntax error", "approvals:\n  required: [1\n", "`.github/skyflo.yml`: YAML syntax error:"],
  ];
  it.each(cases)("refuses %s", (_name, text, expected) => {
    const errors = errorsOf(text);
    expect(errors[0]?.startsWith(expected)).toBe(true);
  });

  it("refuses a file over the size limit before parsing it", () => {
    const text = `# ${"x".repeat(MAX_REPO_CONFIG_BYTES)}\n`;
    expect(errorsOf(text)).toEqual([
      "`.github/skyflo.yml`: the file is 64.0 KiB, over the 64.0 KiB limit for the Skyflo config; keep only the settings that differ from the defaults",
    ]);
  });

  it("never throws on input that is not text", () => {
    const result = readRepoConfig(42 as unknown as string, FILE);
    expect(result).toEqual({
      ok: false,
      errors: ["`.github/skyflo.yml`: expected the file's text, got number"],
    });
  });
});

describe("RepoConfigSchema", () => {
  it("describes every field, for the generated JSON Schema", () => {
    const undescribed: string[] = [];
    const walk = (schema: unknown, path: string) => {
      const node = schema as { description?: string; properties?: Record<string, unknown>; items?: unknown };
      if (node.properties) {
        for (const [key, child] of Object.entries(node.properties)) {
          if (!(child as { description?: string }).description) undescribed.push(`${path}${key}`);
          walk(child, `${path}${key}.`);
        }
      }
      if (node.items) walk(node.items, `${path}[].`);
    };
    const json = RepoConfigSchema.toJSONSchema({ io: "input" });
    expect(json.description).toMatch(/\.github\/skyflo\.yml/);
    walk(json, "");
    expect(undescribed).toEqual([]);
  });
});

describe("the committed JSON Schema (schemas/repo-config.schema.json)", () => {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, "schemas/repo-config.schema.json"), "utf8"));
  const validate = new Ajv2020({ strict: false }).compile(schema);

  it("accepts what readRepoConfig accepts", () => {
    const text =
      "requesters:\n  users: ['@alice']\n  teams: [acme/sre]\nnamespaces:\n  allow: [shop]\napprovals:\n  required: 2\n  rules:\n    - paths: [k8s/prod/**]\n      required: 3\nplanDirectory: .skyflo/plans\nmergeMethod: merge\n";
    expect(readRepoConfig(text, FILE).ok).toBe(true);
    expect(validate(parseYaml(text))).toBe(true);
    expect(validate({})).toBe(true);
  });

  it.each([
    ["an unknown field", { autoMerge: true }],
    ["approvals out of range", { approvals: { required: 0 } }],
    ["a plan directory that climbs out", { planDirectory: "../plans" }],
    ["a plan directory in .git", { planDirectory: ".git/x" }],
    ["a team without an org", { requesters: { teams: ["sre"] } }],
    ["an unknown merge method", { mergeMethod: "fast" }],
  ])("refuses %s, as readRepoConfig does", (_name, value) => {
    expect(validate(value)).toBe(false);
    expect(readRepoConfig(JSON.stringify(value), FILE).ok).toBe(false);
  });
});
