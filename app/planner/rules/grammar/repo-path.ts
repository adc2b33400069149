// A manifest path as a request may name it: relative to the repository root, no way out of it
// ("..", a leading "/"), nothing a shell or git would read as an option, a YAML (or JSON) file.

export const MAX_REPO_PATH_CHARS = 256;
const MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];

function isSafeSegmentCharacter(char: string): boolean {
  return (
    (char >= "a" && char <= "z") ||
    (char >= "A" && char <= "Z") ||
    (char >= "0" && char <= "9") ||
    char === "." ||
    char === "_" ||
    char === "-"
  );
}

/** Undefined when `path` is safe; otherwise why not. */
export function unsafeRepoPathReason(path: string): string | undefined {
  if (path.length > MAX_REPO_PATH_CHARS) return `the path is longer than ${MAX_REPO_PATH_CHARS} characters`;
  if (path.startsWith("/")) return 'the path must be relative to the repository root (no leading "/")';
  const segments = path.split("/");
  for (const segment of segments) {
    if (segment === "") return 'the path has an empty part ("//" or a trailing "/")';
    if (segment === "." || segment === "..") return 'the path may not contain "." or ".." parts';
    if (segment.startsWith("-"))
      return `the path part "${segment}" starts with "-" and would read as an option`;
    for (const char of segment) {
      if (!isSafeSegmentCharacter(char)) {
        return `the path contains ${JSON.stringify(char)}; use letters, digits, ".", "_", "-" and "/"`;
      }
    }
  }
  const lower = path.toLowerCase();
  if (!MANIFEST_EXTENSIONS.some((extension) => lower.endsWith(extension))) {
    return `the file must be a manifest ending in ${MANIFEST_EXTENSIONS.join(", ")}`;
  }
  return undefined;
}
