// Helm's release records, decoded without the binary. Helm (v3 and v4, storage driver "secret")
// keeps each revision in a Secret `sh.helm.release.v1.<name>.v<revision>` labelled owner=helm,
// name, version, status. Its `data.release` is, over the JSON API, base64 (the Secret encoding) of
// base64 text of gzip of the release JSON; very old releases skip the gzip step.
import { gunzipSync } from "node:zlib";
import { ToolError } from "../shared/tool-error.ts";

export const releaseSecretType = "helm.sh/release.v1";
export const releaseSecretPrefix = "sh.helm.release.v1.";

/** The fields of a release Skyflo reads; everything else in the record is ignored. */
export interface HelmRelease {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  description: string;
  firstDeployed: string | undefined;
  lastDeployed: string | undefined;
  chart: { name: string; version: string; appVersion: string | undefined };
  /** Values the user supplied (helm get values). */
  config: Record<string, unknown>;
  /** The chart's default values (merged with config for helm get values --all). */
  chartValues: Record<string, unknown>;
  /** The rendered manifest (hooks excluded), as helm stored it. */
  manifest: string;
  notes: string | undefined;
}

const gzipMagic = [0x1f, 0x8b];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The release JSON inside a Secret's `data.release` value (as the JSON API returns it). */
export function decodeReleaseData(secretValue: string): unknown {
  const helmText = Buffer.from(secretValue, "base64").toString("latin1");
  const payload = Buffer.from(helmText, "base64");
  const json = payload[0] === gzipMagic[0] && payload[1] === gzipMagic[1] ? gunzipSync(payload) : payload;
  return JSON.parse(json.toString("utf8"));
}

interface SecretLike {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

/** Decodes one release Secret; a Secret that is not a readable release is a ToolError naming it. */
export function decodeReleaseSecret(secret: SecretLike): HelmRelease {
  const name = secret.metadata?.name ?? "(unnamed)";
  const namespace = secret.metadata?.namespace ?? "";
  const value = secret.data?.release;
  if (!value) {
    throw new ToolError(
      `Secret "${name}" in namespace "${namespace}" is labelled as a Helm release but has no data.release.`,
    );
  }
  let raw: unknown;
  try {
    raw = decodeReleaseData(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolError(
      `Secret "${name}" in namespace "${namespace}" does not hold a readable Helm release (${reason}).`,
      "It may have been written by an incompatible tool; inspect it with helm itself.",
    );
  }
  return toRelease(raw, secret);
}

function toRelease(raw: unknown, secret: SecretLike): HelmRelease {
  const record = isRecord(raw) ? raw : {};
  const info = isRecord(record.info) ? record.info : {};
  const chart = isRecord(record.chart) ? record.chart : {};
  const metadata = isRecord(chart.metadata) ? chart.metadata : {};
  const labels = secret.metadata?.labels ?? {};
  const revision = typeof record.version === "number" ? record.version : Number(labels.version ?? 0);
  return {
    name: text(record.name) ?? labels.name ?? "",
    namespace: text(record.namespace) ?? secret.metadata?.namespace ?? "",
    revision,
    // The label is updated when a revision is superseded; the record may lag behind it.
    status: labels.status ?? text(info.status) ?? "unknown",
    description: text(info.description) ?? "",
    firstDeployed: text(info.first_deployed),
    lastDeployed: text(info.last_deployed),
    chart: {
      name: text(metadata.name) ?? "",
      version: text(metadata.version) ?? "",
      appVersion: text(metadata.appVersion),
    },
    config: isRecord(record.config) ? record.config : {},
    chartValues: isRecord(chart.values) ? chart.values : {},
    manifest: typeof record.manifest === "string" ? record.manifest : "",
    notes: text(info.notes),
  };
}
