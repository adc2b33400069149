import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../errors.ts";
import { WorkQueue } from "./work-queue.ts";

describe("work queue", () => {
  it("runs each queued key once, off the caller's stack, in order", async () => {
    const queue = new WorkQueue();
    const ran: string[] = [];
    queue.add("a", () => ran.push("a1"));
    queue.add("b", () => ran.push("b"));
    queue.add("a", () => ran.push("a2"));
    expect(ran).toEqual([]);
    await queue.idle();
    expect(ran).toEqual(["a1", "b"]);
  });

  it("stays busy while tasks queue more work, and idles after", async () => {
    const queue = new WorkQueue();
    let count = 0;
    const step = () => {
      count++;
      if (count < 50) queue.add(`k${count}`, step);
    };
    queue.add("k0", step);
    await queue.idle();
    expect(count).toBe(50);
    await expect(queue.idle()).resolves.toBeUndefined();
  });

  it("swallows API errors and reports other failures without stopping", async () => {
    const queue = new WorkQueue();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const ran: string[] = [];
    queue.add("gone", () => {
      throw new ApiError(404, "NotFound", "gone");
    });
    queue.add("bug", () => {
      throw new Error("boom");
    });
    queue.add("ok", () => ran.push("ok"));
    await queue.idle();
    expect(ran).toEqual(["ok"]);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]?.[0])).toContain("bug failed");
    errors.mockRestore();
  });

  it("drops work and releases waiters when stopped", async () => {
    const queue = new WorkQueue();
    const ran: string[] = [];
    queue.add("a", () => ran.push("a"));
    const idle = queue.idle();
    queue.stop();
    await idle;
    queue.add("b", () => ran.push("b"));
    await queue.idle();
    expect(ran).toEqual([]);
  });
});
