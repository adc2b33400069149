// CODEOWNERS pattern → path matcher with GitHub's semantics.
//
// Written in-repo on purpose: the npm CODEOWNERS packages (e.g. codeowners-utils, codeowners-api)
// hand patterns to gitignore matchers such as `ignore`, which honour `!` negation and `[a-z]`
// classes that GitHub rejects, and gitignore's rules are not GitHub's for `docs/*` (direct children
// only) or `/*` (root files only). The semantics below are pinned by the hmarr/codeowners
// conformance data (test/app/gate/codeowners-conformance.test.ts).
//
// The matcher works on path segments, never on a regular expression built from the pattern, so
// regex metacharacters (`.`, `+`, `(`, `^`, `$`, `|`, `{`) are plain characters, and matching stays
// near-linear however long or wildcard-heavy the pattern is (no catastrophic backtracking).
//
// Semantics:
// - `*` matches any run of characters within one path segment, `?` exactly one character (code point);
//   `\x` is the literal character x (so `f\*o` matches the file `f*o`).
// - `**` as a whole segment: leading `**/` and middle `/**/` match zero or more directories; trailing
//   `/**` matches everything inside (one or more segments). Other runs of `*` act like `*`.
// - A leading `/`, or a `/` anywhere but at the end, anchors the pattern at the repository root;
//   otherwise the pattern matches at any depth (`foo` ≡ `**/foo`).
// - A trailing `/` matches directories only, i.e. everything below a matching directory.
// - Without a trailing `/` the pattern matches a file or a directory (and then everything below it),
//   except that a final segment that is just `*` matches one level only (`docs/*` is docs' direct files).
// - `[` and `]` are always literal characters here (GitHub has no character classes); whether a line
//   using them unescaped is valid is the parser's business (see unsupportedPatternSyntax).
// - Matching is case-sensitive, like GitHub.

/** One character of a pattern after escape processing: itself, or an unescaped `*` or `?`. */
const STAR = 0;
const ANY = 1;
type PatternChar = string | typeof STAR | typeof ANY;

/** A piece of a segment glob between `*`s: literal characters, `undefined` standing for `?`. */
type Chunk = (string | undefined)[];

type SegmentMatcher =
  | { kind: "globstar" }
  | { kind: "glob"; chunks: Chunk[]; wildcard: boolean; loneStar: boolean };

/** A gap of path segments between two blocks of segment globs, with the fewest segments it needs. */
interface Gap {
  min: number;
}

export interface CodeownersPattern {
  /** The pattern as written in the CODEOWNERS file (escapes included). */
  readonly source: string;
  /** Whether the repository-relative path (no leading `/`; a trailing `/` marks a directory) matches. */
  matches(path: string): boolean;
  /** The same for a path already split by splitPathSegments (split once, match against many rules). */
  matchesSegments(segments: readonly (readonly string[])[]): boolean;
}

/** Splits a repository path into segments of code points, the form matchesSegments takes. */
export function splitPathSegments(path: string): string[][] {
  return path.split("/").map((part) => Array.from(part));
}

function patternOf(source: string, matchesSegments: (segments: readonly (readonly string[])[]) => boolean) {
  return { source, matchesSegments, matches: (path: string) => matchesSegments(splitPathSegments(path)) };
}

const NOTHING = () => false;

/**
 * Why GitHub rejects this pattern (it then skips the whole line), or undefined when the pattern is
 * valid. GitHub's CODEOWNERS syntax has no `!` negation and no `[...]` character ranges; a literal
 * `!` at the start, or a literal bracket, must be escaped with `\`.
 */
