// Maps the `iamLsp.*` VS Code settings to the server's settings object, the one it reads from
// `initializationOptions` and `workspace/didChangeConfiguration`. Pure, so it is unit-tested.

export const SEVERITIES = ["error", "warning", "info", "hint", "off"] as const;
export type SeverityLevel = (typeof SEVERITIES)[number];

export const POLICY_TYPES = ["identity", "resource", "trust", "scp", "rcp"] as const;
export type PolicyTypeName = (typeof POLICY_TYPES)[number];

/** The server's settings shape (see the "Settings" section of the server's docs). */
export interface ServerSettings {
  severity: Record<string, SeverityLevel>;
  policyTypes: Record<string, PolicyTypeName>;
  inlayHints: boolean;
  /**
   * Whether the server reports JSON syntax errors (trailing commas, comments, ...) in JSON files.
   * Off while VS Code's JSON language features validate JSON, as they do by default: they report
   * each of those errors already, at the same place, and cannot be turned off for one file. The
   * server's quick fixes for them are still offered.
   */
  reportJsonSyntax: boolean;
}

/** The raw values of `iamLsp.severity`, `iamLsp.policyTypes`, `iamLsp.inlayHints`, and VS Code's `json.validate.enable`. */
export interface RawSettings {
  readonly severity?: unknown;
  readonly policyTypes?: unknown;
  readonly inlayHints?: unknown;
  readonly jsonValidate?: unknown;
}

export interface MappedSettings {
  readonly settings: ServerSettings;
  /** One sentence per ignored entry, shown once in the output channel. */
  readonly problems: string[];
}

/** Validates and normalises the user's settings; invalid entries are dropped and reported. */
export function toServerSettings(raw: RawSettings): MappedSettings {
  const problems: string[] = [];
  const severity: Record<string, SeverityLevel> = {};
  for (const [code, value] of entries(raw.severity, "iamLsp.severity", problems)) {
    const level = typeof value === "string" ? value.trim().toLowerCase() : value;
    if (isOneOf(level, SEVERITIES)) {
      severity[code.trim().toUpperCase()] = level;
    } else {
      problems.push(
        `iamLsp.severity: "${code}" has ${JSON.stringify(value)}; expected one of ${SEVERITIES.join(", ")}.`,
      );
    }
  }

  const policyTypes: Record<string, PolicyTypeName> = {};
  for (const [glob, value] of entries(raw.policyTypes, "iamLsp.policyTypes", problems)) {
    const kind = typeof value === "string" ? value.trim().toLowerCase() : value;
    if (glob.trim() === "") {
      problems.push("iamLsp.policyTypes: an empty glob matches nothing and is ignored.");
    } else if (isOneOf(kind, POLICY_TYPES)) {
      policyTypes[glob] = kind;
    } else {
      problems.push(
        `iamLsp.policyTypes: "${glob}" has ${JSON.stringify(value)}; expected one of ${POLICY_TYPES.join(", ")}.`,
      );
    }
  }

  let inlayHints = true;
  if (typeof raw.inlayHints === "boolean") {
    inlayHints = raw.inlayHints;
  } else if (raw.inlayHints !== undefined && raw.inlayHints !== null) {
    problems.push(`iamLsp.inlayHints: expected true or false, got ${JSON.stringify(raw.inlayHints)}.`);
  }

  // VS Code validates JSON unless `json.validate.enable` is false.
  const reportJsonSyntax = raw.jsonValidate === false;

  return { settings: { severity, policyTypes, inlayHints, reportJsonSyntax }, problems };
}

function entries(value: unknown, name: string, problems: string[]): [string, unknown][] {
  if (value === undefined || value === null) {
    return [];
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push(`${name}: expected an object, got ${JSON.stringify(value)}.`);
    return [];
  }
  return Object.entries(value as Record<string, unknown>);
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value);
}
