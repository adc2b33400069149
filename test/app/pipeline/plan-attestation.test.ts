// Skyflo's record of a plan (the skyflo/plan check run): what it writes reads back exactly, and
// anything else on a check of that name — edited, truncated, another shape — reads as no record.
import { describe, expect, it } from "vitest";
import type { CommitCheck, Forge } from "../../../app/forge/types.ts";
import {
  attestationOf,
  PLAN_CHECK_NAME,
  type PlanAttestation,
  readAttestation,
  recordAttestation,
} from "../../../app/pipeline/plan-attestation.ts";
import type { PlanView } from "../../../app/render/index.ts";

const repo = { owner: "acme", repo: "shop" };
const SHA = "a".repeat(40);
const DIGEST = `sha256:${"1".repeat(64)}`;

/** A forge that keeps the checks written, and answers readCheck with `stored` when given. */
function checkStore(stored?: { title: string; summary: string; text: string }) {
  const written: CommitCheck[] = [];
  const forge: Partial<Forge> = {
    setCheck: async (_repo, check) => {
      written.push(check);
      return { id: 1, url: "u" };
    },
    readCheck: async (_repo, sha, name) => {
      if (stored) return stored;
      const check = written.findLast((c) => c.headSha === sha && c.name === name);
      return check && { title: check.title, summary: check.summary, text: check.text ?? "" };
    },
  };
  return { forge: forge as Forge, written };
}

const attestation: PlanAttestation = {
  planId: "4-scale-web",
  digest: DIGEST,
  requesters: ["dev", "nina"],
  stepDiffs: { "scale-web": `sha256:${"2".repeat(64)}` },
};

describe("the plan record", () => {
  it("reads back exactly what Skyflo recorded, on the commit it was recorded on only", async () => {
    const { forge, written } = checkStore();
    await recordAttestation(forge, repo, SHA, attestation);
    expect(written[0]).toMatchObject({ name: PLAN_CHECK_NAME, headSha: SHA, conclusion: "success" });
    expect(written[0]?.summary).toContain("`dev`, `nina`");
    expect(await readAttestation(forge, repo, SHA)).toEqual(attestation);
    expect(await readAttestation(forge, repo, "b".repeat(40))).toBeUndefined();
  });

  it.each([
    ["no marker", "```json\n{}\n```"],
    ["broken JSON", '<!-- skyflo-plan-record v1 -->\n\n```json\n{"planId": \n```'],
    [
      "an extra field",
      `<!-- skyflo-plan-record v1 -->\n\n\`\`\`json\n${JSON.stringify({ ...attestation, allowSelfApproval: true })}\n\`\`\``,
    ],
    [
      "no requesters",
      `<!-- skyflo-plan-record v1 -->\n\n\`\`\`json\n${JSON.stringify({ ...attestation, requesters: [] })}\n\`\`\``,
    ],
    [
      "a digest that is not one",
      `<!-- skyflo-plan-record v1 -->\n\n\`\`\`json\n${JSON.stringify({ ...attestation, digest: "sha256:x" })}\n\`\`\``,
    ],
  ])("reads %s as no record at all (the gate then refuses)", async (_name, text) => {
    const { forge } = checkStore({ title: "t", summary: "s", text });
    expect(await readAttestation(forge, repo, SHA)).toBeUndefined();
  });

  it("records the diff digest of each mutating step whose dry run worked, and each requester once", () => {
    const view = {
      plan: { metadata: { id: "4-scale-web" } },
      digest: DIGEST,
      previews: [
        {
          stepId: "scale-web",
          tool: "k8s_scale",
          mutating: true,
          changed: true,
          summary: "",
          objects: [{ key: "k", changed: true, diff: "-1\n+2" }],
        },
        { stepId: "read", tool: "k8s_get", mutating: false, changed: false, summary: "", objects: [] },
        {
          stepId: "broken",
          tool: "k8s_scale",
          mutating: true,
          changed: false,
          summary: "",
          objects: [],
          error: "no",
        },
      ],
    } as unknown as PlanView;
    const made = attestationOf(view, ["dev", "dev", "olivia"]);
    expect(made.requesters).toEqual(["dev", "olivia"]);
    expect(Object.keys(made.stepDiffs)).toEqual(["scale-web"]);
    expect(made.stepDiffs["scale-web"]).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