export function unsupportedPatternSyntax(source: string): string | undefined {
  if (source.startsWith("!")) {
    return `"${source}": negation with "!" is not supported by GitHub CODEOWNERS, so GitHub skips this line; list the paths that should be owned instead (escape a literal leading "!" as "\\!")`;
  }
  let unescapedBracket = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      if (i === source.length - 1) {
        return `"${source}": the pattern ends with a lone "\\"; remove it or escape the character after it`;
      }
      i++;
    } else if (ch === "[" || ch === "]") {
      unescapedBracket = true;
    }
  }
  if (unescapedBracket) {
    return `"${source}": character ranges with "[ ]" are not supported by GitHub CODEOWNERS, so GitHub skips this line; escape literal brackets as "\\[" and "\\]"`;
  }
  return undefined;
}

/**
 * Compiles a CODEOWNERS pattern. Never throws: a pattern that cannot match anything (empty, `/`,
 * a dangling `\`) yields a matcher that matches nothing. Brackets and a leading `!` are matched
 * literally; callers that follow GitHub check unsupportedPatternSyntax first.
 */
export function compileCodeownersPattern(source: string): CodeownersPattern {
  const chars = resolveEscapes(source);
  if (chars === undefined) return patternOf(source, NOTHING);

  let body = chars;
  const anchoredAtRoot = isSlash(body[0]);
  if (anchoredAtRoot) body = body.slice(1);
  const directoryOnly = isSlash(body[body.length - 1]);
  if (directoryOnly) body = body.slice(0, -1);
  if (body.length === 0) return patternOf(source, NOTHING);

  const segments = splitOnSlashes(body).map(compileSegment);
  const anchored = anchoredAtRoot || segments.length > 1;
  if (!anchored && segments[0]?.kind !== "globstar") segments.unshift({ kind: "globstar" });

  const last = segments[segments.length - 1];
  if (directoryOnly) {
    // `dir/` ≡ `dir/**`; `a/**/` already only matches inside `a`, so it adds nothing there.
    if (last?.kind !== "globstar") segments.push({ kind: "globstar" });
  } else if (last?.kind === "glob" && !last.loneStar) {
    // A file-or-directory pattern also owns everything below a matching directory.
    segments.push({ kind: "globstar" });
    return patternOf(source, segmentMatcher(segments, { trailingMin: 0 }));
  }
  return patternOf(source, segmentMatcher(segments, { trailingMin: 1 }));
}

/** Resolves `\` escapes; undefined when the pattern ends in a dangling backslash. */
function resolveEscapes(source: string): PatternChar[] | undefined {
  const out: PatternChar[] = [];
  let escaped = false;
  for (const ch of source) {
    if (escaped) {
      out.push(ch);
      escaped = false;
    } else if (ch === "\\") {
      escaped = true;
    } else {
      out.push(ch === "*" ? STAR : ch === "?" ? ANY : ch);
    }
  }
  return escaped ? undefined : out;
}

function isSlash(c: PatternChar | undefined): boolean {
  return c === "/";
}

function splitOnSlashes(chars: PatternChar[]): PatternChar[][] {
  const segments: PatternChar[][] = [];
  let start = 0;
  for (let i = 0; i <= chars.length; i++) {
    if (i === chars.length || chars[i] === "/") {
      segments.push(chars.slice(start, i));
      start = i + 1;
    }
  }
  return segments;
}

function isStar(c: PatternChar): boolean {
  return c === STAR;
}

function compileSegment(chars: PatternChar[]): SegmentMatcher {
  if (chars.length === 2 && chars.every(isStar)) return { kind: "globstar" };
  const chunks: Chunk[] = [[]];
  let wildcard = false;
  for (const c of chars) {
    if (isStar(c)) {
      wildcard = true;
      // A run of `*` is one `*`: only open a new chunk at the first star of a run.
      if ((chunks[chunks.length - 1] as Chunk).length > 0 || chunks.length === 1) chunks.push([]);
      continue;
    }
    (chunks[chunks.length - 1] as Chunk).push(c === ANY ? undefined : (c as string));
  }
  const loneStar = chars.length > 0 && chars.every(isStar);
  return { kind: "glob", chunks, wildcard, loneStar };
}

