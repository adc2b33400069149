// The Helm phrasings of the rules grammar: what each means, and why the unreadable ones are refused.
import { describe, expect, it } from "vitest";
import { parseRequest } from "../../../../../app/planner/rules/grammar/parse-request.ts";
import type { ParsedRequest } from "../../../../../app/planner/rules/grammar/parsed-request.ts";
import { tokenize } from "../../../../../app/planner/rules/tokenize.ts";

function parse(text: string) {
  const tokens = tokenize(text);
  if (!tokens.ok) throw new Error(tokens.problem);
  return parseRequest(tokens.tokens);
}

function problem(text: string): string {
  const result = parse(text);
  if (result.ok) throw new Error(`expected "${text}" to be refused, got ${JSON.stringify(result.value)}`);
  return `${result.failure.understood ?? "(nothing)"} | ${result.failure.problem}`;
}

const upgrade = (extra: Partial<Extract<ParsedRequest, { action: "helm-upgrade" }>> = {}): ParsedRequest => ({
  action: "helm-upgrade",
  release: "shop",
  namespace: "shop",
  chart: "charts/shop",
  version: undefined,
  set: {},
  ...extra,
});

const phrasings: Array<[string, ParsedRequest]> = [
  ["upgrade release shop with chart charts/shop in shop", upgrade()],
  ["Upgrade helm release shop using chart charts/shop -n shop", upgrade()],
  ["upgrade release shop with chart charts/shop version 1.2.3 in shop", upgrade({ version: "1.2.3" })],
  [
    "upgrade release shop with chart charts/shop set image.tag=1.28 set replicas=3 set debug=true in shop",
    upgrade({ set: { "image.tag": "1.28", replicas: 3, debug: true } }),
  ],
  [
    "upgrade release shop with chart oci://registry.example.com/charts/shop --version 2.0.0 --set image.tag=v2 in shop",
    upgrade({
      chart: "oci://registry.example.com/charts/shop",
      version: "2.0.0",
      set: { "image.tag": "v2" },
    }),
  ],
  [
    "upgrade release shop with chart charts/shop set greeting=hi,there in shop",
    upgrade({ set: { greeting: "hi,there" } }),
  ],
  [
    "rollback release shop to revision 2 in shop",
    { action: "helm-rollback", release: "shop", namespace: "shop", toRevision: 2 },
  ],
  [
    "roll back release shop in shop",
    { action: "helm-rollback", release: "shop", namespace: "shop", toRevision: undefined },
  ],
  [
    "undo helm release shop to 3 -n shop",
    { action: "helm-rollback", release: "shop", namespace: "shop", toRevision: 3 },
  ],
  ["uninstall release shop in shop", { action: "helm-uninstall", release: "shop", namespace: "shop" }],
  ["uninstall shop in shop", { action: "helm-uninstall", release: "shop", namespace: "shop" }],
];

describe("Helm phrasings", () => {
  for (const [text, expected] of phrasings) {
    it(`reads "${text}"`, () => {
      expect(parse(text)).toEqual({ ok: true, value: expected });
    });
  }

  it("still reads workload rollbacks as before", () => {
    expect(parse("rollback web to revision 2 in shop")).toMatchObject({
      ok: true,
      value: { action: "rollback" },
    });
  });

  it("refuses what it cannot read, saying what it understood", () => {
    expect(problem("upgrade release shop in shop")).toBe(
      'a request to upgrade Helm release "shop" | the chart is missing: write "with chart <path>", e.g. "with chart charts/shop"',
    );
    expect(problem("upgrade release shop with chart charts/../secrets in shop")).toBe(
      'a request to upgrade Helm release "shop" | the chart "charts/../secrets" may not contain "." or ".." parts',
    );
    expect(problem("upgrade release shop with chart /etc in shop")).toContain(
      "must be relative to the charts directory",
    );
    expect(problem("upgrade release shop with chart charts/shop version ^1.2 in shop")).toContain(
      '"^1.2" is not a chart version: it must be an exact chart version',
    );
    expect(problem("upgrade release shop with chart charts/shop set image.tag in shop")).toContain(
      'a value to set must be written as key=value, e.g. "set image.tag=1.28"',
    );
    expect(problem("upgrade release shop with chart charts/shop set a[0]=x in shop")).toContain(
      '"a[0]=x" cannot be set: "a[0]" must be a dotted values path',
    );
    expect(problem("upgrade release shop with chart charts/shop please in shop")).toContain(
      'these words do not fit the command: "please"',
    );
    expect(problem("upgrade release shop with chart charts/shop")).toBe(
      'a request to upgrade Helm release "shop" with chart charts/shop | no namespace is given: add "in <namespace>" (or "-n <namespace>"). Skyflo does not assume "default", because guessing a namespace in production could change the wrong workload',
    );
    expect(problem("upgrade release Shop_1 with chart charts/shop in shop")).toContain(
      '"Shop_1" is not a valid Helm release name: it must be a Helm release name',
    );
    expect(problem("rollback release shop to revision 0 in shop")).toContain(
      "Helm revisions are numbered from 1",
    );
    expect(problem("rollback release shop to revision two in shop")).toContain('"two" is not a whole number');
    expect(problem("uninstall release shop now in shop")).toContain(
      'these words do not fit the command: "now"',
    );
    expect(problem("uninstall release")).toContain("the release name is missing");
  });
});
