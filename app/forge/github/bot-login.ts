// The app's own login (`<slug>[bot]`), asked once at start with the app's JWT, so GitHubForge can
// recognise its own comments and the pipeline can ignore its own events.
import type { Probot } from "probot";
import { toForgeError } from "./request-errors.ts";

export async function botLoginOf(probot: Probot): Promise<string> {
  try {
    const octokit = await probot.auth(); // no installation id: authenticated as the app (JWT)
    const { data } = await octokit.rest.apps.getAuthenticated();
    if (!data?.slug) throw new Error("GitHub returned the app without a slug");
    return `${data.slug}[bot]`;
  } catch (error) {
    throw toForgeError(error, "read the GitHub App's own details (GET /app)");
  }
}
