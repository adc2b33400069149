// "build job <name> [with] KEY=value …": what the grammar reads (quoted values whole, no namespace
// clause taken out of them) and what it refuses, in words.
import { describe, expect, it } from "vitest";
import { parseRequest } from "../../../../../app/planner/rules/grammar/parse-request.ts";
import { tokenize } from "../../../../../app/planner/rules/tokenize.ts";

function parse(text: string) {
  const tokens = tokenize(text);
  if (!tokens.ok) throw new Error(tokens.problem);
  return parseRequest(tokens.tokens);
}

const build = (job: string, parameters: Array<[string, string]> = []) => ({
  ok: true,
  value: {
    action: "jenkins-build",
    job,
    parameters: parameters.map(([name, value]) => ({ name, value })),
    namespace: undefined,
  },
});

describe("Jenkins build grammar", () => {
  it.each([
    ["build job deploy-web with ENV=prod", build("deploy-web", [["ENV", "prod"]])],
    ["build job deploy-web", build("deploy-web")],
    ["Build Job deploy-web.", build("deploy-web")],
    [
      "build deploy-web ENV=prod VERSION=1.2.3",
      build("deploy-web", [
        ["ENV", "prod"],
        ["VERSION", "1.2.3"],
      ]),
    ],
    [
      "trigger job team/apps/deploy-api with TAG=v2, ENV=prod and DRY_RUN=true",
      build("team/apps/deploy-api", [
        ["TAG", "v2"],
        ["ENV", "prod"],
        ["DRY_RUN", "true"],
      ]),
    ],
    [
      "build job deploy-web with MSG=\"deploy in prod -n x\" NOTE='a, b'",
      build("deploy-web", [
        ["MSG", "deploy in prod -n x"],
        ["NOTE", "a, b"],
      ]),
    ],
    [
      'build job deploy-web with EMPTY="" URL=https://x.example/a=b',
      build("deploy-web", [
        ["EMPTY", ""],
        ["URL", "https://x.example/a=b"],
      ]),
    ],
  ])("reads %s", (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each([
    ["build job", "the job is missing"],
    ["build job ../admin", '"../admin" is not a valid Jenkins job name: it must be a Jenkins job name'],
    ["build job deploy-web with ENV", '"ENV" is not a parameter: write parameters as NAME=value'],
    ["build job deploy-web with ENV=prod in shop", '"in" is not a parameter'],
    ['build job deploy-web with MSG="never closed', 'the value of MSG opens a " quote that is never closed'],
    ["build job deploy-web with ENV=prod ENV=staging", "parameter ENV is given twice"],
    ["build job deploy-web with 1X=2", '"1X" is not a valid parameter name'],
    ['build job deploy-web with A="x"y', "write a space or comma after the closing quote of A's value"],
  ])("refuses %s", (text, problem) => {
    const result = parse(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.problem).toContain(problem);
    expect(result.failure.understood).toMatch(
      /^a request to build (a Jenkins job|Jenkins job "deploy-web")$/,
    );
  });

  it("leaves other requests starting with trigger to the other grammars", () => {
    const result = parse("trigger web");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.problem).toContain('"trigger" does not start a request');
  });
});