/** Matches one path segment (as code points) against a segment glob. */
function globMatches(glob: Extract<SegmentMatcher, { kind: "glob" }>, segment: readonly string[]): boolean {
  const { chunks } = glob;
  const first = chunks[0] as Chunk;
  if (!glob.wildcard) return segment.length === first.length && chunkAt(first, segment, 0);
  // chunks = [before first *, …between *s…, after last *]
  const lastChunk = chunks[chunks.length - 1] as Chunk;
  const end = segment.length - lastChunk.length;
  if (end < first.length || !chunkAt(first, segment, 0) || !chunkAt(lastChunk, segment, end)) return false;
  let position = first.length;
  for (let i = 1; i < chunks.length - 1; i++) {
    const chunk = chunks[i] as Chunk;
    const found = findChunk(chunk, segment, position, end);
    if (found < 0) return false;
    position = found + chunk.length;
  }
  // Segments are never empty between slashes, and `*` alone must not match an empty segment.
  return !(glob.loneStar && segment.length === 0);
}

function chunkAt(chunk: Chunk, segment: readonly string[], at: number): boolean {
  for (let i = 0; i < chunk.length; i++) {
    const want = chunk[i];
    if (want !== undefined && segment[at + i] !== want) return false;
  }
  return true;
}

/** Leftmost position ≥ from where chunk matches and ends by `end`, or -1 (leftmost is optimal). */
function findChunk(chunk: Chunk, segment: readonly string[], from: number, end: number): number {
  for (let at = from; at + chunk.length <= end; at++) {
    if (chunkAt(chunk, segment, at)) return at;
  }
  return -1;
}

/**
 * Builds the path matcher: the segment list is split at globstars into blocks of single-segment
 * globs; blocks are placed greedily (leftmost), which is exact for wildcard gaps, so a match costs
 * about (path segments × pattern segments) glob checks at worst.
 */
function segmentMatcher(
  segments: SegmentMatcher[],
  options: { trailingMin: number },
): (parts: readonly (readonly string[])[]) => boolean {
  const blocks: Extract<SegmentMatcher, { kind: "glob" }>[][] = [[]];
  const gaps: Gap[] = [];
  for (const segment of segments) {
    if (segment.kind === "globstar") {
      gaps.push({ min: 0 });
      blocks.push([]);
    } else {
      blocks[blocks.length - 1]?.push(segment);
    }
  }
  const lastGap = gaps[gaps.length - 1];
  const endsWithGap = segments[segments.length - 1]?.kind === "globstar";
  if (endsWithGap && lastGap) lastGap.min = options.trailingMin;
  const startsWithGap = segments[0]?.kind === "globstar";

  return (parts) => {
    const blockMatchesAt = (block: (typeof blocks)[number], at: number) =>
      block.every((glob, i) => {
        const part = parts[at + i];
        return part !== undefined && globMatches(glob, part);
      });

    if (gaps.length === 0) {
      const only = blocks[0] ?? [];
      return parts.length === only.length && blockMatchesAt(only, 0);
    }
    const firstBlock = blocks[0] ?? [];
    const lastBlock = blocks[blocks.length - 1] ?? [];
    if (!startsWithGap && !blockMatchesAt(firstBlock, 0)) return false;
    let position = firstBlock.length;
    // The final block (after the last gap) must sit at the very end of the path when nothing follows it.
    const tailStart = parts.length - lastBlock.length;
    for (let g = 0; g < gaps.length; g++) {
      const gap = gaps[g] as Gap;
      const block = blocks[g + 1] ?? [];
      const isLast = g === gaps.length - 1;
      if (isLast && !endsWithGap) {
        return tailStart >= position + gap.min && blockMatchesAt(block, tailStart);
      }
      if (isLast) {
        // Trailing gap: the last block is empty; enough segments must remain.
        return parts.length - position >= gap.min;
      }
      let at = position + gap.min;
      while (at + block.length <= parts.length && !blockMatchesAt(block, at)) at++;
      if (at + block.length > parts.length) return false;
      position = at + block.length;
    }
    return false;
  };
}
