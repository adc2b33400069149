// Helpers for the emulator's own tests (and handy for others): a seeded repository and a way to
// assert the status of a failed Octokit call.
import type { Octokit } from "@octokit/rest";
import type { GitHubEmulator } from "./index.ts";

/** Creates owner/name (an org repo, owned by `admin`) with a README on main. */
export async function seedRepo(emulator: GitHubEmulator, owner: string, name: string, admin: string) {
  const octokit = emulator.octokitAs(admin);
  const { data } = await octokit.rest.repos.createInOrg({ org: owner, name, auto_init: true });
  return { octokit, repo: data };
}

/** The HTTP status and body of a request that is expected to fail. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; message: string; errors?: unknown[]; headers: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status?: number; response?: { data?: unknown; headers?: Record<string, unknown> } };
    if (typeof e.status !== "number") throw error;
    const data = (e.response?.data ?? {}) as { message?: string; errors?: unknown[] };
    return {
      status: e.status,
      message: data.message ?? "",
      ...(data.errors ? { errors: data.errors } : {}),
      headers: e.response?.headers ?? {},
    };
  }
  throw new Error("expected the request to fail, but it succeeded");
}

export function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/** Writes a file on a branch through the contents API (creating or updating it). */
export async function putFile(
  octokit: Octokit,
  owner: string,
  repo: string,
  path: string,
  text: string,
  branch?: string,
) {
  let sha: string | undefined;
  try {
    const { data } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path,
      ...(branch ? { ref: branch } : {}),
    });
    if (!Array.isArray(data)) sha = data.sha;
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  const { data } = await octokit.rest.repos.createOrUpdateFileContents({
    owner,
    repo,
    path,
    message: `write ${path}`,
    content: base64(text),
    ...(sha ? { sha } : {}),
    ...(branch ? { branch } : {}),
  });
  return data;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
