import type { Policy } from "../../tools/policy.ts";
import type { RepoConfig } from "./repo-config.ts";

/** An allow list with "*" asks for everything the server allows: no narrowing at all. */
function narrowingAllowList(allow: string[] | undefined): string[] | undefined {
  if (allow === undefined || allow.includes("*")) return undefined;
  return allow;
}

/**
 * The policy plans of this repository run under: the server's, narrowed by the repository's
 * namespaces and tools. Policy.narrow keeps only what both allow, so a repository that lists a
 * namespace or tool the server does not allow gets nothing more, and server denials always stay.
 * Write access, output limits and timeouts are the server's alone (the config cannot name them).
 */
export function effectivePolicy(serverPolicy: Policy, config: RepoConfig): Policy {
  return serverPolicy.narrow({
    allowNamespaces: narrowingAllowList(config.namespaces?.allow),
    denyNamespaces: config.namespaces?.deny,
    allowTools: narrowingAllowList(config.tools?.allow),
    denyTools: config.tools?.deny,
  });
}
