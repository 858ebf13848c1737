// End to end in real VS Code: code-server with the freshly packaged .vsix installed, driven in
// Debian's Chromium through playwright-core, runs the freshly built `iam-lsp`. Every
// assertion reads what a user sees (the page) or what the editor saved (the file on disk).
//
// Run by .ci/run through `node --test` under Node 24, with the variables printed by setup.sh,
// IAM_LSP_E2E_VSIX and IAM_LSP_E2E_SERVER (the iam-lsp binary, given through `iamLsp.server.path`).
// Any missing piece fails the test: there is no skip. Screenshots go to target/vscode-e2e/screenshots/,
// the editor's logs to target/vscode-e2e/run/.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";

const REPO = path.resolve(import.meta.dirname, "../../..");
const FIXTURES = path.join(REPO, "server/tests/fixtures/nvim");
const SHOTS = path.join(REPO, "target/vscode-e2e/screenshots");
const CHROMIUM = "/usr/bin/chromium";
/** Per wait for something to show up on the page. */
const WAIT_MS = 30_000;

function required(name) {
  const value = process.env[name];
  assert.ok(value, `${name} is not set (run editors/vscode/e2e/setup.sh; see .ci/run)`);
  return value;
}

const NODE = required("IAM_LSP_E2E_NODE");
const CODE_SERVER = required("IAM_LSP_E2E_CODE_SERVER");
const { chromium } = createRequire(import.meta.url)(required("IAM_LSP_E2E_PLAYWRIGHT"));
const VSIX = required("IAM_LSP_E2E_VSIX");
const SERVER = required("IAM_LSP_E2E_SERVER");

/** Fresh each run and kept after it (with code-server's and the extension host's logs), for CI artifacts. */
const work = path.join(REPO, "target/vscode-e2e/run");
const workspace = path.join(work, "workspace");
const userData = path.join(work, "user-data");
const extensions = path.join(work, "extensions");
let codeServer;
let codeServerLog = "";
let context;
let page;
let shot = 0;

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function screenshot(name) {
  shot += 1;
  await page.screenshot({ path: path.join(SHOTS, `${String(shot).padStart(2, "0")}-${name}.png`) });
}

/**
 * Opens the quick fix menu at the cursor until it lists `title`. Ctrl+. is pressed again while no
 * menu shows: a press sent as the editor takes focus, or before its actions arrive, opens none.
 */
async function quickFixes(what, title) {
  let pressed = 0;
  const rows = async () => {
    const titles = await page.locator(".action-widget .monaco-list-row").allInnerTexts();
    if (titles.length === 0 && Date.now() - pressed > 2_000) {
      await page.keyboard.press("Control+.");
      pressed = Date.now();
    }
    return titles;
  };
  return until(what, rows, (titles) => titles.some((t) => t.includes(title)));
}

/** Polls `read` until `ok` holds for its value; fails with the last value and a screenshot. */
async function until(what, read, ok) {
  const deadline = Date.now() + WAIT_MS;
  let value;
  for (;;) {
    value = await read();
    if (ok(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      await screenshot(`timeout-${what.replace(/\W+/g, "-")}`);
      assert.fail(`${what}: not seen within ${WAIT_MS} ms; last seen:\n${JSON.stringify(value, null, 2)}`);
    }
    await page.waitForTimeout(250);
  }
}

/** A policy with a trailing comma (JSON_SYNTAX_ERROR) and a misspelt action. */
const LOOSE = `{
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*",}
    ]
}
`;

/** A CloudFormation template holding a policy with a misspelt action. */
const TEMPLATE = `Resources:
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObjekt
            Resource: "*"
`;

/** YAML without a policy: never sent to the server. */
const COMPOSE = `services:
  web:
    image: nginx:1.27
`;

const quickInput = () => page.locator(".quick-input-widget");

/** Types into the quick input opened by `key` and accepts the first row once it matches. */
async function quickPick(key, text, rowMatches) {
  await page.keyboard.press(key);
  await quickInput().waitFor({ state: "visible", timeout: WAIT_MS });
  await page.keyboard.type(text);
  await until(
    `quick input row for ${JSON.stringify(text)}`,
    () => quickInput().locator(".monaco-list-row").first().textContent({ timeout: WAIT_MS }).catch(() => ""),
    rowMatches,
  );
  await page.keyboard.press("Enter");
  await quickInput().waitFor({ state: "hidden", timeout: WAIT_MS });
}

async function runCommand(title) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("F1");
  await quickInput().waitFor({ state: "visible", timeout: WAIT_MS });
  await page.keyboard.type(title);
  await until(
    `command ${title}`,
    () => quickInput().locator(".monaco-list-row").first().textContent({ timeout: WAIT_MS }).catch(() => ""),
    (row) => row.includes(title),
  );
  await page.keyboard.press("Enter");
}

