// Which documents the server is for, decided cheaply on the client so that no YAML or Terraform file
// without a policy (a docker-compose.yml, a module of networks) is ever sent to it. JSON documents are
// all sent: the server answers nothing for package.json and the like, and VS Code's JSON files are
// where policies are typed from scratch. Pure, so it is unit-tested.

/** How much of a document is scanned for the markers (they sit near the top of any real file). */
export const SCAN_CHARS = 200_000;

/** The languages whose documents are sent, whatever their text. */
const ALWAYS = new Set(["json", "jsonc"]);

/** A policy's version string, in any host syntax. */
const VERSION = /20(12|08)-10-17/;

/**
 * YAML (CloudFormation/SAM templates, serverless.yml): a `Statement` key, or Serverless's
 * `statements` / `iamRoleStatements`, quoted or not.
 */
const YAML_STATEMENT = /(^|[\s{,-])["']?(Statement|statements|iamRoleStatements)["']?\s*:/m;

/** Terraform: `Statement = [...]` in `jsonencode`, `"Statement":` in heredoc JSON, `statement {` blocks. */
const TERRAFORM_STATEMENT = /\b[Ss]tatement"?\s*[=:{]|aws_iam_policy_document/;

/** The document kinds besides JSON that can hold policies. */
export type Host = "yaml" | "terraform";

/** The host kind of a document from its language id and file name, or undefined if none. */
export function hostOf(languageId: string, fileName: string): Host | undefined {
  if (languageId === "yaml" || /\.ya?ml$/i.test(fileName)) {
    return "yaml";
  }
  if (languageId === "terraform" || languageId === "hcl" || /\.tf$/i.test(fileName)) {
    return "terraform";
  }
  return undefined;
}

/** Whether a document is sent to the server: every JSON document, a YAML or Terraform one that holds a policy. */
export function isServed(languageId: string, fileName: string, text: string): boolean {
  if (ALWAYS.has(languageId)) {
    return true;
  }
  const host = hostOf(languageId, fileName);
  if (host === undefined) {
    return false;
  }
  const head = text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text;
  const statement = host === "yaml" ? YAML_STATEMENT : TERRAFORM_STATEMENT;
  return statement.test(head) || VERSION.test(head);
}
