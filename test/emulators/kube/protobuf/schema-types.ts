// The shape of the generated protobuf schema (see generate-schema.ts).

/** Scalar kinds, named after protobuf's field types. */
export type ProtoScalar =
  | "string"
  | "bytes"
  | "bool"
  | "int32"
  | "int64"
  | "uint32"
  | "uint64"
  | "sint32"
  | "sint64"
  | "double"
  | "float"
  | "fixed32"
  | "fixed64"
  | "enum";

/** [jsonName, kind, repeated, messageType?, mapValueKind?, mapValueType?] — compact to keep the table small. */
export type ProtoField =
  | [name: string, kind: ProtoScalar, repeated: boolean]
  | [name: string, kind: "message", repeated: boolean, type: string]
  | [
      name: string,
      kind: "map",
      repeated: false,
      keyKind: ProtoScalar,
      valueKind: ProtoScalar | "message",
      valueType?: string,
    ];

export type ProtoSchema = Record<string, Record<number, ProtoField>>;
