// Files read at a commit SHA never change, so repository config and CODEOWNERS are read once per
// commit and kept (bounded, least recently used out first). Saves GitHub requests on every plan
// after the first for the same base commit.
import type { RepoRef } from "../forge/types.ts";

export class CommitFileCache {
  readonly #capacity: number;
  readonly #entries = new Map<string, Promise<string | undefined>>();

  constructor(capacity = 1000) {
    this.#capacity = capacity;
  }

  /** The file at `sha` (a commit SHA, never a branch name), loading it on the first ask. */
  read(
    repo: RepoRef,
    sha: string,
    path: string,
    load: () => Promise<string | undefined>,
  ): Promise<string | undefined> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return load(); // only immutable refs are cached
    const key = `${repo.owner}/${repo.repo}@${sha}:${path}`;
    const cached = this.#entries.get(key);
    if (cached) {
      this.#entries.delete(key);
      this.#entries.set(key, cached);
      return cached;
    }
    const loading = load();
    this.#entries.set(key, loading);
    // A failed read is not remembered: the next ask tries again.
    loading.catch(() => this.#entries.delete(key));
    while (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return loading;
  }
}
