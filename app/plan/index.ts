// The Plan contract: what Skyflo executes, how it is identified, and how it is read and written.

export type { ArgsSchemaLookup, CallArgsValidators } from "./call-args.ts";
export { PLAN_DIGEST_PREFIX, planDigest } from "./digest.ts";
export { MAX_NESTING_DEPTH } from "./json-problems.ts";
export type { JsonObject, JsonPrimitive, JsonValue } from "./json-value.ts";
export { JsonObjectSchema, JsonValueSchema, MAX_EXACT_INTEGER } from "./json-value.ts";
export { parsePlan } from "./parse-plan.ts";
export type { PlanError } from "./plan-error.ts";
export { formatPlanError, PlanValidationError } from "./plan-error.ts";
export type {
  Approver,
  Plan,
  PlanInput,
  PlanMetadata,
  PlanRequest,
  PlanStep,
  PlanTarget,
  PlanVerify,
  RunRecord,
  RunStep,
  RunVerification,
} from "./schema.ts";
export {
  ApproverSchema,
  DEFAULT_CLUSTER,
  DEFAULT_VERIFY_TIMEOUT_SECONDS,
  ForgeLoginSchema,
  MAX_LABELS,
  MAX_REASON_TEXT,
  MAX_REQUEST_TEXT,
  MAX_STEPS,
  MAX_VERIFY,
  MAX_VERIFY_TIMEOUT_SECONDS,
  PLAN_API_VERSION,
  PlanDigestSchema,
  PlanMetadataSchema,
  PlanRequestSchema,
  PlanSchema,
  PlanStepSchema,
  PlanTargetSchema,
  PlanVerifySchema,
  RunRecordSchema,
  RunStepSchema,
  RunVerificationSchema,
} from "./schema.ts";
export type { ReadPlanOptions, ReadPlanResult } from "./yaml.ts";
export { PLAN_FILE_HEADER, readPlan, writePlan } from "./yaml.ts";
export { MAX_PLAN_FILE_BYTES } from "./yaml-source.ts";
