// VS Code glue: finds the server, starts a language client for JSON/JSONC documents, forwards
// settings, and provides the two IAM commands. The logic worth testing lives in the pure modules.

import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  ResponseError,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { isServed } from "./attach";
import { discoverServer, type Discovery, loginShellPathCommand, parseLoginShellPath } from "./discovery";
import { type MappedSettings, toServerSettings } from "./settings";
import { markdownOf, METHOD_NOT_FOUND, previewFileName, SUMMARY_REQUEST, summaryArgs } from "./summary";

const SECTION = "iamLsp";
const NAME = "IAM Policy Language Server";

/** How long the login shell may take to print its PATH (a slow profile must not hang activation). */
const LOGIN_SHELL_TIMEOUT_MS = 5_000;

let client: LanguageClient | undefined;
/** The documents sent to the running client (didOpen passed the middleware). */
const synced = new Set<string>();
let output: vscode.LogOutputChannel | undefined;
/** The login shell's PATH, read once per activation; undefined on Windows or when it failed. */
let loginPath: string | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel(NAME, { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("iamLsp.restartServer", () => restart(context)),
    vscode.commands.registerCommand("iamLsp.showPolicySummary", () => showSummary(context)),
    vscode.workspace.onDidChangeConfiguration((event) => onConfigurationChanged(context, event)),
  );
  loginPath = await readLoginShellPath();
  // Activated by a YAML or Terraform file: start only once a document the server is for is open.
  const open = vscode.workspace.textDocuments;
  if (open.length === 0 || open.some(served)) {
    await start(context);
    return;
  }
  const waiting = vscode.workspace.onDidOpenTextDocument((document) => {
    if (served(document)) {
      waiting.dispose();
      void start(context);
    }
  });
  context.subscriptions.push(waiting);
}

function served(document: vscode.TextDocument): boolean {
  return isServed(document.languageId, document.fileName, document.getText());
}

/** The PATH of the user's login shell (`$SHELL -l`), which a desktop-started VS Code lacks. */
async function readLoginShellPath(): Promise<string | undefined> {
  if (process.platform === "win32") {
    return undefined;
  }
  const { command, args } = loginShellPathCommand(process.env["SHELL"]);
  return new Promise((resolve) => {
    execFile(command, args, { timeout: LOGIN_SHELL_TIMEOUT_MS }, (err, stdout) => {
      if (err) {
        output?.warn(`Could not read the login shell's PATH with ${command} -l: ${err.message}`);
      }
      resolve(parseLoginShellPath(stdout));
    });
  });
}

export async function deactivate(): Promise<void> {
  await stop();
}

function discover(context: vscode.ExtensionContext): Discovery {
  return discoverServer({
    configuredPath: vscode.workspace.getConfiguration(SECTION).get<string>("server.path"),
    extensionPath: context.extensionPath,
    platform: process.platform,
    arch: process.arch,
    pathEnv: process.env["PATH"],
    pathExtEnv: process.env["PATHEXT"],
    loginPathEnv: loginPath,
    cargoHomeEnv: process.env["CARGO_HOME"],
    homeDir: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isExecutable,
  });
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) {
      return false;
    }
    accessSync(file, process.platform === "win32" ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readSettings(): MappedSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const mapped = toServerSettings({
    severity: config.get("severity"),
    policyTypes: config.get("policyTypes"),
    inlayHints: config.get("inlayHints"),
    jsonValidate: vscode.workspace.getConfiguration("json").get("validate.enable"),
  });
  for (const problem of mapped.problems) {
    output?.warn(problem);
  }
  return mapped;
}

