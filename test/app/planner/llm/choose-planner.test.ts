// Rules-first: what the rules grammar reads costs no tokens; the rest goes to the model; without
// model settings everything stays with the rules planner, as before.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { planRequest, rulesGrammarReads } from "../../../../app/planner/llm/index.ts";
import { inProcessToolCaller } from "../../../../app/tool-caller.ts";
import { createKubeClients, createToolRegistry, Policy } from "../../../../tools/index.ts";
import { type LlmFixture, NOW, request, SCALE_WEB_DRAFT, startLlmFixture } from "./llm-fixture.ts";

let world: LlmFixture;
beforeAll(async () => {
  world = await startLlmFixture();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => world.openai.play([{ json: SCALE_WEB_DRAFT }]));

function context() {
  const registry = createToolRegistry();
  const readPolicy = new Policy();
  return {
    tools: inProcessToolCaller({
      registry,
      context: { kube: createKubeClients(world.kube.kubeConfig()), policy: readPolicy },
      mutating: "none" as const,
    }),
    readRepoFile: async () => undefined,
    now: () => NOW,
    registry,
    readPolicy,
    planPolicy: readPolicy.withWrite(true),
  };
}

describe("planRequest", () => {
  it("plans what the rules grammar reads with the rules planner when rules-first is on (no model request)", async () => {
    expect(rulesGrammarReads("scale web to 5 in shop")).toBe(true);
    const outcome = await planRequest(request("scale web to 5 in shop"), context(), world.settings);
    if (!outcome.ok) throw new Error(outcome.reply);
    expect(outcome.plan.metadata.planner).toBe("rules");
    expect(world.openai.requests).toHaveLength(0);
  });

  it("sends free text to the model, and everything to the model when rules-first is off", async () => {
    expect(rulesGrammarReads("please give the web app five pods")).toBe(false);
    const free = await planRequest(request("please give the web app five pods"), context(), world.settings);
    expect(free.ok && free.plan.metadata.planner).toBe("llm:scripted-model-1");
    world.openai.play([{ json: SCALE_WEB_DRAFT }]);
    const off = await planRequest(request("scale web to 5 in shop"), context(), {
      ...world.settings,
      rulesFirst: false,
    });
    expect(off.ok && off.plan.metadata.planner).toBe("llm:scripted-model-1");
    expect(world.openai.requests).toHaveLength(1);
  });

  it("without model settings, the rules planner answers everything (free text gets its help)", async () => {
    const outcome = await planRequest(request("please give the web app five pods"), context(), undefined);
    expect(outcome).toMatchObject({ ok: false, reply: expect.stringContaining("cannot plan") });
    expect(world.openai.requests).toHaveLength(0);
  });
});
