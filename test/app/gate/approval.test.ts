// The Approval is the executor's only key: it must come from evaluateGate and nothing else.
import { describe, expect, it } from "vitest";
import { type Approval, evaluateGate, isApproval } from "../../../app/gate/requirements.ts";
import { gateInput, review } from "./gate-fixture.ts";

async function issuedApproval(): Promise<Approval> {
  const result = await evaluateGate(
    gateInput({ reviews: [review("olivia", "APPROVED"), review("pat", "APPROVED")] }),
  );
  if (!result.approval) throw new Error(`expected an approval, got ${JSON.stringify(result.requirements)}`);
  return result.approval;
}

describe("isApproval", () => {
  it("accepts the approval evaluateGate issued", async () => {
    expect(isApproval(await issuedApproval())).toBe(true);
  });

  it("rejects look-alike objects, spread copies, JSON round trips, Object.assign copies and proxies", async () => {
    const approval = await issuedApproval();
    const lookAlike = {
      planDigest: approval.planDigest,
      headSha: approval.headSha,
      pullRequest: approval.pullRequest,
      planPath: approval.planPath,
      approvers: approval.approvers,
    };
    expect(isApproval(lookAlike)).toBe(false);
    expect(isApproval({ ...approval })).toBe(false);
    expect(isApproval(JSON.parse(JSON.stringify(approval)))).toBe(false);
    expect(isApproval(Object.assign({}, approval))).toBe(false);
    expect(isApproval(new Proxy(approval, {}))).toBe(false);
  });

  it("rejects objects made from the Approval prototype or by subclassing it", async () => {
    const approval = await issuedApproval();
    const prototype = Object.getPrototypeOf(approval) as object;
    const fromPrototype = Object.create(prototype) as unknown;
    expect(fromPrototype instanceof (prototype.constructor as new () => unknown)).toBe(true);
    expect(isApproval(fromPrototype)).toBe(false);
    expect(isApproval(Object.setPrototypeOf({ ...approval }, prototype))).toBe(false);
  });

  it("rejects non-objects", () => {
    for (const value of [undefined, null, 0, "approval", true, Symbol("approval"), () => true]) {
      expect(isApproval(value)).toBe(false);
    }
  });
});

describe("the Approval class", () => {
  it("cannot be constructed outside the gate: its constructor needs a token no other module has", async () => {
    const approval = await issuedApproval();
    const ApprovalClass = approval.constructor as unknown as new (...args: unknown[]) => unknown;
    const fields = {
      planDigest: approval.planDigest,
      headSha: approval.headSha,
      pullRequest: 7,
      planPath: approval.planPath,
      approvers: [{ login: "mallory", reviewId: 1, at: "2026-11-25T10:00:00Z" }],
    };
    expect(() => new ApprovalClass(Symbol("gate-issues-approval"), fields)).toThrow(
      "Approvals are made only by evaluateGate",
    );
    expect(() => new ApprovalClass(undefined, fields)).toThrow(TypeError);
    class Forged extends (ApprovalClass as new (...args: unknown[]) => object) {}
    expect(() => new Forged(Symbol.for("gate-issues-approval"), fields)).toThrow(TypeError);
  });

  it("is frozen, approvers included, so it cannot be edited after the gate issued it", async () => {
    const approval = await issuedApproval();
    expect(Object.isFrozen(approval)).toBe(true);
    expect(Object.isFrozen(approval.approvers)).toBe(true);
    for (const approver of approval.approvers) expect(Object.isFrozen(approver)).toBe(true);
    const mutable = approval as unknown as { headSha: string; approvers: unknown[] };
    expect(() => {
      mutable.headSha = "0".repeat(40);
    }).toThrow(TypeError);
    expect(() => mutable.approvers.push({ login: "mallory" })).toThrow(TypeError);
    expect(isApproval(approval)).toBe(true);
  });

  it("carries the plan digest, head SHA, pull request, plan path and the counted approvers with review ids and times", async () => {
    const olivia = review("olivia", "APPROVED");
    const mallory = review("mallory", "APPROVED");
    const pat = review("pat", "APPROVED");
    const input = gateInput({ reviews: [pat, mallory, olivia] });
    const { approval } = await evaluateGate(input);
    expect(approval).toMatchObject({
      planDigest: input.planFile.digestAtHead,
      headSha: input.pr.headSha,
      pullRequest: input.pr.number,
      planPath: input.planFile.path,
    });
    // Oldest first; @mallory approved too but is not an owner, so is not an approver.
    expect(approval?.approvers).toEqual([
      { login: "olivia", reviewId: olivia.id, at: olivia.submittedAt },
      { login: "pat", reviewId: pat.id, at: pat.submittedAt },
    ]);
  });

  it("is not issued when any requirement fails", async () => {
    const result = await evaluateGate(gateInput({ reviews: [review("mallory", "APPROVED")] }));
    expect(result.approved).toBe(false);
    expect(result.approval).toBeUndefined();
    expect(Object.hasOwn(result, "approval")).toBe(false);
  });
});
