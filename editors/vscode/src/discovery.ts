// Finds the iam-lsp executable. Pure: everything it needs from the machine comes in through
// `DiscoveryEnv`, so node's test runner can exercise it without VS Code.

import * as path from "node:path";

/** What the user runs to get the server on PATH, from a checkout of the repository. */
export const INSTALL_COMMAND = "cargo install --path server";

export interface DiscoveryEnv {
  /** The `iamLsp.server.path` setting; empty or undefined when unset. */
  readonly configuredPath: string | undefined;
  /** The extension's install folder (holds `server/<platform>-<arch>/` when a binary is bundled). */
  readonly extensionPath: string;
  /** `process.platform` */
  readonly platform: string;
  /** `process.arch` */
  readonly arch: string;
  /** The `PATH` environment variable of the extension host. */
  readonly pathEnv: string | undefined;
  /**
   * The `PATH` of the user's login shell (see `loginShellPathCommand`): VS Code started from a
   * desktop launcher has the session's `PATH`, without what `~/.profile` or `~/.zprofile` add
   * (such as `~/.cargo/bin`). Searched after `pathEnv`; undefined when it could not be read.
   */
  readonly loginPathEnv?: string | undefined;
  /** The `CARGO_HOME` environment variable; `cargo install` puts binaries in its `bin`. */
  readonly cargoHomeEnv?: string | undefined;
  /** The `PATHEXT` environment variable (Windows). */
  readonly pathExtEnv?: string | undefined;
  /** The user's home folder, for a configured path starting with `~`. */
  readonly homeDir: string;
  /** The first workspace folder, for a relative configured path. */
  readonly workspaceFolder?: string | undefined;
  /** Whether `file` exists and can be executed. */
  readonly isExecutable: (file: string) => boolean;
}

export type ServerSource = "setting" | "bundled" | "path";

export type Discovery =
  | { readonly found: true; readonly command: string; readonly source: ServerSource }
  | { readonly found: false; readonly message: string };

/** The executable's file name on `platform`. */
export function executableName(platform: string): string {
  return platform === "win32" ? "iam-lsp.exe" : "iam-lsp";
}

/** Where a binary bundled into the .vsix for this platform lives. */
export function bundledPath(extensionPath: string, platform: string, arch: string): string {
  const join = platform === "win32" ? path.win32.join : path.posix.join;
  return join(extensionPath, "server", `${platform}-${arch}`, executableName(platform));
}

/**
 * Resolves the server: the `iamLsp.server.path` setting, else the bundled binary, else `iam-lsp`
 * on PATH (the host's, then the login shell's, then cargo's bin folder). A setting that points nowhere is an error of its own (falling back would hide the typo).
 */
export function discoverServer(env: DiscoveryEnv): Discovery {
  const configured = env.configuredPath?.trim();
  if (configured) {
    const resolved = resolveConfigured(configured, env);
    if (env.isExecutable(resolved)) {
      return { found: true, command: resolved, source: "setting" };
    }
    return {
      found: false,
      message:
        `iam-lsp: the setting iamLsp.server.path points to "${resolved}", which is not an executable file. ` +
        `Fix the setting, or clear it to use iam-lsp from PATH (install it with \`${INSTALL_COMMAND}\`).`,
    };
  }

  const bundled = bundledPath(env.extensionPath, env.platform, env.arch);
  if (env.isExecutable(bundled)) {
    return { found: true, command: bundled, source: "bundled" };
  }

  const dirs = searchedDirs(env);
  const onPath = searchPath(dirs, env);
  if (onPath !== undefined) {
    return { found: true, command: onPath, source: "path" };
  }

  const searched = dirs.length === 0 ? "(PATH is empty)" : dirs.join(env.platform === "win32" ? ";" : ":");
  return {
    found: false,
    message:
      `iam-lsp: the language server was not found. Searched PATH (the extension host's, then the login ` +
      `shell's, then cargo's): ${searched}. Install it from a checkout of the iam-lsp repository with ` +
      `\`${INSTALL_COMMAND}\`, which puts it in ${cargoBin(env)}, or set iamLsp.server.path, then run ` +
      `"IAM: Restart server".`,
  };
}

/** Where `cargo install` puts binaries: `$CARGO_HOME/bin`, by default `~/.cargo/bin`. */
export function cargoBin(env: Pick<DiscoveryEnv, "platform" | "homeDir" | "cargoHomeEnv">): string {
  const p = env.platform === "win32" ? path.win32 : path.posix;
  const home = env.cargoHomeEnv?.trim() || p.join(env.homeDir, ".cargo");
  return p.join(home, "bin");
}

/** The folders searched, in order and each once: the host's PATH, the login shell's, cargo's bin. */
function searchedDirs(env: DiscoveryEnv): string[] {
  const separator = env.platform === "win32" ? ";" : ":";
  const dirs = [env.pathEnv, env.loginPathEnv]
    .flatMap((value) => (value ?? "").split(separator))
    .concat([cargoBin(env)])
    .filter((d) => d.length > 0);
  return [...new Set(dirs)];
}

/** Marks the PATH in the login shell's output, which profile scripts may also write to. */
const PATH_MARKER = "__IAM_LSP_PATH__";

/** The command that prints the login shell's PATH: `shell -l -c <script>`; not used on Windows. */
export function loginShellPathCommand(shell: string | undefined): { command: string; args: string[] } {
  return {
    command: shell?.trim() || "/bin/sh",
    args: ["-l", "-c", `printf '${PATH_MARKER}%s${PATH_MARKER}' "$PATH"`],
  };
}

/** The PATH in the output of `loginShellPathCommand`, or undefined when it is not there. */
export function parseLoginShellPath(output: string): string | undefined {
  const start = output.indexOf(PATH_MARKER);
  const end = output.indexOf(PATH_MARKER, start + PATH_MARKER.length);
  if (start < 0 || end < 0) {
    return undefined;
  }
  return output.slice(start + PATH_MARKER.length, end);
}

function resolveConfigured(configured: string, env: DiscoveryEnv): string {
  const p = env.platform === "win32" ? path.win32 : path.posix;
  let file = configured;
  if (file === "~" || file.startsWith("~/") || file.startsWith("~\\")) {
    file = p.join(env.homeDir, file.slice(1));
  }
  if (!p.isAbsolute(file) && env.workspaceFolder !== undefined) {
    file = p.join(env.workspaceFolder, file);
  }
  return file;
}

/** The first `iam-lsp` executable in `dirs`, trying each PATHEXT extension on Windows. */
function searchPath(dirs: string[], env: DiscoveryEnv): string | undefined {
  const windows = env.platform === "win32";
  const p = windows ? path.win32 : path.posix;
  const names = windows
    ? (env.pathExtEnv ?? ".EXE;.CMD;.BAT;.COM")
        .split(";")
        .filter((e) => e.length > 0)
        .map((ext) => `iam-lsp${ext.toLowerCase()}`)
    : ["iam-lsp"];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = p.join(dir, name);
      if (env.isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
