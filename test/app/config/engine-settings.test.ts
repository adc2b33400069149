import { describe, expect, it } from "vitest";
import { EngineSettingsError, engineSettingsFromEnv } from "../../../app/config/engine-settings.ts";

describe("engineSettingsFromEnv", () => {
  it("runs approved plans with Leases in default unless told otherwise", () => {
    expect(engineSettingsFromEnv({})).toEqual({ executeApproved: true, lockNamespace: "default" });
    expect(
      engineSettingsFromEnv({ SKYFLO_EXECUTE: " FALSE ", SKYFLO_LOCK_NAMESPACE: "skyflo-system" }),
    ).toEqual({
      executeApproved: false,
      lockNamespace: "skyflo-system",
    });
  });

  it("refuses values it cannot read, naming the variable", () => {
    expect(() => engineSettingsFromEnv({ SKYFLO_EXECUTE: "yes" })).toThrow(EngineSettingsError);
    expect(() => engineSettingsFromEnv({ SKYFLO_EXECUTE: "yes" })).toThrow(
      /SKYFLO_EXECUTE must be "true" or "false"/,
    );
    expect(() => engineSettingsFromEnv({ SKYFLO_LOCK_NAMESPACE: "Skyflo_System" })).toThrow(
      /SKYFLO_LOCK_NAMESPACE/,
    );
  });
});
