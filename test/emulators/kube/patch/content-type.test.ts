import { describe, expect, it } from "vitest";
import { patchTypeFromContentType } from "./content-type.ts";

describe("patchTypeFromContentType", () => {
  it("maps each patch media type, ignoring parameters and case", () => {
    expect(patchTypeFromContentType("application/json-patch+json")).toBe("json");
    expect(patchTypeFromContentType("application/merge-patch+json; charset=utf-8")).toBe("merge");
    expect(patchTypeFromContentType("Application/Strategic-Merge-Patch+JSON")).toBe("strategic");
    expect(patchTypeFromContentType("application/apply-patch+yaml")).toBe("apply");
  });

  it("returns undefined for media types the emulator does not patch with", () => {
    expect(patchTypeFromContentType("application/apply-patch+cbor")).toBeUndefined();
    expect(patchTypeFromContentType("application/json")).toBeUndefined();
    expect(patchTypeFromContentType("")).toBeUndefined();
  });
});
