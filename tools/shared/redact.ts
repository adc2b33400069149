// Secret values never leave a tool. Every object that goes out (results, diffs, logs of objects)
// passes through here; Secret data is replaced by a marker that keeps the key and size visible.

const lastApplied = "kubectl.kubernetes.io/last-applied-configuration";
const alreadyMasked = /^<redacted: \d+ bytes>$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function maskValues(data: unknown, encoded: boolean): unknown {
  if (!isRecord(data)) return data === undefined ? undefined : "<redacted>";
  const masked: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    // Already masked (a tool redacted before invokeTool does): keep it, or its size would be wrong.
    // Real `data` never looks like this (it is base64), so no value can hide behind the marker.
    if (typeof value === "string" && alreadyMasked.test(value)) {
      masked[key] = value;
      continue;
    }
    const length =
      typeof value === "string"
        ? encoded
          ? Buffer.from(value, "base64").length
          : Buffer.byteLength(value)
        : 0;
    masked[key] = `<redacted: ${length} bytes>`;
  }
  return masked;
}

function redactSecret(secret: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...secret };
  if ("data" in copy) copy.data = maskValues(copy.data, true);
  if ("stringData" in copy) copy.stringData = maskValues(copy.stringData, false);
  const metadata = copy.metadata;
  if (isRecord(metadata) && isRecord(metadata.annotations) && lastApplied in metadata.annotations) {
    // kubectl keeps the whole applied Secret, values included, in this annotation.
    copy.metadata = { ...metadata, annotations: { ...metadata.annotations, [lastApplied]: "<redacted>" } };
  }
  return copy;
}

/**
 * Returns a deep copy of `value` in which every Secret (at any depth: lists, `items`, nested
 * results) has its `data` and `stringData` values masked. Non-Secret values are copied as they are.
 */
export function redactSecrets<T>(value: T): T {
  return redact(value, false) as T;
}

// Typed list calls return items without `kind`; a Secret is recognised by its list, by its kind,
// or (kind missing) by carrying a `type` next to `data`/`stringData`, as only Secrets do.
function isSecret(value: Record<string, unknown>, inSecretList: boolean): boolean {
  if (value.kind === "Secret" || inSecretList) return true;
  return (
    value.kind === undefined && typeof value.type === "string" && ("data" in value || "stringData" in value)
  );
}

function redact(value: unknown, inSecretList: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => redact(item, inSecretList));
  if (!isRecord(value)) return value;
  if (isSecret(value, inSecretList)) return redactSecret(value);
  const childrenAreSecrets = value.kind === "SecretList";
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = redact(child, childrenAreSecrets && key === "items");
  }
  return copy;
}
