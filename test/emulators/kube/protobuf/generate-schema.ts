// Regenerates schema.json from the real kubectl binary (see schema-builder.ts), then formats it:
//   node test/emulators/kube/protobuf/generate-schema.ts && npx biome format --write test/emulators/kube/protobuf
import { readFile, writeFile } from "node:fs/promises";
import { kubectlPath } from "../../../support/kube-binaries.ts";
import { buildProtobufSchema } from "./schema-builder.ts";

const schema = buildProtobufSchema(await readFile(await kubectlPath()));
const out = new URL("./schema.json", import.meta.url);
await writeFile(out, `${JSON.stringify(schema)}\n`);
console.log(`wrote ${Object.keys(schema).length} messages to ${out.pathname}`);
