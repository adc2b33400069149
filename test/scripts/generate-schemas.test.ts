import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  findStaleSchemas,
  GENERATED_SCHEMAS,
  main,
  REPO_ROOT,
  renderSchema,
} from "../../scripts/generate-schemas.ts";
import { DESIGN_EXAMPLE, minimalPlanInput } from "../app/plan/plan-fixtures.ts";

const temporaryRoots: string[] = [];
function temporaryRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "skyflo-schemas-"));
  temporaryRoots.push(root);
  return root;
}
afterEach(() => {
  for (const root of temporaryRoots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function runCli(argv: string[], root: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { root, log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out, err };
}

describe("committed JSON Schemas", () => {
  it("are up to date with the zod schemas (run `npm run schema` if this fails)", () => {
    expect(findStaleSchemas()).toEqual([]);
  });

  it("npm run schema:check's command exits 0 on this repository", () => {
    const result = spawnSync(process.execPath, ["scripts/generate-schemas.ts", "--check"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("3 JSON Schemas are up to date\n");
    expect(result.status).toBe(0);
  });
});

describe("generate-schemas --check", () => {
  it("fails when a file is missing, naming it and the command that fixes it", () => {
    const result = runCli(["--check"], temporaryRoot());
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      "schemas/plan.schema.json is missing; run `npm run schema` and commit the result",
      "schemas/run-record.schema.json is missing; run `npm run schema` and commit the result",
      "schemas/repo-config.schema.json is missing; run `npm run schema` and commit the result",
    ]);
  });

  it("passes after writing, fails again when a file goes stale", () => {
    const root = temporaryRoot();
    expect(runCli([], root)).toEqual({
      code: 0,
      out: [
        "wrote schemas/plan.schema.json",
        "wrote schemas/run-record.schema.json",
        "wrote schemas/repo-config.schema.json",
      ],
      err: [],
    });
    expect(runCli(["--check"], root)).toEqual({ code: 0, out: ["3 JSON Schemas are up to date"], err: [] });
    const file = join(root, "schemas/plan.schema.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"maxItems": 50', '"maxItems": 49'));
    expect(runCli(["--check"], root)).toEqual({
      code: 1,
      out: [],
      err: [
        "schemas/plan.schema.json is out of date with the zod schemas; run `npm run schema` and commit the result",
      ],
    });
  });

  it("reports a file with other content as outdated", () => {
    const root = temporaryRoot();
    runCli([], root);
    writeFileSync(join(root, "schemas/run-record.schema.json"), "{}\n");
    expect(findStaleSchemas(root)).toEqual([{ file: "schemas/run-record.schema.json", reason: "outdated" }]);
  });

  it("refuses unknown arguments", () => {
    expect(runCli(["--chek"], temporaryRoot())).toEqual({
      code: 2,
      out: [],
      err: ["unknown argument --chek; usage: generate-schemas.ts [--check]"],
    });
  });
});

describe("the generated plan schema", () => {
  const planEntry = GENERATED_SCHEMAS.find((e) => e.file === "schemas/plan.schema.json");
  const schema = JSON.parse(renderSchema(planEntry as NonNullable<typeof planEntry>));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);

  it("names itself and describes the plan", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe("urn:skyflo:schema:plan:v1");
    expect(schema.title).toBe("Skyflo plan (.skyflo/plans/<id>.yaml)");
    expect(schema.description).toMatch(/only thing Skyflo executes/);
  });

  it("accepts the DESIGN.md example and a plan that leaves defaults out", () => {
    expect(validate(parseYaml(DESIGN_EXAMPLE)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(minimalPlanInput()), JSON.stringify(validate.errors)).toBe(true);
  });

  it("refuses what an editor should flag: unknown keys, bad ids, out-of-range timeouts", () => {
    const plan = parseYaml(DESIGN_EXAMPLE);
    expect(validate({ ...plan, stepz: [] })).toBe(false);
    expect(validate({ ...plan, steps: [{ ...plan.steps[0], id: "Bad_Id" }] })).toBe(false);
    expect(validate({ ...plan, verify: [{ ...plan.verify[0], timeoutSeconds: 0 }] })).toBe(false);
    expect(validate({ ...plan, steps: [] })).toBe(false);
  });

  it("the run record schema compiles too", () => {
    const entry = GENERATED_SCHEMAS.find((e) => e.file === "schemas/run-record.schema.json");
    expect(() => ajv.compile(JSON.parse(renderSchema(entry as NonNullable<typeof entry>)))).not.toThrow();
  });
});
