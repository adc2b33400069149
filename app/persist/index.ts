// Persist: what a run leaves behind — the run record, the merge commit's message, and the
// rollback proposed when a run fails.
export {
  type MergeMessage,
  MergeMessageError,
  type MergeMessageInput,
  mergeMessage,
  mergeTrailers,
  type VerifiedTrailer,
  verifiedTrailer,
} from "./merge-message.ts";
export { redactStepArgs } from "./redact-args.ts";
export {
  type PriorState,
  priorStateOf,
  proposeRollback,
  type RollbackOptions,
  type RollbackProposal,
  rollbackPlanId,
} from "./rollback-plan.ts";
export {
  buildRunRecord,
  type RecordedApproval,
  RunRecordError,
  type RunRecordInput,
  runRecordPath,
  serializeRunRecord,
} from "./run-record.ts";
