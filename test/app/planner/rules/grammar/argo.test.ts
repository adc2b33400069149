// The Argo Rollouts phrasings of the rules grammar: "rollout <name>" names an Argo Rollout, while
// "rollout restart" / "rollout undo" keep meaning Kubernetes workloads.
import { describe, expect, it } from "vitest";
import { parseRequest } from "../../../../../app/planner/rules/grammar/parse-request.ts";
import type { ParsedRequest } from "../../../../../app/planner/rules/grammar/parsed-request.ts";
import { tokenize } from "../../../../../app/planner/rules/tokenize.ts";

function parse(text: string) {
  const tokens = tokenize(text);
  if (!tokens.ok) throw new Error(tokens.problem);
  return parseRequest(tokens.tokens);
}

const argo = (operation: string, extra: object = {}) => ({
  action: "argo",
  operation,
  name: "web",
  namespace: "shop",
  ...extra,
});

const phrasings: Array<[string, object]> = [
  ["promote rollout web in shop", argo("promote")],
  ["Promote Rollout web -n shop.", argo("promote")],
  ["promote argo rollout web in shop", argo("promote")],
  ["promote rollout web fully in shop", argo("promote-full")],
  ["promote rollout/web --full --namespace shop", argo("promote-full")],
  ["in shop promote ro web fully", argo("promote-full")],
  ["abort rollout web in shop", argo("abort")],
  ["retry rollout web in shop", argo("retry")],
  ["pause rollout web in shop", argo("pause")],
  ["resume rollout web -n shop", argo("resume")],
  ["set image of rollout web to nginx:1.28 in shop", argo("set-image", { image: "nginx:1.28" })],
  ["set the image of argo rollout/web to nginx:1.28 in shop", argo("set-image", { image: "nginx:1.28" })],
];

describe("Argo Rollouts phrasings", () => {
  it.each(phrasings)("reads %j", (text, expected) => {
    expect(parse(text)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, ParsedRequest["action"]]>([
    ["rollout restart deployment web -n shop", "restart"],
    ["rollout undo web in shop", "rollback"],
    ["set image of web to nginx:1.27 in shop", "set-image"],
    ["set image web=nginx:1.27 in shop", "set-image"],
  ])("keeps %j a Kubernetes workload request", (text, action) => {
    const parsed = parse(text);
    expect(parsed.ok && parsed.value.action).toBe(action);
  });

  it.each([
    ["promote web in shop", 'write "promote rollout <name>"'],
    ["abort deployment web in shop", 'write "abort rollout <name>"'],
    ["pause rollout web", 'no namespace is given: add "in <namespace>"'],
    ["promote rollout web now in shop", 'these words do not fit the command: "now"'],
    ["promote rollout in shop", "the Rollout name is missing"],
    ["promote rollout ../web in shop", '"../web" is not a valid Kubernetes object name'],
    ["set image of rollout web to nginx;rm in shop", '"nginx;rm" is not a valid container image'],
    ["set image of rollout web in shop", 'the new image is missing: write "to <image>"'],
  ])("refuses %j, saying what is wrong", (text, problem) => {
    const parsed = parse(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.failure.problem).toContain(problem);
  });

  it("says what it understood when the namespace is missing", () => {
    const parsed = parse("promote rollout web fully");
    expect(parsed).toMatchObject({
      ok: false,
      failure: { understood: "a request to fully promote Argo Rollout web" },
    });
  });
});
