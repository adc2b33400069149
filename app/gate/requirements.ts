// The gate's public entry: evaluateGate and its types. The requirements themselves are in
// requirement-checks.ts; evaluateGate lives in approval.ts because only that module may make an
// Approval (the minting token never leaves it).
export {
  type Approval,
  type ApprovalApprover,
  evaluateGate,
  type GateResult,
  isApproval,
} from "./approval.ts";
export type { GateInput, Requirement, ReviewInput, ReviewState } from "./gate-input.ts";
export {
  type CountedApprover,
  checkRequirements,
  REQUIREMENT_IDS,
  type RequirementId,
  type RequirementsCheck,
} from "./requirement-checks.ts";
