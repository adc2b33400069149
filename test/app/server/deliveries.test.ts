import { describe, expect, it } from "vitest";
import { createDeliveryLog } from "../../../app/server/deliveries.ts";

describe("createDeliveryLog", () => {
  it("reports an id seen before", () => {
    const log = createDeliveryLog();
    expect(log.seen("d1")).toBe(false);
    expect(log.seen("d1")).toBe(true);
    expect(log.seen("d2")).toBe(false);
  });

  it("keeps at most `capacity` ids, evicting the least recently seen", () => {
    const log = createDeliveryLog(2);
    log.seen("a");
    log.seen("b");
    log.seen("a"); // refreshes a: b is now the oldest
    log.seen("c");
    expect(log.size).toBe(2);
    expect(log.seen("a")).toBe(true);
    expect(log.seen("b")).toBe(false);
  });

  it("forgets an id so its redelivery is handled", () => {
    const log = createDeliveryLog();
    log.seen("d1");
    log.forget("d1");
    expect(log.seen("d1")).toBe(false);
  });

  it("rejects a capacity that is not a whole number ≥ 1", () => {
    expect(() => createDeliveryLog(0)).toThrow(
      "The delivery log capacity must be a whole number ≥ 1, got 0.",
    );
  });
});
