import { describe, expect, it } from "vitest";
import { withDeadline } from "../../../tools/shared/deadline.ts";
import { ToolError } from "../../../tools/shared/tool-error.ts";

describe("withDeadline", () => {
  it("returns the result of a call that finishes in time", async () => {
    await expect(withDeadline("k8s_get", 1000, async () => 42)).resolves.toBe(42);
  });

  it("rejects with an actionable ToolError and aborts the signal when the deadline passes", async () => {
    let seen: AbortSignal | undefined;
    const never = (signal: AbortSignal) => {
      seen = signal;
      return new Promise<never>(() => {});
    };
    const error = await withDeadline("k8s_get", 20, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as Error).message).toMatch(
      /^k8s_get did not finish within 20 ms\. Check that the cluster API is reachable/,
    );
    expect(seen?.aborted).toBe(true);
  });

  it("is cancelled by its parent signal", async () => {
    const parent = new AbortController();
    const pending = withDeadline("k8s_get", 60_000, () => new Promise<never>(() => {}), parent.signal);
    parent.abort();
    await expect(pending).rejects.toThrow("k8s_get was cancelled.");
  });

  it("passes the call's own errors through", async () => {
    await expect(withDeadline("x", 1000, async () => Promise.reject(new Error("boom")))).rejects.toThrow(
      "boom",
    );
  });
});
