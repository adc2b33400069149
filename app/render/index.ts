// Everything Skyflo writes to a forge, rendered from templates/*.md.

export {
  type ApprovalCheckInput,
  approvalCheckTitle,
  renderApprovalCheckSummary,
} from "./approval-check.ts";
export { readBodyMetadata } from "./body-metadata.ts";
export {
  type ExecuteCheckInput,
  executeCheckTitle,
  formatDuration,
  renderExecuteCheckSummary,
} from "./execute-check.ts";
export { MAX_BODY_CHARS, renderPlanBody } from "./plan-body.ts";
export { renderHelp, renderReply } from "./replies.ts";
export { renderRollbackProposal } from "./rollback-proposal.ts";
export { renderStatus, STATUS_MARKER } from "./status.ts";
export { renderStepComments } from "./step-comments.ts";
export type { BodyMetadata, PlanApproval, PlanView, ReplyKind, StatusState, StepPreview } from "./types.ts";
export { renderVerifyCheckSummary, type VerifyCheckInput, verifyCheckTitle } from "./verify-check.ts";
