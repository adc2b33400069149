import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
} from "yaml";
import { MAX_NESTING_DEPTH } from "./json-problems.ts";
import type { PlanError, SourceLookup, SourcePosition } from "./plan-error.ts";
import { formatPath, sortPlanErrors } from "./plan-error.ts";

// Reads one YAML document as plain JSON data, refusing the YAML features a plan has no use
// for and that could make what reviewers read differ from what runs.

export const MAX_PLAN_FILE_BYTES = 256 * 1024;

/** How messages name the document being read, and its limits; plans are the default. */
export interface YamlDocumentKind {
  /** As in "anchors are not allowed in a plan". */
  noun: string;
  /** As in "a plan file holds exactly one YAML document". */
  fileNoun: string;
  maxBytes: number;
  /** Appended to the too-large message, after "; ". */
  tooLargeAdvice: string;
  /** The error for an empty file; without one, an empty file (or only comments) reads as null. */
  emptyMessage?: string;
}

export const PLAN_DOCUMENT: YamlDocumentKind = {
  noun: "a plan",
  fileNoun: "a plan file",
  maxBytes: MAX_PLAN_FILE_BYTES,
  tooLargeAdvice: "split the change into smaller plans",
  emptyMessage: "the file is empty; expected a plan (apiVersion: skyflo/v1, kind: Plan, …)",
};

export type YamlLoad =
  | { ok: true; value: unknown; source: SourceLookup }
  | { ok: false; errors: PlanError[] };

const PARSE_OPTIONS = {
  version: "1.2",
  // Pinned: a "%YAML 1.1" directive must not switch on 1.1 types (yes/no booleans, timestamps).
  schema: "core",
  merge: false,
  uniqueKeys: true,
  strict: true,
  prettyErrors: false,
  intAsBigInt: false,
} as const;

const CORE_TAG_PREFIX = "tag:yaml.org,2002:";

function shortTag(tag: string): string {
  return tag.startsWith(CORE_TAG_PREFIX) ? `!!${tag.slice(CORE_TAG_PREFIX.length)}` : tag;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

interface Located {
  node: Node;
  path: PropertyKey[];
  depth: number;
  /** Where a person would look for it: the key of a map entry, else the node itself. */
  offset: number | undefined;
}

/** Builds a PlanError at a byte offset of the source. */
type ErrorAt = (path: readonly PropertyKey[], message: string, offset: number | undefined) => PlanError;

/** Path of the map whose entry has its key at `offset` (for duplicate-key errors). */
function mapPathOfKeyAt(doc: Document, offset: number): { path: PropertyKey[]; key: string } | undefined {
  let found: { path: PropertyKey[]; key: string } | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (found !== undefined) return visit.BREAK;
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        const path: PropertyKey[] = [];
        let parent: unknown;
        for (const ancestor of ancestors) {
          if (isPair(ancestor) && isScalar(ancestor.key)) path.push(String(ancestor.key.value));
          if (isSeq(parent)) path.push(parent.items.indexOf(ancestor as never));
          parent = ancestor;
        }
        found = { path, key: String(pair.key.value) };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function yamlErrorToPlanError(
  doc: Document,
  error: YAMLError,
  errorAt: ErrorAt,
  kind: YamlDocumentKind,
): PlanError {
  const offset = error.pos[0];
  switch (error.code) {
    case "DUPLICATE_KEY": {
      const where = mapPathOfKeyAt(doc, offset);
      const key = where?.key ?? "";
      return errorAt(
        where?.path ?? [],
        `duplicate field "${key}": a field may appear only once; keep one`,
        offset,
      );
    }
    case "MULTIPLE_DOCS":
      return errorAt(
        [],
        `${kind.fileNoun} holds exactly one YAML document; remove the '---' line and everything after it`,
        offset,
      );
    default:
      if (/call stack/i.test(error.message)) {
        return errorAt(
          [],
          `the YAML is nested too deeply (the limit is ${MAX_NESTING_DEPTH} levels)`,
          offset,
        );
      }
      return errorAt([], `YAML syntax error: ${error.message}`, offset);
  }
}

/** Rejects aliases, anchors, tags, non-text keys and deep nesting; walks without recursion. */
function findUnsupportedYaml(doc: Document, errorAt: ErrorAt, kind: YamlDocumentKind): PlanError[] {
  const errors: PlanError[] = [];
  const root = doc.contents;
  if (root === null) return errors;
  const stack: Located[] = [{ node: root, path: [], depth: 0, offset: root.range?.[0] }];
  const checkProperties = (node: Node, path: PropertyKey[], offset: number | undefined) => {
    if (node.anchor !== undefined) {
      const message = `anchors (&${node.anchor}) are not allowed in ${kind.noun}; write each value out in full`;
      errors.push(errorAt(path, message, offset));
    }
    if (node.tag !== undefined) {
      const message = `tags (${shortTag(node.tag)}) are not allowed in ${kind.noun}; write plain values (quote text if needed)`;
      errors.push(errorAt(path, message, offset));
    }
  };
  while (stack.length > 0) {
    const { node, path, depth, offset } = stack.pop() as Located;
    if (isAlias(node)) {
      const message = `aliases (*${node.source}) are not allowed in ${kind.noun}; write the value out in full`;
      errors.push(errorAt(path, message, offset));
      continue;
    }
    checkProperties(node, path, offset);
    if (depth >= MAX_NESTING_DEPTH && (isMap(node) || isSeq(node))) {
      errors.push(errorAt(path, `nested more than ${MAX_NESTING_DEPTH} levels deep; flatten it`, offset));
      continue;
    }
    const children: Located[] = [];
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const keyOffset = key?.range?.[0] ?? node.range?.[0];
        if (!isScalar(key) || typeof key.value !== "string") {
          const shown = isScalar(key) ? (key.source ?? String(key.value)) : "a list or mapping";
          errors.push(
            errorAt(path, `field names must be text, got ${shown}; quote it if it is a name`, keyOffset),
          );
          continue;
        }
        const childPath = [...path, key.value];
        checkProperties(key, childPath, keyOffset);
        if (pair.value !== null) {
          children.push({ node: pair.value as Node, path: childPath, depth: depth + 1, offset: keyOffset });
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        if (item === null) return;
        const child = item as Node;
        children.push({ node: child, path: [...path, index], depth: depth + 1, offset: child.range?.[0] });
      });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Located);
  }
  return errors;
}

