// Secret values collected from what a caller sends, and masked in any message.
import { describe, expect, it } from "vitest";
import { maskError, maskValues, secretValues } from "../../../tools/kubernetes/secret-values.ts";
import { ToolError } from "../../../tools/shared/tool-error.ts";

describe("secretValues", () => {
  it("collects data (base64 and decoded) and stringData (plain and encoded)", () => {
    const values = secretValues(
      { data: { a: Buffer.from("alpha-1").toString("base64") }, stringData: { b: "bravo-2" } },
      true,
    );
    expect(values).toEqual(
      expect.arrayContaining([
        "alpha-1",
        Buffer.from("alpha-1").toString("base64"),
        "bravo-2",
        Buffer.from("bravo-2").toString("base64"),
      ]),
    );
  });

  it("collects JSON patch values only, and nothing for non-Secrets", () => {
    const values = secretValues([{ op: "replace", path: "/data/a", value: "charlie-3" }], true);
    expect(values).toContain("charlie-3");
    expect(values).not.toContain("replace");
    expect(secretValues({ data: { a: "x-y-z" } }, false)).toEqual([]);
  });

  it("masks every occurrence, longest first", () => {
    const values = secretValues({ stringData: { a: "pass", b: "password-long" } }, true);
    expect(maskValues("got password-long and pass", values)).toBe("got <redacted> and <redacted>");
    expect(maskError(new ToolError("bad pass"), values).message).toBe("bad <redacted>");
  });
});
