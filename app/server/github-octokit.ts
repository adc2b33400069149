// The Octokit class Skyflo uses for GitHub: Probot's, with a different pace for content-creating
// requests. Octokit's throttling plugin spaces writes one second apart per installation, and
// writes that notify people (PRs, comments, reviews) three seconds apart, which makes a plan PR
// (about seven writes) take many seconds. GitHub's documented limit is 80 content-creating
// requests a minute: so writes start without spacing, within a budget of 80 a minute per
// installation. Rate-limit and secondary-limit handling (retry after what GitHub says) is
// Probot's as before.
import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";

export const WRITES_PER_MINUTE = 80;

/** One limiter per installation (the throttling plugin keys the group by installation id). */
export function createWriteLimiter(writesPerMinute = WRITES_PER_MINUTE): Bottleneck.Group {
  return new Bottleneck.Group({
    maxConcurrent: 1,
    minTime: 0,
    reservoir: writesPerMinute,
    reservoirRefreshAmount: writesPerMinute,
    reservoirRefreshInterval: 60_000,
  });
}

export function githubOctokit(writes: Bottleneck.Group = createWriteLimiter()): typeof ProbotOctokit {
  // Notifying writes are already counted in `writes`; this group only replaces the 3 s spacing.
  const notifications = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: { ...(options.throttle as object | undefined), write: writes, notifications },
  }));
}
