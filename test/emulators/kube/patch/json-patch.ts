// RFC 6902 JSON patch, via fast-json-patch, with its failures turned into API-server style errors:
// a malformed patch document is 400 BadRequest, a well-formed one that cannot be applied is 422.
import jsonPatch from "fast-json-patch";
import { ApiError, badRequest } from "../errors.ts";
import { describeValue } from "./json-values.ts";

const MALFORMED = new Set([
  "SEQUENCE_NOT_AN_ARRAY",
  "OPERATION_NOT_AN_OBJECT",
  "OPERATION_OP_INVALID",
  "OPERATION_PATH_INVALID",
  "OPERATION_FROM_REQUIRED",
  "OPERATION_VALUE_REQUIRED",
  "OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED",
]);

const EXPLANATIONS: Record<string, string> = {
  SEQUENCE_NOT_AN_ARRAY: "a JSON patch must be an array of operations",
  OPERATION_NOT_AN_OBJECT: "each operation must be an object",
  OPERATION_OP_INVALID: "op must be one of add, remove, replace, move, copy, test",
  OPERATION_PATH_INVALID: 'path must be a JSON pointer string such as "/spec/replicas"',
  OPERATION_FROM_REQUIRED: '"from" is required for move and copy',
  OPERATION_VALUE_REQUIRED: '"value" is required for add, replace and test',
  OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED: "value must be plain JSON",
  OPERATION_PATH_CANNOT_ADD: "the parent of the path does not exist",
  OPERATION_PATH_UNRESOLVABLE: "the path does not exist in the object",
  OPERATION_FROM_UNRESOLVABLE: 'the "from" path does not exist in the object',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: "the array index is not a number or '-'",
  OPERATION_VALUE_OUT_OF_BOUNDS: "the array index is out of bounds",
  TEST_OPERATION_FAILED: "the value at the path is not the expected one",
};

export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw badRequest(
      `invalid JSON patch: expected an array of operations like [{"op":"replace","path":"/spec/replicas","value":3}], got ${describeValue(patch)}`,
    );
  }
  // One operation at a time, so a failure always names the operation that failed.
  let result = jsonPatch.deepClone(document);
  for (const [index, operation] of patch.entries()) {
    try {
      result = jsonPatch.applyOperation(result, operation, true, true, true, index).newDocument;
    } catch (error) {
      if (!(error instanceof jsonPatch.JsonPatchError)) throw error;
      throw toApiError(error, index, operation);
    }
  }
  return result;
}

function toApiError(
  error: InstanceType<typeof jsonPatch.JsonPatchError>,
  index: number,
  patchOperation: unknown,
): ApiError {
  const operation = (typeof patchOperation === "object" ? patchOperation : undefined) as
    | Record<string, unknown>
    | undefined;
  const op = typeof operation?.op === "string" ? operation.op : "?";
  const path = typeof operation?.path === "string" ? operation.path : "?";
  let why = EXPLANATIONS[error.name] ?? error.name;
  if (error.name === "TEST_OPERATION_FAILED") why += ` (expected ${describeValue(operation?.value)})`;
  if (error.name === "OPERATION_FROM_UNRESOLVABLE") why += ` (from ${describeValue(operation?.from)})`;
  const message = `JSON patch operation ${index} (${op} ${path}) failed: ${why}`;
  if (MALFORMED.has(error.name)) return badRequest(`invalid JSON patch: ${message}`);
  return new ApiError(422, "Invalid", message, {
    causes: [{ type: "FieldValueInvalid", message: `${op} operation failed: ${why}`, field: path }],
  });
}
