// A plan is written before the Jenkins build it triggers exists, so its jenkins_build_succeeded
// intent names the build by "the newest from #N on with these parameters". Once this run's
// jenkins_trigger step has returned its queue item, verification looks at exactly that build:
// someone else's build of the same job with the same parameters can then never be judged instead.
// Only that narrowing is made; every other intent is verified as approved.

import { callKey } from "../execute/call-key.ts";
import type { Plan, PlanVerify } from "../plan/index.ts";

const INTENT = "jenkins_build_succeeded";
const TRIGGER = "jenkins_trigger";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function sameParameters(wanted: unknown, sent: unknown): boolean {
  if (wanted === undefined) return true;
  if (!isRecord(wanted) || !isRecord(sent)) return false;
  return Object.entries(wanted).every(([name, value]) => sent[name] === value);
}

/**
 * The plan with each sinceBuild-style jenkins_build_succeeded intent bound to the queue item of the
 * trigger step that ran in this run (matched by job and parameters); `results` holds the data of
 * every successful real call by callKey. Intents with no such trigger are left as they are.
 */
export function bindTriggeredBuilds(plan: Plan, results: ReadonlyMap<string, Record<string, unknown>>): Plan {
  const triggered = plan.steps.flatMap((step) => {
    if (step.tool !== TRIGGER) return [];
    const data = results.get(callKey(step.tool, step.args));
    const queueId = data?.queueId;
    return typeof queueId === "number" ? [{ args: step.args, queueId }] : [];
  });
  if (triggered.length === 0) return plan;
  const bind = (intent: PlanVerify): PlanVerify => {
    const { args } = intent;
    if (intent.check !== INTENT || args.sinceBuild === undefined) return intent;
    const trigger = triggered.find(
      (t) => t.args.job === args.job && sameParameters(args.parameters, t.args.parameters),
    );
    if (trigger === undefined) return intent;
    return { ...intent, args: { job: args.job ?? null, queueId: trigger.queueId } };
  };
  return { ...plan, verify: plan.verify.map(bind) };
}
