// The executor: runs an approved plan once, through guarded MCP tool calls, journaled in a Lease.
export { diffDigest, diffText, objectDiffsOf, resultDigest } from "./digests.ts";
export { ExecutionRefusedError, executePlan } from "./execute-plan.ts";
export { guardedToolCaller } from "./guarded-tool-caller.ts";
export { JOURNAL_ANNOTATION, type Journal, parseJournal } from "./journal.ts";
export { mcpMutatingTools, mcpToolCaller } from "./mcp-tool-caller.ts";
export { leaseNameFor, PLAN_DIGEST_ANNOTATION } from "./plan-lease.ts";
export type { ExecuteOptions, ExecuteOutcome, ProgressTimers, StepState, StepStatus } from "./types.ts";
