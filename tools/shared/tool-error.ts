// A failure a person can act on. Handlers throw it; the server turns it into an MCP `isError`
// result whose text is `message` (which object, which namespace, what to check).
export class ToolError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(hint ? `${message} ${hint}` : message);
    this.hint = hint;
  }
}
