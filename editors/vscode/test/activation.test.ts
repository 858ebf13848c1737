// The extension's glue against a stubbed `vscode` and a fake server: activation, the one error
// when no server is found, and the command line and initializationOptions a server receives.

import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { INSTALL_COMMAND } from "../src/discovery";
import { installVscodeStub } from "./vscode-stub";

const settings: Record<string, unknown> = {};
const recorded = installVscodeStub(settings);
// Loaded after the stub so that its `require("vscode")` gets it.
const extension = require("../src/extension") as typeof import("../src/extension");

/**
 * A minimal LSP server (node script) that records its argv and initialize params to `record`.
 * `summary FILE --format markdown` prints a summary of FILE; the `iam-lsp/summary` request is
 * answered when FAKE_SUMMARY is set, else "method not found".
 */
function fakeServer(dir: string, record: string): string {
  const file = path.join(dir, "fake-iam-lsp");
  writeFileSync(
    file,
    `#!${process.execPath}
const fs = require("fs");
if (process.argv[2] === "summary") {
  process.stdout.write("# CLI summary of " + require("path").basename(process.argv[3]) + " " + process.argv.slice(4).join(" ") + "\\n");
  process.exit(0);
}
let buffer = Buffer.alloc(0);
const send = (msg) => {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...msg }));
  process.stdout.write("Content-Length: " + body.length + "\\r\\n\\r\\n");
  process.stdout.write(body);
};
process.stdin.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\\r\\n\\r\\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const msg = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (msg.method === "initialize") {
      fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), params: msg.params }));
      send({ id: msg.id, result: { capabilities: { textDocumentSync: 2 }, serverInfo: { name: "fake" } } });
    } else if (msg.method === "shutdown") {
      send({ id: msg.id, result: null });
    } else if (msg.method === "exit") {
      process.exit(0);
    } else if (msg.method === "iam-lsp/summary" && process.env.FAKE_SUMMARY) {
      send({ id: msg.id, result: { markdown: "# Server summary of " + msg.params.textDocument.uri } });
    } else if (msg.id !== undefined && msg.method) {
      send({ id: msg.id, error: { code: -32601, message: "no " + msg.method } });
    }
  }
});
`,
  );
  chmodSync(file, 0o755);
  return file;
}

describe("activation", () => {
  const context = {
    subscriptions: [] as { dispose(): void }[],
    extensionPath: "/nonexistent/extension",
    globalStorageUri: { fsPath: mkdtempSync(path.join(os.tmpdir(), "iam-lsp-storage-")) },
  };
  const saved = { PATH: process.env["PATH"], SHELL: process.env["SHELL"], CARGO_HOME: process.env["CARGO_HOME"] };
  let dir = "";

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "iam-lsp-vscode-"));
  });

  after(() => {
    Object.assign(process.env, saved);
    for (const folder of [dir, context.globalStorageUri.fsPath]) {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("without a server: registers the commands, shows one error with the install command", async () => {
    // No iam-lsp on PATH, in the login shell's PATH (no shell) or in cargo's bin folder.
    process.env["PATH"] = dir;
    process.env["SHELL"] = path.join(dir, "no-shell");
    process.env["CARGO_HOME"] = dir;
    settings["server.path"] = "";
    await extension.activate(context as never);
    assert.deepEqual([...recorded.handlers.keys()], ["iamLsp.restartServer", "iamLsp.showPolicySummary"]);
    assert.equal(recorded.errors.length, 1);
    assert.ok(recorded.errors[0]?.includes(INSTALL_COMMAND), recorded.errors[0]);
    const searched = `Searched PATH (the extension host's, then the login shell's, then cargo's): ${dir}:${dir}/bin.`;
    assert.ok(recorded.errors[0]?.includes(searched), recorded.errors[0]);
    await extension.deactivate();
  });

  it("starts iamLsp.server.path with `serve --stdio` and the mapped settings", async () => {
    const record = path.join(dir, "initialize.json");
    settings["server.path"] = fakeServer(dir, record);
    settings["severity"] = { missing_version: "Off" };
    settings["policyTypes"] = { "**/trust*.json": "trust" };
    settings["inlayHints"] = false;
    recorded.errors.length = 0;
    await extension.activate(context as never);
    try {
      assert.deepEqual(recorded.errors, []);
      const seen = JSON.parse(readFileSync(record, "utf8")) as {
        argv: string[];
        params: { initializationOptions: unknown };
      };
      assert.deepEqual(seen.argv, ["serve", "--stdio"]);
      assert.deepEqual(seen.params.initializationOptions, {
        severity: { MISSING_VERSION: "off" },
        policyTypes: { "**/trust*.json": "trust" },
        inlayHints: false,
        // VS Code's JSON language features validate by default and report JSON syntax themselves.
        reportJsonSyntax: false,
      });
    } finally {
      await extension.deactivate();
    }
  });

  /** Runs "IAM: Show policy summary" on a saved policy; returns the previewed file's text. */
  async function showSummary(): Promise<string> {
    const policy = path.join(dir, "trust.json");
    writeFileSync(policy, '{"Version": "2012-10-17", "Statement": []}');
    recorded.window["activeTextEditor"] = {
      document: {
        languageId: "json",
        isDirty: false,
        uri: { scheme: "file", fsPath: policy, path: policy, toString: () => `file://${policy}` },
        getText: () => readFileSync(policy, "utf8"),
      },
    };
    recorded.executed.length = 0;
    recorded.errors.length = 0;
    await extension.activate(context as never);
    try {
      await commandHandler("iamLsp.showPolicySummary")();
    } finally {
      await extension.deactivate();
    }
    assert.deepEqual(recorded.errors, []);
    const preview = recorded.executed.find(([id]) => id === "markdown.showPreviewToSide");
    assert.ok(preview, `no Markdown preview opened: ${JSON.stringify(recorded.executed)}`);
    const file = preview[1] as { fsPath: string };
    assert.equal(path.basename(file.fsPath), "trust.summary.md");
    return readFileSync(file.fsPath, "utf8");
  }

  it("shows the summary the server returns for iam-lsp/summary", async () => {
    process.env["FAKE_SUMMARY"] = "1";
    try {
      assert.match(await showSummary(), /^# Server summary of file:\/\/.*trust\.json$/);
    } finally {
      delete process.env["FAKE_SUMMARY"];
    }
  });

  it("falls back to `iam-lsp summary FILE --format markdown` when the server lacks the request", async () => {
    assert.equal(await showSummary(), "# CLI summary of trust.json --format markdown\n");
  });
});

/** The handler the extension registered for `id`. */
function commandHandler(id: string): () => Promise<void> {
  const handler = recorded.handlers.get(id);
  assert.ok(handler, `command ${id} is not registered`);
  return handler as () => Promise<void>;
}
