// diffObjects and Secrets: values are masked on both sides, yet a changed value still shows.
import { describe, expect, it } from "vitest";
import { diffObjects } from "../../../tools/kubernetes/diff.ts";

const secret = (password: string) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "db", namespace: "shop" },
  data: { password: Buffer.from(password).toString("base64"), user: Buffer.from("admin").toString("base64") },
});

describe("diffObjects with Secrets", () => {
  it("marks a rotated value of the same length as changed without showing either value", () => {
    const result = diffObjects(secret("aaaa-1111"), secret("bbbb-2222"));
    expect(result.changed).toBe(true);
    expect(result.diff).toContain('-  password: "<redacted: 9 bytes>"');
    expect(result.diff).toContain('+  password: "<redacted: 9 bytes, value changed>"');
    expect(result.diff).not.toContain("user: <redacted: 5 bytes, value changed>");
    for (const value of ["aaaa-1111", "bbbb-2222"]) {
      expect(result.diff).not.toContain(value);
      expect(result.diff).not.toContain(Buffer.from(value).toString("base64"));
    }
  });

  it("reports no change when the values are equal", () => {
    expect(diffObjects(secret("same-value"), secret("same-value"))).toMatchObject({
      changed: false,
      diff: "",
    });
  });
});
