import { describe, expect, it } from "vitest";
import { createWorkQueue } from "../../../app/server/work-queue.ts";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const silent = { error: () => {} };

describe("createWorkQueue", () => {
  it("runs jobs with the same key one after another, in order", async () => {
    const queue = createWorkQueue({ log: silent });
    const order: string[] = [];
    const first = deferred();
    const started = deferred();
    queue.enqueue("acme/shop#1", async () => {
      order.push("a start");
      started.resolve();
      await first.promise;
      order.push("a end");
    });
    queue.enqueue("acme/shop#1", async () => {
      order.push("b");
    });
    expect(queue.size).toBe(2);
    await started.promise;
    expect(order).toEqual(["a start"]);
    first.resolve();
    await queue.idle();
    expect(order).toEqual(["a start", "a end", "b"]);
    expect(queue.size).toBe(0);
  });

  it("runs jobs with different keys in parallel", async () => {
    const queue = createWorkQueue({ log: silent });
    const blocker = deferred();
    const ran: string[] = [];
    queue.enqueue("acme/shop#1", async () => {
      await blocker.promise;
      ran.push("one");
    });
    const otherDone = deferred();
    queue.enqueue("acme/shop#2", async () => {
      ran.push("two");
      otherDone.resolve();
    });
    await otherDone.promise; // finishes while #1 is still blocked
    expect(ran).toEqual(["two"]);
    blocker.resolve();
    await queue.idle();
    expect(ran).toEqual(["two", "one"]);
  });

  it("logs a failing job and keeps going with the next one of the same key", async () => {
    const logged: { details: object; message: string }[] = [];
    const queue = createWorkQueue({
      log: { error: (details, message) => logged.push({ details, message }) },
    });
    const ran: string[] = [];
    queue.enqueue("k", async () => {
      throw new Error("GitHub said no");
    });
    queue.enqueue("k", async () => {
      ran.push("after");
    });
    await queue.idle();
    expect(ran).toEqual(["after"]);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toBe("Work for k failed: GitHub said no");
    expect(logged[0]?.details).toMatchObject({ key: "k" });
  });

  it("drain waits for running work, or gives up at the deadline and says how much is left", async () => {
    const queue = createWorkQueue({ log: silent });
    expect(await queue.drain(10)).toEqual({ finished: true, pending: 0 });
    const gate = deferred();
    queue.enqueue("k", () => gate.promise);
    queue.enqueue("k", async () => {});
    expect(await queue.drain(20)).toEqual({ finished: false, pending: 2 });
    const draining = queue.drain(10_000);
    gate.resolve();
    expect(await draining).toEqual({ finished: true, pending: 0 });
  });
});
