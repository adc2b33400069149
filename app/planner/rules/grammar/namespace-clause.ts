// The namespace part of a request, wherever it is written: "in shop", "in namespace shop",
// "-n shop", "--namespace shop", "--namespace=shop". Taken out first so that each command grammar
// only reads its own words.
import type { Token } from "../tokenize.ts";
import { checkNamespace } from "./values.ts";

export type NamespaceClause =
  | { ok: true; namespace: string | undefined; rest: Token[] }
  | { ok: false; problem: string };

const FLAGS = new Set(["-n", "--namespace"]);
const FLAG_PREFIXES = ["--namespace=", "-n="];

export function extractNamespace(tokens: readonly Token[]): NamespaceClause {
  const rest: Token[] = [];
  const found: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    const prefix = FLAG_PREFIXES.find((p) => token.lower.startsWith(p));
    let written: string | undefined;
    if (prefix !== undefined) {
      written = token.text.slice(prefix.length);
    } else if (FLAGS.has(token.lower) || token.lower === "in") {
      let valueIndex = index + 1;
      // "in namespace shop" / "in ns shop"
      if (token.lower === "in" && ["namespace", "ns"].includes(tokens[valueIndex]?.lower ?? "")) valueIndex++;
      const value = tokens[valueIndex];
      if (value === undefined) {
        return { ok: false, problem: `"${token.text}" must be followed by a namespace, e.g. "in shop"` };
      }
      written = value.text;
      index = valueIndex;
    } else {
      rest.push(token);
      continue;
    }
    const checked = checkNamespace(written);
    if (!checked.ok) return { ok: false, problem: checked.problem };
    found.push(checked.value);
  }
  const distinct = [...new Set(found)];
  if (distinct.length > 1) {
    return {
      ok: false,
      problem: `the request names more than one namespace (${distinct.map((n) => `"${n}"`).join(", ")}); a plan changes one namespace`,
    };
  }
  return { ok: true, namespace: distinct[0], rest };
}
