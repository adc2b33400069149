// Outputs are bounded: a caller (often a model) gets the head of a long text and a note that says
// how much was left out and how to ask for less.

export function truncateText(
  text: string,
  maxBytes: number,
  hint = "Narrow the request (selector, tail, name) to see the rest.",
): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return text;
  // Cut on a character boundary: decode the byte prefix and drop a trailing partial character.
  const head = Buffer.from(text)
    .subarray(0, maxBytes)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  return `${head}\n… [truncated: ${bytes - Buffer.byteLength(head)} of ${bytes} bytes not shown. ${hint}]`;
}
