import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import {
  bundledPath,
  cargoBin,
  discoverServer,
  type DiscoveryEnv,
  INSTALL_COMMAND,
  loginShellPathCommand,
  parseLoginShellPath,
} from "../src/discovery";

/** A machine where exactly `executables` exist. */
function env(executables: string[], overrides: Partial<DiscoveryEnv> = {}): DiscoveryEnv {
  const present = new Set(executables);
  return {
    configuredPath: undefined,
    extensionPath: "/ext",
    platform: "linux",
    arch: "x64",
    pathEnv: "/usr/local/bin:/home/me/.cargo/bin",
    homeDir: "/home/me",
    workspaceFolder: "/work/project",
    isExecutable: (file) => present.has(file),
    ...overrides,
  };
}

describe("discoverServer", () => {
  it("prefers the iamLsp.server.path setting", () => {
    const found = discoverServer(
      env(["/opt/iam-lsp", "/ext/server/linux-x64/iam-lsp", "/usr/local/bin/iam-lsp"], {
        configuredPath: "/opt/iam-lsp",
      }),
    );
    assert.deepEqual(found, { found: true, command: "/opt/iam-lsp", source: "setting" });
  });

  it("expands ~ and resolves a relative setting against the workspace", () => {
    assert.deepEqual(discoverServer(env(["/home/me/bin/iam-lsp"], { configuredPath: "~/bin/iam-lsp" })), {
      found: true,
      command: "/home/me/bin/iam-lsp",
      source: "setting",
    });
    assert.deepEqual(
      discoverServer(env(["/work/project/target/debug/iam-lsp"], { configuredPath: "target/debug/iam-lsp" })),
      { found: true, command: "/work/project/target/debug/iam-lsp", source: "setting" },
    );
  });

  it("reports a setting that points nowhere instead of falling back", () => {
    const result = discoverServer(env(["/usr/local/bin/iam-lsp"], { configuredPath: "/nope/iam-lsp" }));
    assert.equal(result.found, false);
    assert.ok(!result.found && result.message.includes("/nope/iam-lsp"));
    assert.ok(!result.found && result.message.includes("iamLsp.server.path"));
  });

  it("ignores a blank setting", () => {
    const result = discoverServer(env(["/usr/local/bin/iam-lsp"], { configuredPath: "   " }));
    assert.deepEqual(result, { found: true, command: "/usr/local/bin/iam-lsp", source: "path" });
  });

  it("uses the bundled binary for this platform before PATH", () => {
    const result = discoverServer(env(["/ext/server/linux-x64/iam-lsp", "/usr/local/bin/iam-lsp"]));
    assert.deepEqual(result, { found: true, command: "/ext/server/linux-x64/iam-lsp", source: "bundled" });
  });

  it("does not use a binary bundled for another platform", () => {
    const result = discoverServer(env(["/ext/server/darwin-arm64/iam-lsp", "/home/me/.cargo/bin/iam-lsp"]));
    assert.deepEqual(result, { found: true, command: "/home/me/.cargo/bin/iam-lsp", source: "path" });
  });

  it("searches PATH in order", () => {
    const result = discoverServer(env(["/usr/local/bin/iam-lsp", "/home/me/.cargo/bin/iam-lsp"]));
    assert.deepEqual(result, { found: true, command: "/usr/local/bin/iam-lsp", source: "path" });
  });

  it("finds iam-lsp.exe through PATHEXT on Windows", () => {
    const result = discoverServer(
      env(["C:\\Users\\me\\.cargo\\bin\\iam-lsp.exe"], {
        platform: "win32",
        extensionPath: "C:\\ext",
        pathEnv: "C:\\Windows;C:\\Users\\me\\.cargo\\bin",
        pathExtEnv: ".COM;.EXE",
        homeDir: "C:\\Users\\me",
      }),
    );
    assert.deepEqual(result, { found: true, command: "C:\\Users\\me\\.cargo\\bin\\iam-lsp.exe", source: "path" });
    assert.equal(bundledPath("C:\\ext", "win32", "x64"), "C:\\ext\\server\\win32-x64\\iam-lsp.exe");
  });

  it("searches the login shell's PATH after the extension host's", () => {
    const machine = { pathEnv: "/usr/bin:/bin", loginPathEnv: "/home/me/bin:/usr/bin" };
    assert.deepEqual(discoverServer(env(["/home/me/bin/iam-lsp"], machine)), {
      found: true,
      command: "/home/me/bin/iam-lsp",
      source: "path",
    });
    assert.deepEqual(discoverServer(env(["/usr/bin/iam-lsp", "/home/me/bin/iam-lsp"], machine)), {
      found: true,
      command: "/usr/bin/iam-lsp",
      source: "path",
    });
  });

  it("finds what `cargo install` put in cargo's bin folder when no PATH has it", () => {
    const machine = { pathEnv: "/usr/bin", loginPathEnv: undefined };
    assert.deepEqual(discoverServer(env(["/home/me/.cargo/bin/iam-lsp"], machine)), {
      found: true,
      command: "/home/me/.cargo/bin/iam-lsp",
      source: "path",
    });
    assert.deepEqual(discoverServer(env(["/opt/cargo/bin/iam-lsp"], { ...machine, cargoHomeEnv: "/opt/cargo" })), {
      found: true,
      command: "/opt/cargo/bin/iam-lsp",
      source: "path",
    });
  });

  it("says which PATH was searched and where `cargo install` puts the binary", () => {
    const result = discoverServer(
      env([], { pathEnv: "/usr/bin:/bin", loginPathEnv: "/home/me/bin:/usr/bin", cargoHomeEnv: "" }),
    );
    assert.equal(result.found, false);
    const message = result.found ? "" : result.message;
    assert.ok(message.includes("/usr/bin:/bin:/home/me/bin:/home/me/.cargo/bin."), message);
    assert.ok(message.includes(`\`${INSTALL_COMMAND}\`, which puts it in /home/me/.cargo/bin`), message);
    assert.equal(INSTALL_COMMAND, "cargo install --path server");
  });

  it("names cargo's bin folder on Windows too", () => {
    assert.equal(cargoBin({ platform: "win32", homeDir: "C:\\Users\\me" }), "C:\\Users\\me\\.cargo\\bin");
  });
});

describe("login shell PATH", () => {
  it("runs the user's shell as a login shell, /bin/sh when SHELL is unset", () => {
    assert.deepEqual(loginShellPathCommand("/usr/bin/zsh").command, "/usr/bin/zsh");
    assert.deepEqual(loginShellPathCommand(undefined).command, "/bin/sh");
    assert.deepEqual(loginShellPathCommand("/bin/bash").args.slice(0, 2), ["-l", "-c"]);
  });

  it("reads the PATH between the markers, ignoring what profile scripts print", () => {
    const { args } = loginShellPathCommand("/bin/sh");
    const script = args[2] ?? "";
    const marker = script.slice(script.indexOf("'") + 1, script.indexOf("%s"));
    assert.equal(parseLoginShellPath(`Welcome!\n${marker}/a:/b${marker}`), "/a:/b");
    assert.equal(parseLoginShellPath("no markers"), undefined);
    assert.equal(parseLoginShellPath(`${marker}/a:/b`), undefined);
  });

  it("gets the PATH from a real login shell", () => {
    const { command, args } = loginShellPathCommand("/bin/sh");
    const output = execFileSync(command, args, { env: { PATH: "/usr/bin:/bin", HOME: "/nonexistent" } }).toString();
    const loginPath = parseLoginShellPath(output);
    assert.ok(loginPath !== undefined && loginPath.split(":").includes("/bin"), output);
  });
});
