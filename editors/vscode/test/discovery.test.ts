import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bundledPath, discoverServer, type DiscoveryEnv, INSTALL_COMMAND } from "../src/discovery";

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

  it("gives one message with the install command when nothing is found", () => {
    const result = discoverServer(env([], { pathEnv: undefined }));
    assert.equal(result.found, false);
    assert.ok(!result.found && result.message.includes(INSTALL_COMMAND));
    assert.equal(INSTALL_COMMAND, "cargo install --path server");
  });
});