/** Starts the client; when no server is found, says so once and leaves the client stopped. */
async function start(context: vscode.ExtensionContext): Promise<void> {
  const discovery = discover(context);
  if (!discovery.found) {
    output?.error(discovery.message);
    // Not awaited: activation must not wait for the user to dismiss the message.
    void vscode.window.showErrorMessage(discovery.message, "Open Settings").then((choice) => {
      if (choice === "Open Settings") {
        void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.server.path`);
      }
    });
    return;
  }
  output?.info(`Starting ${discovery.command} (found via ${discovery.source}).`);

  const serverOptions: ServerOptions = {
    command: discovery.command,
    args: ["serve"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    // Policies in JSON, in CloudFormation/SAM and Serverless YAML, and in Terraform (with or without
    // a Terraform extension's language id). YAML and Terraform documents without a policy are never
    // sent (see the middleware), so the YAML and Terraform servers are alone on them.
    documentSelector: [
      { scheme: "file", language: "json" },
      { scheme: "file", language: "jsonc" },
      { scheme: "untitled", language: "json" },
      { scheme: "untitled", language: "jsonc" },
      { scheme: "file", language: "yaml" },
      { scheme: "file", language: "terraform" },
      { scheme: "file", pattern: "**/*.tf" },
    ],
    initializationOptions: readSettings().settings,
    ...(output === undefined ? {} : { outputChannel: output }),
    middleware: {
      // Decided once, when the document is opened: reopening a file that gained a policy sends it.
      didOpen: async (document, next) => {
        if (served(document)) {
          synced.add(document.uri.toString());
          await next(document);
        }
      },
      didChange: async (event, next) => {
        if (synced.has(event.document.uri.toString())) {
          await next(event);
        }
      },
      didClose: async (document, next) => {
        if (synced.delete(document.uri.toString())) {
          await next(document);
        }
      },
      workspace: {
        // A server that pulls its section gets the same validated object as initializationOptions.
        configuration: async (params, token, next) => {
          const values = await next(params, token);
          if (!Array.isArray(values)) {
            return values;
          }
          return params.items.map((item, i) => (item.section === SECTION ? readSettings().settings : values[i]));
        },
      },
    },
  };
  synced.clear();
  client = new LanguageClient(SECTION, NAME, serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    const message = `iam-lsp: the server at ${discovery.command} failed to start: ${String(err)}`;
    output?.error(message);
    void vscode.window.showErrorMessage(message);
    client = undefined;
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop().catch(() => undefined);
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function onConfigurationChanged(
  context: vscode.ExtensionContext,
  event: vscode.ConfigurationChangeEvent,
): Promise<void> {
  if (event.affectsConfiguration(`${SECTION}.server.path`)) {
    await restart(context);
    return;
  }
  const relevant =
    ["severity", "policyTypes", "inlayHints"].some((key) => event.affectsConfiguration(`${SECTION}.${key}`)) ||
    event.affectsConfiguration("json.validate.enable");
  if (relevant && client?.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: readSettings().settings,
    });
  }
}

/** Asks the server for the summary; falls back to the CLI when the server lacks the request. */
async function showSummary(context: vscode.ExtensionContext): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (document === undefined || !["json", "jsonc"].includes(document.languageId)) {
    void vscode.window.showWarningMessage("IAM: open a policy JSON file to see its summary.");
    return;
  }
  try {
    const markdown = (await summaryFromServer(document)) ?? (await summaryFromCli(context, document));
    const folder = vscode.Uri.joinPath(context.globalStorageUri, "summaries");
    await mkdir(folder.fsPath, { recursive: true });
    const file = vscode.Uri.joinPath(folder, previewFileName(document.uri.path));
    await writeFile(file.fsPath, markdown, "utf8");
    await vscode.commands.executeCommand("markdown.showPreviewToSide", file);
  } catch (err) {
    void vscode.window.showErrorMessage(`IAM: no summary: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function summaryFromServer(document: vscode.TextDocument): Promise<string | undefined> {
  if (client === undefined || !client.isRunning()) {
    return undefined;
  }
  try {
    const result: unknown = await client.sendRequest(SUMMARY_REQUEST, {
      textDocument: { uri: document.uri.toString() },
    });
    if (result === null) {
      throw new Error("this document is not an IAM policy.");
    }
    return markdownOf(result);
  } catch (err) {
    if (err instanceof ResponseError && err.code === METHOD_NOT_FOUND) {
      return undefined;
    }
    throw err;
  }
}

async function summaryFromCli(context: vscode.ExtensionContext, document: vscode.TextDocument): Promise<string> {
  const discovery = discover(context);
  if (!discovery.found) {
    throw new Error(discovery.message);
  }
  let file = document.uri.fsPath;
  if (document.uri.scheme !== "file" || document.isDirty) {
    const folder = vscode.Uri.joinPath(context.globalStorageUri, "unsaved");
    await mkdir(folder.fsPath, { recursive: true });
    file = path.join(folder.fsPath, "policy.json");
    await writeFile(file, document.getText(), "utf8");
  }
  return new Promise((resolve, reject) => {
    execFile(discovery.command, summaryArgs(file), { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(stderr.trim() || err.message));
      } else {
        resolve(stdout);
      }
    });
  });
}
