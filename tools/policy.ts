// Policy in one place: which tools and namespaces a call may touch, output limits and deadlines.
// Server settings set the outer bounds; a repository may only narrow them (see `narrow`).
import { isMutating, type ToolDefinition, type ToolTarget } from "./registry.ts";

export interface PolicySettings {
  /** Namespaces that may be touched; `["*"]` means any. Glob `*` allowed inside names (`team-*`). */
  allowNamespaces: string[];
  denyNamespaces: string[];
  /** Tool names (or `*`) that may be called at all. */
  allowTools: string[];
  denyTools: string[];
  /** Without it, mutating tools are neither listed nor callable. */
  allowWrite: boolean;
  /** Text returned to the caller is cut beyond this many bytes, with a note. */
  maxOutputBytes: number;
  /** Every tool call is aborted after this long. */
  callTimeoutMs: number;
}

export const defaultPolicySettings: PolicySettings = {
  allowNamespaces: ["*"],
  denyNamespaces: [],
  allowTools: ["*"],
  denyTools: [],
  allowWrite: false,
  maxOutputBytes: 64 * 1024,
  callTimeoutMs: 30_000,
};

export type Verdict = { allowed: true } | { allowed: false; reason: string };

const compiledGlobs = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  const cached = compiledGlobs.get(glob);
  if (cached) return cached;
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  const compiled = new RegExp(`^${escaped}$`);
  compiledGlobs.set(glob, compiled);
  return compiled;
}

function matchesAny(value: string, globs: string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(value));
}

export class Policy {
  readonly settings: PolicySettings;

  constructor(settings: Partial<PolicySettings> = {}) {
    this.settings = { ...defaultPolicySettings, ...settings };
  }

  /** May this tool be listed and called at all? */
  toolVerdict(tool: Pick<ToolDefinition, "name" | "annotations">): Verdict {
    const { allowTools, denyTools, allowWrite } = this.settings;
    if (matchesAny(tool.name, denyTools)) {
      return { allowed: false, reason: `Tool ${tool.name} is denied by policy (denyTools).` };
    }
    if (!matchesAny(tool.name, allowTools)) {
      return { allowed: false, reason: `Tool ${tool.name} is not in the allowed tools (allowTools).` };
    }
    if (isMutating(tool) && !allowWrite) {
      return {
        allowed: false,
        reason: `Tool ${tool.name} changes the cluster and this server is read-only (start it with --allow-write).`,
      };
    }
    return { allowed: true };
  }

  /** May a call touch this namespace? Cluster-scoped targets need every namespace to be allowed. */
  namespaceVerdict(target: ToolTarget): Verdict {
    const { allowNamespaces, denyNamespaces } = this.settings;
    const namespace = target.namespace;
    if (namespace === undefined) {
      if (denyNamespaces.length === 0 && allowNamespaces.includes("*")) return { allowed: true };
      return {
        allowed: false,
        reason:
          "Cluster-scoped or all-namespace access is not allowed while namespaces are restricted by policy.",
      };
    }
    if (matchesAny(namespace, denyNamespaces)) {
      return { allowed: false, reason: `Namespace "${namespace}" is denied by policy.` };
    }
    if (!matchesAny(namespace, allowNamespaces)) {
      return {
        allowed: false,
        reason: `Namespace "${namespace}" is not in the allowed namespaces (${allowNamespaces.join(", ")}).`,
      };
    }
    return { allowed: true };
  }

  /** The same limits with mutating tools allowed or not (e.g. for dry-run previews of a plan). */
  withWrite(allowWrite: boolean): Policy {
    return new Policy({ ...this.settings, allowWrite });
  }

  /**
   * A narrower policy: the result allows only what both this policy and `request` allow.
   * Used when a repository asks for its own limits; it can never widen the server's.
   */
  narrow(
    request: Partial<Pick<PolicySettings, "allowNamespaces" | "denyNamespaces" | "allowTools" | "denyTools">>,
  ): Policy {
    const base = this.settings;
    const intersect = (outer: string[], inner: string[] | undefined): string[] => {
      if (!inner) return outer;
      if (outer.includes("*")) return inner;
      // Keep a requested entry only when the server's list already allows it.
      return inner.filter((entry) => !entry.includes("*") && matchesAny(entry, outer));
    };
    return new Policy({
      ...base,
      allowNamespaces: intersect(base.allowNamespaces, request.allowNamespaces),
      denyNamespaces: [...base.denyNamespaces, ...(request.denyNamespaces ?? [])],
      allowTools: intersect(base.allowTools, request.allowTools),
      denyTools: [...base.denyTools, ...(request.denyTools ?? [])],
    });
  }
}
