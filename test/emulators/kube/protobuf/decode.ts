// Decodes Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`, as kubectl's
// generator commands and helm's release storage send them) into the JSON form the rest of the
// emulator works on, with the field schema generated from kubectl's own descriptors.
import { ApiError, badRequest } from "../errors.ts";
import { messageName, wellKnownTypes } from "./message-names.ts";
import schemaJson from "./schema.json" with { type: "json" };
import type { ProtoField, ProtoScalar, ProtoSchema } from "./schema-types.ts";
import { readFields, readVarint, text, WireError, type WireField } from "./wire.ts";

const schema = schemaJson as unknown as ProtoSchema;

const envelopeMagic = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

// Go's JSON omits zero values of non-pointer fields; these pointer fields mean something at zero.
const meaningfulZero = new Set([
  "replicas",
  "revisionHistoryLimit",
  "progressDeadlineSeconds",
  "terminationGracePeriodSeconds",
  "activeDeadlineSeconds",
  "deletionGracePeriodSeconds",
  "gracePeriodSeconds",
  "partition",
  "maxUnavailable",
  "automountServiceAccountToken",
  "enableServiceLinks",
  "immutable",
  "optional",
  "orphanDependents",
  "controller",
  "blockOwnerDeletion",
  "runAsUser",
  "runAsGroup",
  "runAsNonRoot",
  "fsGroup",
  "privileged",
  "allowPrivilegeEscalation",
  "readOnlyRootFilesystem",
  "defaultMode",
  "mode",
  "leaseDurationSeconds",
  "leaseTransitions",
  "setHostnameAsFQDN",
  "shareProcessNamespace",
  "hostUsers",
  "allocateLoadBalancerNodePorts",
]);

function unsupported(message: string): ApiError {
  return new ApiError(
    415,
    "UnsupportedMediaType",
    `the emulator cannot decode this protobuf body (${message}); send application/json instead`,
  );
}

