// followCollection against the emulator: list then watch, recovery from dropped watches (re-list,
// so a change made while no watch was open is still seen), transient and permanent API errors,
// and cancellation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VerifyError } from "../../../app/verify/types.ts";
import { type CollectionQuery, followCollection } from "../../../app/verify/watch-collection.ts";
import type { KubeObject } from "../../../tools/kubernetes/object-rest.ts";
import {
  configMap,
  countingClients,
  eventually,
  modify,
  namespace,
  remove,
  startVerifyCluster,
  type VerifyCluster,
} from "./verify-fixtures.ts";

let cluster: VerifyCluster;
const path = `/api/v1/namespaces/${namespace}/configmaps`;

beforeAll(async () => {
  cluster = await startVerifyCluster();
});

afterAll(async () => {
  await cluster?.close();
});

function queryFor(name: string): CollectionQuery {
  return { path, fieldSelector: `metadata.name=${name}`, description: `ConfigMap "${name}"` };
}

const colorOf = (objects: KubeObject[]) =>
  (objects[0] as { data?: { color?: string } } | undefined)?.data?.color;

function setColor(name: string, color: string): void {
  modify(cluster.emulator, "v1", "ConfigMap", name, (object) => {
    object.data = { color };
  });
}

/** Follows `name` until its color is `wanted`, recording every color it was shown. */
function follow(name: string, wanted: string, signal = new AbortController().signal, kube = cluster.kube) {
  const seen: Array<string | undefined> = [];
  const problems: Array<string | undefined> = [];
  const done = followCollection(
    kube,
    queryFor(name),
    (objects) => {
      seen.push(colorOf(objects));
      return colorOf(objects) === wanted ? objects[0] : undefined;
    },
    { signal, onProblem: (problem) => problems.push(problem) },
  );
  return { done, seen, problems };
}

let probes = 0;

/**
 * Proves the follower's watch is open: it must see a probe change made after it saw the previous
 * one, which (with no drop in between) only an open watch can deliver.
 */
async function watchIsOpen(name: string, seen: Array<string | undefined>): Promise<void> {
  let previous: string | undefined;
  let seenInARow = 0;
  await eventually(() => {
    if (previous !== undefined) seenInARow = seen.includes(previous) ? seenInARow + 1 : 0;
    if (seenInARow >= 2) return true;
    if (previous === undefined || seen.includes(previous)) {
      probes += 1;
      previous = `probe-${probes}`;
      setColor(name, previous);
    }
    return undefined;
  });
}