async function openFile(name) {
  await page.keyboard.press("Escape");
  await quickPick("Control+P", name, (row) => row.startsWith(name));
  await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor({ timeout: WAIT_MS });
  await page.locator(".editor-instance .monaco-editor.focused").waitFor({ timeout: WAIT_MS });
}

/** Puts the cursor at a 1-based line and column through "Go to Line/Column". */
async function goTo(line, column) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+G");
  await quickInput().waitFor({ state: "visible", timeout: WAIT_MS });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press("Enter");
  await quickInput().waitFor({ state: "hidden", timeout: WAIT_MS });
}

/** 1-based line and column of the first `needle` in `text`, plus `shift` characters. */
function position(text, needle, shift = 0) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${JSON.stringify(needle)} not in ${text}`);
  const before = text.slice(0, offset + shift);
  const line = before.split("\n").length;
  return [line, before.length - before.lastIndexOf("\n")];
}

/**
 * The rows of the Problems panel, in tree order: a file row, then its problems. Each is the row's text
 * as shown (message, `source(code)`, position) followed by its accessible label (which names the file).
 */
async function problemRows() {
  return page
    .locator(".markers-panel .monaco-list-row")
    .evaluateAll((rows) => rows.map((row) => `${row.textContent} | ${row.getAttribute("aria-label") ?? ""}`));
}

/** The problem rows under the file row of `name`. */
function problemsOf(rows, name) {
  const out = [];
  let inFile = false;
  for (const row of rows) {
    const header = row.match(/\| \d+ problems? in file (\S+) /);
    if (header) {
      inFile = header[1] === name;
    } else if (inFile) {
      out.push(row);
    }
  }
  return out;
}

/** The extension's output channel as written to disk: its messages and the protocol trace. */
function extensionLog() {
  const logs = path.join(userData, "logs");
  const files = readdirSync(logs, { recursive: true }).filter((f) => f.endsWith("IAM Policy Language Server.log"));
  assert.ok(files.length > 0, `no extension log under ${logs}`);
  return files.map((f) => readFileSync(path.join(logs, f), "utf8")).join("\n");
}

/** Saves the active editor until `file` on disk becomes `want` (an edit may land after a first save). */
async function saveAndRead(file, want) {
  const deadline = Date.now() + WAIT_MS;
  let text;
  do {
    await page.keyboard.press("Control+S");
    await page.waitForTimeout(500);
    text = readFileSync(file, "utf8");
  } while (text !== want && Date.now() < deadline);
  return text;
}

before(async () => {
  rmSync(SHOTS, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  for (const name of ["policy.json", "complete.json", "package.json"]) {
    copyFileSync(path.join(FIXTURES, name), path.join(workspace, name));
  }
  writeFileSync(path.join(workspace, "loose.json"), LOOSE);
  writeFileSync(path.join(workspace, "template.yaml"), TEMPLATE);
  writeFileSync(path.join(workspace, "docker-compose.yml"), COMPOSE);
  mkdirSync(path.join(userData, "User"), { recursive: true });
  writeFileSync(
    path.join(userData, "User/settings.json"),
    JSON.stringify({
      "workbench.startupEditor": "none",
      "security.workspace.trust.enabled": false,
      "telemetry.telemetryLevel": "off",
      "update.mode": "none",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "workbench.enableExperiments": false,
      "workbench.tips.enabled": false,
      "chat.disableAIFeatures": true,
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      // No network here: the JSON extension would otherwise report that it cannot fetch schemas.
      "json.schemaDownload.enable": false,
      // The protocol trace with parameters, in the extension's log (at trace level, `--log trace`): which
      // documents the server was sent.
      "iamLsp.trace.server": "verbose",
    }),
  );
  // The binary under test, through the setting a user would set. The setting is machine-scoped, so in
  // code-server (a remote window) it is read from the machine's settings, not the user's.
  mkdirSync(path.join(userData, "Machine"), { recursive: true });
  writeFileSync(path.join(userData, "Machine/settings.json"), JSON.stringify({ "iamLsp.server.path": SERVER }));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(work, "config"),
    XDG_DATA_HOME: path.join(work, "data"),
  };
  const common = ["--user-data-dir", userData, "--extensions-dir", extensions];
  execFileSync(NODE, [CODE_SERVER, ...common, "--install-extension", VSIX], { env, stdio: "pipe" });

  const port = await freePort();
  codeServer = spawn(
    NODE,
    [
      CODE_SERVER,
      ...common,
      "--auth",
      "none",
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--log",
      "trace",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--ignore-last-opened",
      workspace,
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const listening = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      codeServerLog += chunk;
      if (codeServerLog.includes("HTTP server listening")) {
        resolve();
      }
    };
    codeServer.stdout.on("data", onData);
    codeServer.stderr.on("data", onData);
    codeServer.once("exit", (code) => reject(new Error(`code-server exited (${code}):\n${codeServerLog}`)));
    setTimeout(() => reject(new Error(`code-server did not listen within ${WAIT_MS} ms:\n${codeServerLog}`)), WAIT_MS);
  });
  await listening;

  context = await chromium.launchPersistentContext(path.join(work, "chromium"), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: 60_000 });
  await screenshot("workbench");
});

after(async () => {
  if (page !== undefined) {
    await screenshot("end").catch(() => undefined);
  }
  await context?.close().catch(() => undefined);
  if (codeServer !== undefined && codeServer.exitCode === null) {
    codeServer.kill();
  }
  writeFileSync(path.join(work, "code-server.log"), codeServerLog);
});

describe("VS Code (code-server) with the iam-lsp extension", { concurrency: false }, () => {
  const policy = readFileSync(path.join(FIXTURES, "policy.json"), "utf8");

  it("shows our diagnostics in the Problems panel", async () => {
    await openFile("policy.json");
    await runCommand("View: Focus Problems");
    const rows = await until("iam-lsp diagnostics in the Problems panel", problemRows, (r) =>
      ["INVALID_ACTION", "DUPLICATE_KEY", "INVALID_EFFECT"].every((code) => r.some((row) => row.includes(`iam-lsp${code}[`))),
    );
    await screenshot("problems");
    assert.ok(rows.some((row) => row.includes("GetObjekt")), `INVALID_ACTION names the action: ${rows}`);
  });

  // VS Code's JSON language features report JSON syntax themselves and cannot be silenced for one
  // file: the extension asks the server to leave those errors to them (each is reported once), and
  // the server's fix is still offered. A repeated key is valid JSON that IAM rejects: VS Code's
  // warning says nothing of IAM, so ours (an error, with the merge) is shown beside it.
  it("reports each JSON syntax error once, with our quick fix", async () => {
    await openFile("loose.json");
    await runCommand("View: Focus Problems");
    const rows = await until("diagnostics of loose.json", problemRows, (r) =>
      problemsOf(r, "loose.json").some((row) => row.includes("iam-lspINVALID_ACTION[")),
    );
    const loose = problemsOf(rows, "loose.json");
    await screenshot("trailing-comma");
    assert.equal(loose.filter((row) => /trailing comma/i.test(row)).length, 1, `one trailing comma report: ${loose}`);
    assert.ok(!loose.some((row) => row.includes("JSON_SYNTAX_ERROR")), `ours left to VS Code: ${loose}`);
    await goTo(...position(LOOSE, '"*",}', 3));
    await quickFixes("our fix for the trailing comma", "Remove the trailing comma");
    await page.keyboard.press("Escape");
  });

  it("hovers an action with its documentation", async () => {
    await openFile("policy.json");
    await goTo(...position(policy, "s3:GetObject", 3));
    await runCommand("Show or Focus Hover");
    const hover = await until(
      "hover on s3:GetObject",
      () => page.locator(".monaco-hover:visible").allInnerTexts().then((t) => t.join("\n")),
      (text) => text.includes("Grants permission to retrieve objects"),
    );
    await screenshot("hover");
    assert.match(hover, /s3:GetObject/);
    assert.match(hover, /Amazon S3/);
  });

  it('completes actions after "s3:Get', async () => {
    await openFile("complete.json");
    const text = readFileSync(path.join(workspace, "complete.json"), "utf8");
    await goTo(...position(text, '"s3:"', 4));
    await page.keyboard.type("Get");
    const suggest = page.locator(".suggest-widget .monaco-list-row");
    await suggest.first().waitFor({ timeout: 5_000 }).catch(() => page.keyboard.press("Control+Space"));
    const labels = await until(
      'completion after "s3:Get',
      () => suggest.evaluateAll((rows) => rows.map((row) => row.getAttribute("aria-label") ?? "")),
      (l) => l.some((label) => label.startsWith("s3:GetAccessPoint")),
    );
    await screenshot("completion");
    assert.ok(labels.every((label) => label.startsWith("s3:Get")), `only s3:Get… actions offered: ${labels}`);
    // Narrow down as a user would, then accept.
    await page.keyboard.type("Object");
    await until(
      "s3:GetObject first in the completion list",
      () => suggest.first().getAttribute("aria-label", { timeout: WAIT_MS }).catch(() => ""),
      (label) => label?.startsWith("s3:GetObject,"),
    );
    await page.keyboard.press("Enter");
    const want = text.replace('"s3:"', '"s3:GetObject"');
    const saved = await saveAndRead(path.join(workspace, "complete.json"), want);
    assert.equal(saved, want, "complete.json after accepting s3:GetObject");
  });

  it("applies the merge quick fix", async () => {
    await openFile("policy.json");
    await goTo(...position(policy, '"Statement": {', 1));
    await quickFixes("the quick fix menu", "Merge duplicate Statement elements");
    await screenshot("quick-fix");
    // Accept the focused fix as a user would, once it is the merge.
    await until(
      "the merge focused in the quick fix menu",
      () => page.locator(".action-widget .monaco-list-row.focused").allInnerTexts(),
      (titles) => titles.some((t) => t.includes("Merge duplicate Statement elements")),
    );
    await page.keyboard.press("Enter");
    const merged = readFileSync(path.join(FIXTURES, "policy.merged.json"), "utf8");
    const saved = await saveAndRead(path.join(workspace, "policy.json"), merged);
    assert.equal(saved, merged, "policy.json after the merge");
    await runCommand("View: Focus Problems");
    await until("DUPLICATE_KEY gone after the merge", problemRows, (rows) =>
      problemsOf(rows, "policy.json").some((row) => row.includes("INVALID_EFFECT")) &&
      !rows.some((row) => row.includes("DUPLICATE_KEY")),
    );
  });

  it("shows the policy summary", async () => {
    await openFile("policy.json");
    await runCommand("IAM: Show policy summary");
    await page.locator('.tab[aria-label^="Preview policy"]').first().waitFor({ timeout: WAIT_MS });
    const frameText = await until(
      "the summary in the Markdown preview",
      async () => {
        const texts = await Promise.all(
          page.frames().map((frame) => frame.locator("body").innerText({ timeout: 1_000 }).catch(() => "")),
        );
        return texts.find((t) => t.includes("s3:GetObject")) ?? "";
      },
      (t) => t.length > 0,
    );
    await screenshot("summary");
    assert.match(frameText, /Allow/);
  });

  it("checks a policy in a CloudFormation template, and never sees docker-compose.yml", async () => {
    await openFile("docker-compose.yml");
    await openFile("template.yaml");
    await runCommand("View: Focus Problems");
    await until("INVALID_ACTION in template.yaml", problemRows, (rows) =>
      problemsOf(rows, "template.yaml").some((row) => row.includes("iam-lspINVALID_ACTION[")),
    );
    await screenshot("template");
    const trace = extensionLog();
    assert.match(trace, /didOpen[^\n]*\n[^\n]*\n?[\s\S]{0,200}template\.yaml/, `template.yaml sent:\n${trace}`);
    assert.ok(!trace.includes("docker-compose.yml"), "docker-compose.yml was sent to the server");
  });

  it("leaves package.json alone", async () => {
    await openFile("package.json");
    // Give the server the time it took to report on policy.json, then look.
    await page.waitForTimeout(3_000);
    await runCommand("View: Focus Problems");
    const rows = await problemRows();
    await screenshot("package-json");
    assert.ok(problemsOf(rows, "policy.json").length > 0, `the panel lists other files' problems: ${rows}`);
    const ours = problemsOf(rows, "package.json").filter((row) => row.includes("iam-lsp"));
    assert.deepEqual(ours, [], `iam-lsp problems on package.json: ${rows}`);
  });
});
