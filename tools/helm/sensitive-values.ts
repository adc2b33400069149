// Helm values are free-form and often carry credentials (`auth.password`, `apiToken`, …). They are
// not Secrets, so redactSecrets does not see them. The rule: a value is sensitive when any word of
// its key (or of a key above it) is one of `sensitiveWords`; words are split at camelCase, digits,
// "_", "-" and ".". Sensitive strings and numbers are replaced by a marker with their size;
// booleans and null stay (a flag such as `auth.enabled` carries no secret). Keys are always kept,
// so a reviewer still sees which setting changed.
const sensitiveWords = new Set([
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "secret",
  "secrets",
  "token",
  "tokens",
  "key",
  "keys",
  "apikey",
  "privatekey",
  "credential",
  "credentials",
  "auth",
  "dsn",
  "certificate",
  "cert",
  "jwt",
  "cookie",
  "salt",
]);

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word !== "");
}

/** Whether values under this key (a name or a dotted path) are masked. */
export function isSensitiveKey(key: string): boolean {
  return words(key).some((word) => sensitiveWords.has(word));
}

function marker(value: string | number): string {
  return `<redacted: ${Buffer.byteLength(String(value))} bytes>`;
}

function mask(value: unknown, sensitive: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => mask(item, sensitive));
  if (typeof value === "object" && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value))
      copy[key] = mask(child, sensitive || isSensitiveKey(key));
    return copy;
  }
  if (sensitive && (typeof value === "string" || typeof value === "number")) return marker(value);
  return value;
}

/** A deep copy of Helm values with every sensitive value masked (see the rule above). */
export function maskSensitiveValues<T>(values: T): T {
  return mask(values, false) as T;
}

/** Every string form of the sensitive values in `values` (for masking them in helm's messages). */
export function sensitiveStrings(values: unknown, sensitive = false): string[] {
  if (Array.isArray(values)) return values.flatMap((item) => sensitiveStrings(item, sensitive));
  if (typeof values === "object" && values !== null) {
    return Object.entries(values).flatMap(([key, child]) =>
      sensitiveStrings(child, sensitive || isSensitiveKey(key)),
    );
  }
  if (sensitive && (typeof values === "string" || typeof values === "number")) return [String(values)];
  return [];
}
