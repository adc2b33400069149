// How many owner approvals a plan file needs: the repository's default, raised by any per-path
// rule whose patterns (CODEOWNERS syntax) match the file.
import type { RepoConfig } from "../config/repo-config.ts";
import { compileCodeownersPattern } from "../gate/codeowners-pattern.ts";

export function requiredApprovals(config: RepoConfig, path: string): number {
  let required = config.approvals.required;
  for (const rule of config.approvals.rules) {
    if (rule.paths.some((pattern) => compileCodeownersPattern(pattern).matches(path))) {
      required = Math.max(required, rule.required);
    }
  }
  return required;
}
