import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { kubectlPath } from "../../../support/kube-binaries.ts";
import { ApiError } from "../errors.ts";
import { decodeKubernetesProtobuf } from "./decode.ts";
import schema from "./schema.json" with { type: "json" };
import { buildProtobufSchema } from "./schema-builder.ts";

// A minimal encoder for test fixtures: each field is [number, value]; nested arrays are messages.
type Fixture = [number, string | number | boolean | Uint8Array | Fixture][];

function varint(n: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

function encode(fields: Fixture): Uint8Array {
  const out: number[] = [];
  for (const [number, value] of fields) {
    if (typeof value === "number" || typeof value === "boolean") {
      out.push(...varint(BigInt(number << 3)), ...varint(BigInt(Number(value))));
      continue;
    }
    const bytes =
      typeof value === "string"
        ? new TextEncoder().encode(value)
        : value instanceof Uint8Array
          ? value
          : encode(value);
    out.push(...varint(BigInt((number << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes);
  }
  return Uint8Array.from(out);
}

function envelope(apiVersion: string, kind: string, object: Fixture): Uint8Array {
  const unknown = encode([
    [
      1,
      [
        [1, apiVersion],
        [2, kind],
      ],
    ],
    [2, encode(object)],
  ]);
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...unknown]);
}

const emptyTime: Fixture = [];

describe("decodeKubernetesProtobuf", () => {
  it("decodes a Secret with maps, bytes and Go's omitempty for zero values", () => {
    const body = envelope("v1", "Secret", [
      [
        1,
        [
          [1, "token"],
          [2, ""],
          [3, "shop"],
          [7, 0],
          [8, emptyTime],
          [
            11,
            [
              [1, "app"],
              [2, "web"],
            ],
          ],
        ],
      ],
      [
        2,
        [
          [1, "password"],
          [2, new TextEncoder().encode("hunter2")],
        ],
      ],
      [3, "Opaque"],
    ]);
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "token", namespace: "shop", labels: { app: "web" } },
      data: { password: "aHVudGVyMg==" },
      type: "Opaque",
    });
  });

  it("keeps meaningful zeros, times, int-or-strings and quantities", () => {
    const body = envelope("apps/v1", "Deployment", [
      [
        1,
        [
          [1, "web"],
          [8, [[1, 1_700_000_000]]],
        ],
      ],
      [
        2,
        [
          [1, 0],
          [5, 0],
          [
            4,
            [
              [1, "RollingUpdate"],
              [
                2,
                [
                  [
                    1,
                    [
                      [1, 1],
                      [3, "25%"],
                    ],
                  ],
                  [
                    2,
                    [
                      [1, 0],
                      [2, 2],
                    ],
                  ],
                ],
              ],
            ],
          ],
          [
            3,
            [
              [1, []],
              [
                2,
                [
                  [
                    2,
                    [
                      [1, "app"],
                      [2, "nginx:1.27"],
                      [
                        8,
                        [
                          [
                            1,
                            [
                              [1, "cpu"],
                              [2, [[1, "250m"]]],
                            ],
                          ],
                        ],
                      ],
                    ],
                  ],
                ],
              ],
            ],
          ],
        ],
      ],
    ]);
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", creationTimestamp: "2023-11-14T22:13:20Z" },
      spec: {
        replicas: 0,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: 2 } },
        template: {
          metadata: {},
          spec: {
            containers: [{ name: "app", image: "nginx:1.27", resources: { limits: { cpu: "250m" } } }],
          },
        },
      },
    });
  });

  it("decodes DeleteOptions sent by typed clients", () => {
    const body = envelope("meta.k8s.io/v1", "DeleteOptions", [
      [4, "Foreground"],
      [5, "All"],
      [2, [[1, "uid-1"]]],
    ]);
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: "meta.k8s.io/v1",
      kind: "DeleteOptions",
      propagationPolicy: "Foreground",
      dryRun: ["All"],
      preconditions: { uid: "uid-1" },
    });
  });

  it("refuses what it cannot decode faithfully: unknown fields (415) and a missing envelope (400)", () => {
    const unknownField = envelope("v1", "ConfigMap", [[99, "surprise"]]);
    expect(() => decodeKubernetesProtobuf(unknownField)).toThrow(/field 99 of k8s.io.api.core.v1.ConfigMap/);
    try {
      decodeKubernetesProtobuf(unknownField);
    } catch (error) {
      expect((error as ApiError).code).toBe(415);
    }
    expect(() => decodeKubernetesProtobuf(Uint8Array.from([1, 2, 3]))).toThrow(ApiError);
  });
});

describe("schema.json", () => {
  it("matches the descriptors compiled into the kubectl binary (regenerate with generate-schema.ts)", async () => {
    const built = buildProtobufSchema(await readFile(await kubectlPath()));
    expect(JSON.parse(JSON.stringify(built))).toEqual(schema);
  });
});
