// What every command needs from the repository first: the default branch's head, and the
// repository config read from it (never from a pull request's head).
import { REPO_CONFIG_PATH, type RepoConfig, readRepoConfig } from "../config/repo-config.ts";
import type { Forge, RepoRef } from "../forge/types.ts";
import type { CommitFileCache } from "./commit-file-cache.ts";

export interface RepoContext {
  base: { name: string; sha: string };
  config: RepoConfig;
  /** A file of the default branch at `base.sha` (cached per commit). */
  readAtBase(path: string): Promise<string | undefined>;
}

export type RepoContextResult = { ok: true; context: RepoContext } | { ok: false; reason: string };

export async function loadRepoContext(
  forge: Forge,
  repo: RepoRef,
  files: CommitFileCache,
  defaultBranch?: string,
): Promise<RepoContextResult> {
  const base = await forge.defaultBranch(repo, defaultBranch);
  const readAtBase = (path: string) =>
    files.read(repo, base.sha, path, () => forge.readFile(repo, path, base.sha));
  const config = readRepoConfig(await readAtBase(REPO_CONFIG_PATH), REPO_CONFIG_PATH);
  if (!config.ok) {
    return { ok: false, reason: `The repository configuration is invalid:\n${config.errors.join("\n")}` };
  }
  return { ok: true, context: { base, config: config.config, readAtBase } };
}
