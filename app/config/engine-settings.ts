// How the engine runs, from the server's environment: whether approved plans execute, and where
// their lock Leases live. Wrong values stop the server with a sentence naming the variable.
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface EngineSettings {
  /** SKYFLO_EXECUTE: "true" (default) runs approved plans; "false" makes Skyflo a planner only. */
  executeApproved: boolean;
  /** SKYFLO_LOCK_NAMESPACE: where the plans' lock Leases live (default "default"); it must exist. */
  lockNamespace: string;
}

export class EngineSettingsError extends Error {}

export function engineSettingsFromEnv(env: Record<string, string | undefined>): EngineSettings {
  const execute = env.SKYFLO_EXECUTE?.trim().toLowerCase() || "true";
  if (execute !== "true" && execute !== "false") {
    throw new EngineSettingsError(`SKYFLO_EXECUTE must be "true" or "false", got "${env.SKYFLO_EXECUTE}".`);
  }
  const lockNamespace = env.SKYFLO_LOCK_NAMESPACE?.trim() || "default";
  if (lockNamespace.length > 63 || !NAMESPACE.test(lockNamespace)) {
    throw new EngineSettingsError(
      `SKYFLO_LOCK_NAMESPACE must be a namespace name (lower-case letters, digits and '-'), got "${lockNamespace}".`,
    );
  }
  return { executeApproved: execute === "true", lockNamespace };
}
