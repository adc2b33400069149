import { z } from "zod";

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Largest whole number JSON tools read back exactly; larger ones silently change. */
export const MAX_EXACT_INTEGER = Number.MAX_SAFE_INTEGER;

/**
 * A number that survives a JSON round trip unchanged: finite (zod already rejects NaN and
 * Infinity), and whole numbers within ±(2^53 - 1), so what a reviewer reads is what runs.
 */
const JsonNumberSchema = z.number().refine((n) => !Number.isInteger(n) || Number.isSafeInteger(n), {
  error: `expected a whole number within ±${MAX_EXACT_INTEGER} (larger ones lose precision; quote it to keep it as text)`,
});

/** Any JSON value. Objects must be plain (a Date, Map or Buffer is not JSON). */
export const JsonValueSchema: z.ZodType<JsonValue> = z
  .lazy(() =>
    z.union([
      z.string(),
      JsonNumberSchema,
      z.boolean(),
      z.null(),
      z.array(JsonValueSchema),
      z.record(z.string(), JsonValueSchema),
    ]),
  )
  .meta({ id: "JsonValue", description: "Any JSON value: text, number, true/false, null, list or mapping." });

/** A JSON object (string keys). Tool and check arguments have this shape. */
export const JsonObjectSchema: z.ZodType<JsonObject> = z.record(z.string(), JsonValueSchema);
