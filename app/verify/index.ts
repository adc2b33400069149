// The verifier: evaluates a plan's verify intents against the cluster by watching it.
export { type FieldStep, parseFieldPath, readFieldPath } from "./field-path.ts";
export { intentKinds } from "./intents/index.ts";
export type { IntentResult, Verification } from "./types.ts";
export { verifyIntent } from "./verify-intent.ts";
export { conclusionOf, type VerifyOptions, verifyPlan } from "./verify-plan.ts";