describe("followCollection", () => {
  it("answers from the list when the state is already there", async () => {
    cluster.emulator.seed([configMap("already", { color: "red" })]);
    const { done, seen } = follow("already", "red");
    await expect(done).resolves.toMatchObject({ metadata: { name: "already" } });
    expect(seen).toEqual(["red"]);
  });

  it("answers on the watch event that brings the state", async () => {
    cluster.emulator.seed([configMap("later", { color: "blue" })]);
    const { done, seen } = follow("later", "red");
    await watchIsOpen("later", seen);
    setColor("later", "red");
    await expect(done).resolves.toMatchObject({ data: { color: "red" } });
    expect(seen.at(-1)).toBe("red");
  });

  it("sees a deletion, and an object that appears later", async () => {
    cluster.emulator.seed([configMap("comes-and-goes", { color: "blue" })]);
    const signal = new AbortController().signal;
    const gone = followCollection(
      cluster.kube,
      queryFor("comes-and-goes"),
      (o) => (o.length === 0 ? "gone" : undefined),
      {
        signal,
      },
    );
    const appears = follow("appears", "green");
    remove(cluster.emulator, "v1", "ConfigMap", "comes-and-goes");
    await expect(gone).resolves.toBe("gone");
    cluster.emulator.seed([configMap("appears", { color: "green" })]);
    await expect(appears.done).resolves.toMatchObject({ data: { color: "green" } });
  });

  it("re-lists and watches again when the watch drops, missing nothing changed in between", async () => {
    cluster.emulator.seed([configMap("dropped", { color: "blue" })]);
    const counting = countingClients(cluster.kube);
    const { done, seen } = follow("dropped", "red", undefined, counting.kube);
    await watchIsOpen("dropped", seen);
    expect(counting.count(path)).toBe(1);
    // Drop the watch and change the object in the same tick: the old watch cannot deliver it.
    expect(cluster.emulator.faults.dropWatches(path)).toBeGreaterThanOrEqual(1);
    setColor("dropped", "red");
    await expect(done).resolves.toMatchObject({ data: { color: "red" } });
    expect(counting.count(path)).toBe(2);
  });

  it("re-lists when the watch answers 410 Expired (its version left the server's history)", async () => {
    cluster.emulator.seed([configMap("expired", { color: "blue" }), configMap("noise", { color: "0" })]);
    let churn = true;
    // Between the list and the watch, push the list's version out of the history (1000 events).
    const counting = countingClients(cluster.kube, () => {
      if (!churn) return;
      churn = false;
      for (let i = 1; i <= 1001; i++) setColor("noise", String(i));
      setColor("expired", "red");
    });
    const { done, seen } = follow("expired", "red", undefined, counting.kube);
    await expect(done).resolves.toMatchObject({ data: { color: "red" } });
    expect(seen).toEqual(["blue", "red"]);
    expect(counting.count(path)).toBe(2);
  });

  it("keeps following across several drops", async () => {
    cluster.emulator.seed([configMap("many-drops", { color: "blue" })]);
    const counting = countingClients(cluster.kube);
    const { done, seen } = follow("many-drops", "red", undefined, counting.kube);
    for (let drop = 1; drop <= 3; drop++) {
      await watchIsOpen("many-drops", seen);
      cluster.emulator.faults.dropWatches(path);
      await eventually(() => (counting.count(path) > drop ? true : undefined));
    }
    await watchIsOpen("many-drops", seen);
    setColor("many-drops", "red");
    await expect(done).resolves.toMatchObject({ data: { color: "red" } });
  });

  it("retries transient API errors and reports them while they last", async () => {
    cluster.emulator.seed([configMap("flaky", { color: "red" })]);
    cluster.emulator.faults.failNext({
      path,
      method: "GET",
      status: 503,
      count: 2,
      message: "etcd leader changed",
    });
    const { done, problems } = follow("flaky", "red");
    await expect(done).resolves.toMatchObject({ data: { color: "red" } });
    expect(problems.slice(0, 2)).toEqual([
      expect.stringContaining('listing ConfigMap "flaky" failed with HTTP 503: etcd leader changed'),
      expect.stringContaining("HTTP 503"),
    ]);
    expect(problems.at(-1)).toBeUndefined();
  });

  it("retries a watch request that fails transiently", async () => {
    cluster.emulator.seed([configMap("flaky-watch", { color: "blue" })]);
    let failWatch = false;
    // Right after the re-list is answered, the next request on the path is the re-watch: fail it.
    const counting = countingClients(cluster.kube, () => {
      if (!failWatch) return;
      failWatch = false;
      cluster.emulator.faults.failNext({ path, method: "GET", status: 500, count: 1 });
    });
    const { done, seen, problems } = follow("flaky-watch", "red", undefined, counting.kube);
    await watchIsOpen("flaky-watch", seen);
    failWatch = true;
    cluster.emulator.faults.dropWatches(path);
    await eventually(() => (problems.some((p) => p?.includes("watching")) ? true : undefined));
    expect(problems.filter(Boolean)).toEqual(['watching ConfigMap "flaky-watch" failed with HTTP 500']);
    await watchIsOpen("flaky-watch", seen);
    setColor("flaky-watch", "red");
    await expect(done).resolves.toMatchObject({ data: { color: "red" } });
    expect(counting.count(path)).toBe(3);
  });

  it.each([
    [
      403,
      /The cluster refused to list ConfigMap "refused" \(HTTP 403: no access\)\. Check that Skyflo's cluster credentials may list and watch them\./,
    ],
    [404, /\(HTTP 404: no access\)\. The cluster does not serve this kind of object\./],
    [400, /\(HTTP 400: no access\)\. Check the intent's arguments\./],
  ])("fails at once with a sentence on a permanent API error (%i)", async (status, sentence) => {
    cluster.emulator.faults.failNext({ path, method: "GET", status, count: 1, message: "no access" });
    const { done } = follow("refused", "red");
    await expect(done).rejects.toThrow(VerifyError);
    await expect(done).rejects.toThrow(sentence);
  });

  it("stops when cancelled, rejecting with the signal's reason and closing its watch", async () => {
    cluster.emulator.seed([configMap("cancelled", { color: "blue" })]);
    const controller = new AbortController();
    const cancelled = follow("cancelled", "never", controller.signal);
    await watchIsOpen("cancelled", cancelled.seen);
    const reason = new Error("shutting down");
    controller.abort(reason);
    await expect(cancelled.done).rejects.toBe(reason);
    const seenAtCancel = cancelled.seen.length;
    // A second follower sees the next change; the cancelled one, whose watch is closed, does not.
    const witness = follow("cancelled", "after");
    await watchIsOpen("cancelled", witness.seen);
    setColor("cancelled", "after");
    await witness.done;
    expect(cancelled.seen.length).toBe(seenAtCancel);
  });

  it("rejects with what the judge throws, on a list or on a watch event", async () => {
    cluster.emulator.seed([configMap("judged", { color: "blue" })]);
    const signal = new AbortController().signal;
    const onList = followCollection(
      cluster.kube,
      queryFor("judged"),
      () => {
        throw new Error("judge failed on the list");
      },
      { signal },
    );
    await expect(onList).rejects.toThrow("judge failed on the list");
    const seen: Array<string | undefined> = [];
    const onEvent = followCollection(
      cluster.kube,
      queryFor("judged"),
      (objects) => {
        seen.push(colorOf(objects));
        if (colorOf(objects) === "boom") throw new Error("judge failed on an event");
        return undefined;
      },
      { signal },
    );
    await watchIsOpen("judged", seen);
    setColor("judged", "boom");
    await expect(onEvent).rejects.toThrow("judge failed on an event");
  });

  it("rejects at once when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("too late"));
    await expect(follow("whatever", "red", controller.signal).done).rejects.toThrow("too late");
  });
});