function signed64(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

function scalar(kind: ProtoScalar, field: WireField): unknown {
  const v = field.varint ?? 0n;
  const bytes = field.bytes ?? new Uint8Array();
  const view = () => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (kind) {
    case "string":
      return text(bytes);
    case "bytes":
      return Buffer.from(bytes).toString("base64");
    case "bool":
      return v !== 0n;
    case "int32":
      return Number(BigInt.asIntN(32, v));
    case "int64":
    case "enum":
      return signed64(v);
    case "uint32":
    case "uint64":
      return Number(v);
    case "sint32":
    case "sint64":
      return Number((v >> 1n) ^ -(v & 1n));
    case "double":
      return view().getFloat64(0, true);
    case "float":
      return view().getFloat32(0, true);
    case "fixed32":
      return view().getUint32(0, true);
    case "fixed64":
      return Number(view().getBigUint64(0, true));
  }
}

/** Repeated numeric scalars may arrive packed in one length-delimited field. */
function scalarValues(kind: ProtoScalar, field: WireField): unknown[] {
  if (field.wireType !== 2 || kind === "string" || kind === "bytes") return [scalar(kind, field)];
  const bytes = field.bytes ?? new Uint8Array();
  if (kind === "double" || kind === "fixed64" || kind === "float" || kind === "fixed32") {
    const size = kind === "double" || kind === "fixed64" ? 8 : 4;
    const out: unknown[] = [];
    for (let i = 0; i < bytes.length; i += size) {
      out.push(
        scalar(kind, {
          number: field.number,
          wireType: size === 8 ? 1 : 5,
          bytes: bytes.subarray(i, i + size),
        }),
      );
    }
    return out;
  }
  const out: unknown[] = [];
  for (let i = 0; i < bytes.length; ) {
    const [value, next] = readVarint(bytes, i);
    out.push(scalar(kind, { number: field.number, wireType: 0, varint: value }));
    i = next;
  }
  return out;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function timestamp(bytes: Uint8Array, micro: boolean): string | undefined {
  const fields = readFields(bytes);
  const seconds = signed64(fields.find((f) => f.number === 1)?.varint ?? 0n);
  const nanos = Number(fields.find((f) => f.number === 2)?.varint ?? 0n);
  if (fields.length === 0) return undefined; // the zero time serializes as null
  const date = new Date(seconds * 1000);
  const base = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return micro ? `${base}.${pad(Math.floor(nanos / 1000), 6)}Z` : `${base}Z`;
}

function goDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return "0s";
  let rest = Math.abs(nanoseconds) / 1e9;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  rest -= minutes * 60;
  const seconds = Number(rest.toFixed(9)).toString();
  const sign = nanoseconds < 0 ? "-" : "";
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function rawJson(bytes: Uint8Array | undefined): unknown {
  const raw = text(bytes);
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw unsupported("embedded raw object is not JSON");
  }
}

function wellKnown(type: string, bytes: Uint8Array): unknown {
  const fields = readFields(bytes);
  const get = (n: number) => fields.find((f) => f.number === n);
  switch (type.slice(type.lastIndexOf(".") + 1)) {
    case "Time":
      return timestamp(bytes, false);
    case "MicroTime":
      return timestamp(bytes, true);
    case "Duration":
      return goDuration(signed64(get(1)?.varint ?? 0n));
    case "Quantity":
      return text(get(1)?.bytes);
    case "IntOrString":
      return (get(1)?.varint ?? 0n) === 1n
        ? text(get(3)?.bytes)
        : Number(BigInt.asIntN(32, get(2)?.varint ?? 0n));
    default:
      // FieldsV1 and RawExtension both carry raw JSON in field 1.
      return rawJson(get(1)?.bytes);
  }
}

function isZero(value: unknown): boolean {
  return value === "" || value === 0 || value === false;
}

function fieldValue(field: ProtoField, wire: WireField, path: string): unknown[] {
  const kind = field[1];
  if (kind === "message") {
    if (wire.wireType !== 2 || !wire.bytes)
      throw badRequest(`protobuf field ${path} has the wrong wire type`);
    const type = field[3];
    return [wellKnownTypes.has(type) ? wellKnown(type, wire.bytes) : decodeMessage(type, wire.bytes, path)];
  }
  if (kind === "map") return [];
  return scalarValues(kind, wire);
}

type MapField = Extract<ProtoField, [string, "map", ...unknown[]]>;

function mapEntry(field: MapField, wire: WireField, path: string): [string, unknown] {
  const [, , , keyKind, valueKind, valueType] = field;
  const parts = readFields(wire.bytes ?? new Uint8Array());
  const keyWire = parts.find((p) => p.number === 1);
  const valueWire = parts.find((p) => p.number === 2);
  const key = keyWire ? String(scalar(keyKind, keyWire)) : "";
  if (valueKind === "message") {
    const type = valueType ?? "";
    const bytes = valueWire?.bytes ?? new Uint8Array();
    return [
      key,
      wellKnownTypes.has(type) ? wellKnown(type, bytes) : decodeMessage(type, bytes, `${path}[${key}]`),
    ];
  }
  const fallback = valueKind === "string" || valueKind === "bytes" ? "" : 0;
  return [key, valueWire ? scalar(valueKind, valueWire) : fallback];
}

function decodeMessage(type: string, bytes: Uint8Array, path: string): Record<string, unknown> {
  const fields = schema[type];
  if (!fields) throw unsupported(`message ${type} is not known`);
  const out: Record<string, unknown> = {};
  for (const wire of readFields(bytes)) {
    const field = fields[wire.number];
    if (!field) throw unsupported(`field ${wire.number} of ${type} at ${path || "<root>"} is not known`);
    const name = field[0];
    const here = path ? `${path}.${name}` : name;
    if (field[1] === "map") {
      const [key, value] = mapEntry(field, wire, here);
      out[name] = { ...((out[name] as object) ?? {}), [key]: value };
      continue;
    }
    const values = fieldValue(field, wire, here).filter((v) => v !== undefined);
    if (field[2]) out[name] = [...((out[name] as unknown[]) ?? []), ...values];
    else if (values.length > 0) out[name] = values[values.length - 1];
  }
  for (const [name, value] of Object.entries(out)) {
    if (isZero(value) && !meaningfulZero.has(name)) delete out[name];
  }
  return out;
}

export function isKubernetesProtobuf(body: Uint8Array): boolean {
  return envelopeMagic.every((byte, i) => body[i] === byte);
}

/** A protobuf-encoded object (the "k8s\0" envelope with runtime.Unknown) as its JSON form. */
export function decodeKubernetesProtobuf(body: Uint8Array): Record<string, unknown> {
  if (!isKubernetesProtobuf(body)) {
    throw badRequest('the protobuf body does not start with the Kubernetes envelope "k8s\\0"');
  }
  try {
    const envelope = readFields(body.subarray(envelopeMagic.length));
    const typeMeta = readFields(envelope.find((f) => f.number === 1)?.bytes ?? new Uint8Array());
    const apiVersion = text(typeMeta.find((f) => f.number === 1)?.bytes);
    const kind = text(typeMeta.find((f) => f.number === 2)?.bytes);
    const encoding = text(envelope.find((f) => f.number === 3)?.bytes);
    if (encoding !== "") throw unsupported(`content encoding "${encoding}"`);
    const raw = envelope.find((f) => f.number === 2)?.bytes ?? new Uint8Array();
    const object = decodeMessage(messageName(apiVersion, kind), raw, "");
    return { apiVersion, kind, ...object };
  } catch (error) {
    if (error instanceof WireError) throw badRequest(`malformed protobuf body: ${error.message}`);
    throw error;
  }
}
