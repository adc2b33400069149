// The pace of GitHub writes: no one-second (or three-second) spacing, but at most N a minute per installation.
import { describe, expect, it } from "vitest";
import { createWriteLimiter } from "../../../app/server/github-octokit.ts";

describe("createWriteLimiter", () => {
  it("lets writes start without spacing until the minute's budget is spent, per installation", async () => {
    const limiter = createWriteLimiter(3);
    const started: string[] = [];
    const write = (installation: string, n: number) =>
      limiter.key(installation).schedule(async () => {
        started.push(`${installation}:${n}`);
      });
    await Promise.all([write("1", 1), write("1", 2), write("1", 3), write("2", 1)]);
    expect(started.sort()).toEqual(["1:1", "1:2", "1:3", "2:1"]);
    // The fourth write of installation 1 waits for the next minute; installation 2 is not held up.
    let fourthStarted = false;
    const fourth = write("1", 4).then(
      () => {
        fourthStarted = true;
      },
      () => "dropped",
    );
    await write("2", 2);
    expect(fourthStarted).toBe(false);
    expect(await limiter.key("1").currentReservoir()).toBe(0);
    await limiter.key("1").stop({ dropWaitingJobs: true });
    expect(await fourth).toBe("dropped");
    await limiter.key("2").stop();
  });
});
