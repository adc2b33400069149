export { type ObjectPreview, previewPlan, type StepPreview } from "./preview-plan.ts";
