// Builds the protobuf field schema of the messages the emulator decodes from the gzipped file
// descriptors that Go's protobuf runtime compiles into kubectl (the definitions its clients encode with).
import { gunzipSync } from "node:zlib";
import { builtinResources } from "../resources.ts";
import { protobufPackage, wellKnownTypes } from "./message-names.ts";
import type { ProtoField, ProtoScalar, ProtoSchema } from "./schema-types.ts";
import { readFields, text } from "./wire.ts";

interface RawField {
  name: string;
  number: number;
  repeated: boolean;
  type: number;
  typeName: string;
}

interface RawMessage {
  fields: RawField[];
  mapEntry: boolean;
}

const scalarTypes: Record<number, ProtoScalar> = {
  1: "double",
  2: "float",
  3: "int64",
  4: "uint64",
  5: "int32",
  6: "fixed64",
  7: "fixed32",
  8: "bool",
  9: "string",
  12: "bytes",
  13: "uint32",
  14: "enum",
  15: "fixed32",
  16: "fixed64",
  17: "sint32",
  18: "sint64",
};

function collectMessages(buf: Uint8Array, scope: string, into: Map<string, RawMessage>): void {
  const fields = readFields(buf);
  const name = text(fields.find((f) => f.number === 1)?.bytes);
  const fullName = `${scope}.${name}`;
  const message: RawMessage = { fields: [], mapEntry: false };
  for (const f of fields) {
    if (f.number === 2 && f.bytes) {
      const parts = readFields(f.bytes);
      const get = (n: number) => parts.find((p) => p.number === n);
      message.fields.push({
        name: text(get(1)?.bytes),
        number: Number(get(3)?.varint ?? 0n),
        repeated: get(4)?.varint === 3n,
        type: Number(get(5)?.varint ?? 0n),
        typeName: text(get(6)?.bytes).replace(/^\./, ""),
      });
    } else if (f.number === 3 && f.bytes) {
      collectMessages(f.bytes, fullName, into);
    } else if (f.number === 7 && f.bytes) {
      message.mapEntry = readFields(f.bytes).some((o) => o.number === 7 && o.varint === 1n);
    }
  }
  into.set(fullName, message);
}

/** Every gzipped FileDescriptorProto named "*generated.proto" embedded in the binary. */
function descriptors(binary: Buffer): Uint8Array[] {
  const magic = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const found: Uint8Array[] = [];
  for (let at = binary.indexOf(magic); at >= 0; at = binary.indexOf(magic, at + 1)) {
    let raw: Buffer;
    try {
      raw = gunzipSync(binary.subarray(at, at + 4_000_000), { finishFlush: 2 });
    } catch {
      continue;
    }
    try {
      const name = text(readFields(raw).find((f) => f.number === 1)?.bytes);
      if (name.startsWith("k8s.io/") && name.endsWith("/generated.proto")) found.push(raw);
    } catch {
      // not a descriptor
    }
  }
  return found;
}

function toField(raw: RawField, messages: Map<string, RawMessage>): ProtoField {
  if (raw.type === 11) {
    const entry = messages.get(raw.typeName);
    if (entry?.mapEntry) {
      const key = entry.fields.find((f) => f.number === 1);
      const value = entry.fields.find((f) => f.number === 2);
      const keyKind = scalarTypes[key?.type ?? 9] ?? "string";
      if (value?.type === 11) return [raw.name, "map", false, keyKind, "message", value.typeName];
      return [raw.name, "map", false, keyKind, scalarTypes[value?.type ?? 9] ?? "string"];
    }
    return [raw.name, "message", raw.repeated, raw.typeName];
  }
  const kind = scalarTypes[raw.type];
  if (!kind) throw new Error(`field ${raw.name}: unsupported protobuf type ${raw.type}`);
  return [raw.name, kind, raw.repeated];
}

/** The schema of every served built-in kind, Scale and DeleteOptions, and all they contain. */
export function buildProtobufSchema(binary: Buffer): ProtoSchema {
  const messages = new Map<string, RawMessage>();
  for (const file of descriptors(binary)) {
    const fields = readFields(file);
    const pkg = text(fields.find((f) => f.number === 2)?.bytes);
    for (const f of fields) if (f.number === 4 && f.bytes) collectMessages(f.bytes, pkg, messages);
  }
  const roots = [
    ...builtinResources.map((t) => `${protobufPackage(t.group, t.version)}.${t.kind}`),
    "k8s.io.api.autoscaling.v1.Scale",
    "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions",
  ];
  const schema: ProtoSchema = {};
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (schema[name] || wellKnownTypes.has(name)) continue;
    const message = messages.get(name);
    if (!message) throw new Error(`message ${name} is not in kubectl's descriptors`);
    const fields: Record<number, ProtoField> = {};
    for (const raw of message.fields) {
      const field = toField(raw, messages);
      fields[raw.number] = field;
      const nested = field[1] === "message" ? field[3] : field[1] === "map" ? field[5] : undefined;
      if (nested) queue.push(nested);
    }
    schema[name] = fields;
  }
  return Object.fromEntries(Object.entries(schema).sort(([a], [b]) => (a < b ? -1 : 1)));
}
