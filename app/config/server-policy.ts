// The server's own limits, from the environment: the outer bounds every repository's
// .github/skyflo.yml can only narrow (see effectivePolicy).
//   SKYFLO_ALLOW_NAMESPACES, SKYFLO_DENY_NAMESPACES, SKYFLO_ALLOW_TOOLS, SKYFLO_DENY_TOOLS:
//   comma-separated names or globs (`team-*`); unset allow lists mean "any".
import { Policy } from "../../tools/policy.ts";

export type Environment = Record<string, string | undefined>;

const namespaceGlob = /^(\*|[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?)$/;
const toolGlob = /^[a-z0-9_*]+$/;

export class ServerPolicyError extends Error {
  override readonly name = "ServerPolicyError";
}

function list(env: Environment, name: string, pattern: RegExp, what: string): string[] | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const entries = raw
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!pattern.test(entry)) {
      throw new ServerPolicyError(
        `${name}: "${entry}" is not a ${what} or a glob of one (e.g. shop,team-*).`,
      );
    }
  }
  return entries;
}

export function serverPolicyFromEnvironment(env: Environment): Policy {
  return new Policy({
    allowNamespaces: list(env, "SKYFLO_ALLOW_NAMESPACES", namespaceGlob, "namespace") ?? ["*"],
    denyNamespaces: list(env, "SKYFLO_DENY_NAMESPACES", namespaceGlob, "namespace") ?? [],
    allowTools: list(env, "SKYFLO_ALLOW_TOOLS", toolGlob, "tool name") ?? ["*"],
    denyTools: list(env, "SKYFLO_DENY_TOOLS", toolGlob, "tool name") ?? [],
  });
}
