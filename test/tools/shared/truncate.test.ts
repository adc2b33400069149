import { describe, expect, it } from "vitest";
import { truncateText } from "../../../tools/shared/truncate.ts";

describe("truncateText", () => {
  it("returns short text unchanged", () => {
    expect(truncateText("hello", 10)).toBe("hello");
  });

  it("cuts long text and says how much was left out", () => {
    const out = truncateText("a".repeat(100), 10);
    expect(out.startsWith("a".repeat(10))).toBe(true);
    expect(out).toContain("[truncated: 90 of 100 bytes not shown.");
  });

  it("never splits a multi-byte character", () => {
    const out = truncateText("é".repeat(10), 5); // 2 bytes each
    expect(out.split("\n")[0]).toBe("éé");
    expect(out).not.toContain("\uFFFD");
  });
});
