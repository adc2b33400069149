// Protocol Buffers wire format, read side: enough to walk any message field by field. Hand-rolled
// because the only thing needed is this tag/varint/length walk; a protobuf library would want .proto
// sources or generated classes for Kubernetes types, which no npm package ships.
export interface WireField {
  number: number;
  wireType: 0 | 1 | 2 | 5;
  /** Varint value (wire type 0) as a bigint, so int64 survives. */
  varint?: bigint;
  /** Payload of length-delimited (2) or fixed (1, 5) fields. */
  bytes?: Uint8Array;
}

export class WireError extends Error {}

export function readVarint(buf: Uint8Array, start: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  let i = start;
  for (;;) {
    if (i >= buf.length) throw new WireError("truncated varint");
    const byte = buf[i++] as number;
    result |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return [result, i];
    shift += 7n;
    if (shift > 63n) throw new WireError("varint longer than 10 bytes");
  }
}

/** Every field of a message, in wire order. Throws WireError on malformed input. */
export function readFields(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let i = 0;
  while (i < buf.length) {
    const [key, next] = readVarint(buf, i);
    i = next;
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new WireError("field number 0");
    if (wireType === 0) {
      const [value, after] = readVarint(buf, i);
      i = after;
      fields.push({ number, wireType, varint: value });
    } else if (wireType === 2) {
      const [length, after] = readVarint(buf, i);
      const end = after + Number(length);
      if (end > buf.length) throw new WireError("length-delimited field runs past the end");
      fields.push({ number, wireType, bytes: buf.subarray(after, end) });
      i = end;
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (i + size > buf.length) throw new WireError("fixed-size field runs past the end");
      fields.push({ number, wireType, bytes: buf.subarray(i, i + size) });
      i += size;
    } else {
      throw new WireError(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function text(bytes: Uint8Array | undefined): string {
  return bytes ? utf8.decode(bytes) : "";
}
