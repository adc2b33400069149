// A plan PR closed without merging: the issue's status comment says so, unless the plan already
// ran (its record is on the head; the failed-run status stays, it says more).
import type { Forge, RepoRef } from "../forge/types.ts";
import { runRecordPath } from "../persist/index.ts";
import { readBodyMetadata, renderStatus, STATUS_MARKER } from "../render/index.ts";
import type { CommitFileCache } from "./commit-file-cache.ts";
import { loadRepoContext } from "./repo-context.ts";

export async function reportClosed(
  forge: Forge,
  repo: RepoRef,
  prNumber: number,
  by: string,
  files: CommitFileCache,
): Promise<void> {
  const pr = await forge.getChangeRequest(repo, prNumber);
  const metadata = readBodyMetadata(pr.body);
  if (!metadata || pr.state !== "closed") return;
  const loaded = await loadRepoContext(forge, repo, files);
  if (!loaded.ok) return;
  const runPath = runRecordPath(loaded.context.config.planDirectory, metadata.planId);
  if ((await forge.readFile(repo, runPath, pr.headSha)) !== undefined) return;
  await forge.upsertComment(
    repo,
    metadata.issue,
    STATUS_MARKER,
    renderStatus({ phase: "closed", prUrl: pr.url, by }),
  );
}
