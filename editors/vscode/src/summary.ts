// The pure half of "IAM: Show policy summary": the custom request's shape and the CLI fallback.

/** The server's custom request: params `{ textDocument: { uri } }`, result `{ markdown } | null`. */
export const SUMMARY_REQUEST = "iam-lsp/summary";

/** JSON-RPC "method not found": the server predates the custom request. */
export const METHOD_NOT_FOUND = -32601;

/** Arguments of the CLI fallback `iam-lsp summary FILE --format markdown`. */
export function summaryArgs(file: string): string[] {
  return ["summary", file, "--format", "markdown"];
}

/** Reads the custom request's result; `undefined` when it carries no Markdown. */
export function markdownOf(result: unknown): string | undefined {
  if (typeof result === "string") {
    return result;
  }
  if (typeof result === "object" && result !== null && "markdown" in result) {
    const markdown = (result as { markdown: unknown }).markdown;
    return typeof markdown === "string" ? markdown : undefined;
  }
  return undefined;
}

/** A file name for the preview, derived from the policy's: `trust.json` → `trust.summary.md`. */
export function previewFileName(documentPath: string): string {
  const base = documentPath.split(/[\\/]/).pop() ?? "";
  const stem = base.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9._-]/g, "_");
  return `${stem || "policy"}.summary.md`;
}
