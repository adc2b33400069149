// Patch semantics of the Kubernetes API emulator: pure functions over KubeObjects that throw ApiError.
export { type ApplyPatchParams, applyPatch } from "./apply-patch.ts";
export { type PatchType, patchTypeFromContentType } from "./content-type.ts";
export { BEFORE_FIRST_APPLY, type RecordUpdateManagerParams, recordUpdateManager } from "./managed-fields.ts";
export { type ServerSideApplyParams, serverSideApply } from "./server-side-apply.ts";
