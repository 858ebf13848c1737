// A stand-in for the `vscode` module, just enough for the extension and vscode-languageclient to
// activate, start a server over stdio and stop it, so the glue is tested without VS Code.
// Anything not modelled here is a permissive proxy.

import Module from "node:module";
import * as path from "node:path";

export interface Recorded {
  /** Error messages shown to the user. */
  readonly errors: string[];
  /** The registered commands' handlers, by id (the last registration wins). */
  readonly handlers: Map<string, (...args: unknown[]) => unknown>;
  /** Lines written to the output channel. */
  readonly output: string[];
  /** Commands executed by the extension, with their arguments. */
  readonly executed: [string, ...unknown[]][];
  /** The stub's `window`: set `activeTextEditor` on it. */
  readonly window: Record<string | symbol, unknown>;
}

type Listener = (event: unknown) => void;

class Disposable {
  constructor(private readonly onDispose?: () => void) {}
  dispose(): void {
    this.onDispose?.();
  }
  static from(...items: { dispose(): void }[]): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
}

class EventEmitter {
  private readonly listeners: Listener[] = [];
  readonly event = (listener: Listener): Disposable => {
    this.listeners.push(listener);
    return new Disposable();
  };
  fire(event: unknown): void {
    this.listeners.forEach((l) => l(event));
  }
  dispose(): void {}
}

/** A value on which any property access or call yields another such value. */
function anything(): unknown {
  const target = function () {};
  const proxy: unknown = new Proxy(target, {
    get(_t, key) {
      if (key === "then") {
        return undefined;
      }
      if (key === Symbol.iterator) {
        return [][Symbol.iterator];
      }
      if (key === "dispose") {
        return () => undefined;
      }
      return anything();
    },
    apply: () => anything(),
    construct: () => anything() as object,
  });
  return proxy;
}

const noEvent = (): Disposable => new Disposable();

/** Makes `require("vscode")` return the stub, with `settings` as the `iamLsp` configuration. */
export function installVscodeStub(settings: Record<string, unknown>): Recorded {
  const window: Record<string | symbol, unknown> = {
    activeTextEditor: undefined,
    visibleTextEditors: [],
    tabGroups: { all: [], onDidChangeTabs: noEvent, onDidChangeTabGroups: noEvent },
    createOutputChannel: () => channel,
    showErrorMessage: async (message: string) => {
      recorded.errors.push(message);
      return undefined;
    },
    showWarningMessage: async (message: string) => {
      recorded.errors.push(message);
      return undefined;
    },
    showInformationMessage: async () => undefined,
  };
  const recorded: Recorded = { errors: [], handlers: new Map(), output: [], executed: [], window };
  const write = (...parts: unknown[]): void => {
    recorded.output.push(parts.map(String).join(" "));
  };
  const channel = {
    name: "stub",
    logLevel: 2,
    onDidChangeLogLevel: noEvent,
    append: write,
    appendLine: write,
    replace: write,
    trace: write,
    debug: write,
    info: write,
    warn: write,
    error: write,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  };
  const configuration = {
    get: (key: string, fallback?: unknown) => (key in settings ? settings[key] : fallback),
    has: (key: string) => key in settings,
    inspect: () => undefined,
    update: async () => undefined,
  };
  const base: Record<string, unknown> = {
    Disposable,
    EventEmitter,
    version: "1.91.0",
    env: { language: "en", appName: "stub", machineId: "stub", uiKind: 1 },
    Uri: {
      file: (fsPath: string) => ({ scheme: "file", fsPath, path: fsPath, toString: () => `file://${fsPath}` }),
      joinPath: (uri: { fsPath: string }, ...parts: string[]) => ({ fsPath: path.join(uri.fsPath, ...parts) }),
    },
    workspace: new Proxy(
      {
        textDocuments: [],
        notebookDocuments: [],
        workspaceFolders: undefined,
        getConfiguration: () => configuration,
        createFileSystemWatcher: () => ({
          onDidCreate: noEvent,
          onDidChange: noEvent,
          onDidDelete: noEvent,
          dispose: () => undefined,
        }),
      } as Record<string | symbol, unknown>,
      // Every `onDid…`/`onWill…` event of the workspace: never fires.
      { get: (t, key) => (key in t ? t[key] : noEvent) },
    ),
    // Every other `onDid…` event of the window: never fires.
    window: new Proxy(window, { get: (t, key) => (key in t ? t[key] : noEvent) }),
    commands: {
      registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
        recorded.handlers.set(id, handler);
        return new Disposable();
      },
      executeCommand: async (id: string, ...args: unknown[]) => {
        recorded.executed.push([id, ...args]);
        return undefined;
      },
    },
    languages: new Proxy({}, { get: (_t, key) => (key === "match" ? () => 0 : () => new Disposable()) }),
    extensions: { all: [], getExtension: () => undefined, onDidChange: noEvent },
  };
  const vscode = new Proxy(base, { get: (t, key) => (typeof key === "string" && key in t ? t[key] : anything()) });

  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === "vscode" ? vscode : load.call(this, request, ...rest);
  };
  return recorded;
}
