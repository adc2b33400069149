// From a queue item to its build. Jenkins answers /queue/item/<id> while the item waits and for
// about 5 minutes after it left the queue (`executable.number`); after that the item is forgotten,
// but every build keeps the `queueId` it came from, so recent builds are searched instead.
import { setTimeout as sleep } from "node:timers/promises";
import { ToolError } from "../shared/tool-error.ts";
import type { JenkinsBackend } from "./backend.ts";
import { findBuildByQueueId, QUEUE_SEARCH_DEPTH, queueItemIsFor, readQueueItem } from "./reads.ts";

export type QueueLookup =
  | { state: "queued"; queueId: number; why: string | null }
  | { state: "cancelled"; queueId: number }
  | { state: "started"; queueId: number; buildNumber: number; via: "queue" | "history" }
  | { state: "unknown"; queueId: number };

export async function lookUpQueueItem(
  jenkins: JenkinsBackend,
  job: string,
  queueId: number,
  signal: AbortSignal,
): Promise<QueueLookup> {
  const item = await readQueueItem(jenkins, queueId, signal);
  if (item) {
    if (!queueItemIsFor(item, job)) {
      throw new ToolError(
        `Queue item ${queueId} on Jenkins at ${jenkins.url} is not a build of job "${job}" (it is for ${item.taskUrl}).`,
        "Pass the job the queue item was created for.",
      );
    }
    if (item.buildNumber !== null)
      return { state: "started", queueId, buildNumber: item.buildNumber, via: "queue" };
    if (item.cancelled) return { state: "cancelled", queueId };
    return { state: "queued", queueId, why: item.why };
  }
  const number = await findBuildByQueueId(jenkins, job, queueId, signal);
  if (number !== undefined) return { state: "started", queueId, buildNumber: number, via: "history" };
  return { state: "unknown", queueId };
}

/** Polls until the item started or was cancelled, or until `deadline` (epoch ms) passes. */
export async function waitForBuildNumber(
  jenkins: JenkinsBackend,
  job: string,
  queueId: number,
  deadline: number,
  signal: AbortSignal,
): Promise<QueueLookup> {
  for (;;) {
    const lookup = await lookUpQueueItem(jenkins, job, queueId, signal);
    if (lookup.state !== "queued") return lookup;
    const left = deadline - Date.now();
    if (left <= 0) return lookup;
    await sleep(Math.min(jenkins.pollIntervalMs, left), undefined, { signal });
  }
}

export function unknownQueueItemSentence(job: string, queueId: number): string {
  return `Jenkins no longer knows queue item ${queueId}, and none of the newest ${QUEUE_SEARCH_DEPTH} builds of job "${job}" came from it: it was cancelled, never started, or its build was discarded.`;
}