function hasDirectives(doc: Document): boolean {
  const tags = Object.keys(doc.directives?.tags ?? {});
  return doc.directives?.yaml.explicit === true || tags.some((handle) => handle !== "!!");
}

/** Finds the node at `path`; for a map entry, reports where its key starts. */
function makeSourceLookup(doc: Document, lineCounter: LineCounter): SourceLookup {
  const walk = (path: readonly PropertyKey[]) => {
    let node: unknown = doc.contents;
    let offset = (doc.contents as Node | null)?.range?.[0];
    let complete = true;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
        if (pair === undefined) {
          complete = false;
          break;
        }
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && node.items[segment] != null) {
        node = node.items[segment];
        offset = (node as Node).range?.[0] ?? offset;
      } else {
        complete = false;
        break;
      }
    }
    return { node: complete ? node : undefined, offset };
  };
  return {
    position(path): SourcePosition | undefined {
      const { offset } = walk(path);
      if (offset === undefined) return undefined;
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    },
    scalarText(path) {
      const { node } = walk(path);
      if (!isScalar(node) || typeof node.value === "string") return undefined;
      return node.source;
    },
  };
}

/** Parses `text` as one YAML document of plain JSON data. Never throws. */
export function loadYaml(text: string, kind: YamlDocumentKind = PLAN_DOCUMENT): YamlLoad {
  if (typeof text !== "string") {
    return {
      ok: false,
      errors: [{ path: "", message: `expected the plan file's text, got ${typeof text}` }],
    };
  }
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > kind.maxBytes) {
    return {
      ok: false,
      errors: [
        {
          path: "",
          message: `the file is ${kib(bytes)}, over the ${kib(kind.maxBytes)} limit for ${kind.noun}; ${kind.tooLargeAdvice}`,
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  const errorAt: ErrorAt = (path, message, offset) => {
    const error: PlanError = { path: formatPath(path), message };
    if (offset !== undefined) {
      const { line, col } = lineCounter.linePos(offset);
      error.line = line;
      error.column = col;
    }
    return error;
  };
  // Tags get their own, clearer error below; other warnings fail closed like errors.
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code !== "TAG_RESOLVE_FAILED")];
  if (problems.length > 0) {
    // sortPlanErrors also drops repeats (a stack overflow is reported once per level).
    return {
      ok: false,
      errors: sortPlanErrors(problems.map((e) => yamlErrorToPlanError(doc, e, errorAt, kind))),
    };
  }
  if (hasDirectives(doc)) {
    const match = /^%/m.exec(text);
    return {
      ok: false,
      errors: [
        errorAt(
          [],
          `YAML directives (%YAML, %TAG) are not allowed in ${kind.noun}; remove the line`,
          match?.index ?? 0,
        ),
      ],
    };
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    if (kind.emptyMessage === undefined)
      return { ok: true, value: null, source: makeSourceLookup(doc, lineCounter) };
    return { ok: false, errors: [{ path: "", message: kind.emptyMessage }] };
  }
  const unsupported = findUnsupportedYaml(doc, errorAt, kind);
  if (unsupported.length > 0) return { ok: false, errors: unsupported };
  let value: unknown;
  try {
    // No aliases can be left (rejected above); 0 makes any that slipped through an error.
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (cause) {
    return { ok: false, errors: [{ path: "", message: `could not read the YAML: ${String(cause)}` }] };
  }
  return { ok: true, value, source: makeSourceLookup(doc, lineCounter) };
}
