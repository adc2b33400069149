// A small path router: patterns like "/repos/:owner/:repo/contents/*path" (a `*name` segment takes
// the rest of the path). Segments are percent-decoded, so "heads%2Fmain" and "heads/main" match alike.
export type Params = Record<string, string>;

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

export type RouteMatch<H> =
  | { kind: "found"; handler: H; params: Params }
  | { kind: "method-not-allowed" }
  | { kind: "none" };

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchSegments(pattern: string[], path: string[]): Params | undefined {
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] as string;
    if (part.startsWith("*")) {
      const rest = path.slice(i);
      if (rest.length === 0 || rest.every((s) => s === "")) return undefined;
      params[part.slice(1)] = decode(rest.join("/"));
      return params;
    }
    const actual = path[i];
    if (actual === undefined || actual === "") return undefined;
    if (part.startsWith(":")) params[part.slice(1)] = decode(actual);
    else if (part !== actual) return undefined;
  }
  return pattern.length === path.length ? params : undefined;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, segments: pattern.split("/").slice(1), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<H> {
    const segments = path.replace(/\/+$/, "").split("/").slice(1);
    let pathKnown = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { kind: "found", handler: route.handler, params };
      pathKnown = true;
    }
    return pathKnown ? { kind: "method-not-allowed" } : { kind: "none" };
  }
}
