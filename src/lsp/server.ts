/**
 * The language server (`sidecar-lint --lsp`): diagnostics for open Kubernetes YAML and JSON on open,
 * change (debounced) and save, linted from the editor's text with the config that applies to the
 * file; config files reloaded when they change (`workspace/didChangeWatchedFiles`, or saved in the
 * editor); code actions (`actions.ts`) and container hovers (`hover.ts`). The command line hands it
 * its streams: this module never touches `process`.
 */
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeActionKind, createConnection, DidChangeWatchedFilesNotification, StreamMessageReader, StreamMessageWriter, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import type { CodeAction, CodeActionParams, Connection, Diagnostic, InitializeParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAMES } from '../config/config.js';
import { DEFAULT_MAX_FILE_SIZE_MB } from '../load/read-input.js';
import { packageInfo } from '../report/package-info.js';
import { disableNextLineAction, docsAction, FIX_ALL_KIND, fixAction, fixAllAction, ignoreContainerAction, OPEN_DOCS_COMMAND } from './actions.js';
import type { ActionContext } from './actions.js';
import { ConfigStore } from './configs.js';
import type { LintSetup, PluginIsolation } from './configs.js';
import { configDiagnostic, docsLink, SOURCE, toDiagnostic } from './diagnostics.js';
import type { DiagnosticData } from './diagnostics.js';
import { containerHover } from './hover.js';
import { EXPLAIN_REQUEST, explainText, podHover } from './pod-hover.js';
import type { ExplainParams } from './pod-hover.js';
import { LifecycleGate } from './lifecycle.js';
import { lintDocument } from './lint-document.js';
import type { DocumentLint } from './lint-document.js';
import { mayLint } from './scope.js';

export interface ServerIO {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Where relative settings resolve when the client names no workspace folder. */
  readonly cwd: string;
  /** How a trusted workspace's plugin rules run: on the CLI's watched worker. */
  readonly isolation: PluginIsolation;
}

/** Settings, from `initializationOptions` or `workspace/didChangeConfiguration` (`{ "sidecar-lint": {…} }`). */
export interface ServerSettings {
  readonly enable: boolean;
  /** `onType`: lint on every change (debounced) and on save; `onSave`: on open and save only. */
  readonly run: 'onType' | 'onSave';
  readonly debounceMs: number;
  /** A config file for every document instead of the nearest one (relative to the workspace folder). */
  readonly configPath?: string;
  /** The user trusts the workspace: its config's plugins and policies may run (VS Code: Workspace Trust). */
  readonly trustWorkspace: boolean;
  /** Documents above this size are not linted (the command line's --max-file-size). */
  readonly maxFileSizeMb: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, run: 'onType', debounceMs: 200, trustWorkspace: false, maxFileSizeMb: DEFAULT_MAX_FILE_SIZE_MB };

function settingsFrom(value: unknown, base: ServerSettings): ServerSettings {
  if (typeof value !== 'object' || value === null) return base;
  const given = value as Partial<Record<keyof ServerSettings, unknown>>;
  const configPath = typeof given.configPath === 'string' && given.configPath !== '' ? given.configPath : base.configPath;
  return {
    enable: typeof given.enable === 'boolean' ? given.enable : base.enable,
    run: given.run === 'onSave' || given.run === 'onType' ? given.run : base.run,
    debounceMs: typeof given.debounceMs === 'number' && given.debounceMs >= 0 ? given.debounceMs : base.debounceMs,
    ...(configPath !== undefined ? { configPath } : {}),
    trustWorkspace: typeof given.trustWorkspace === 'boolean' ? given.trustWorkspace : base.trustWorkspace,
    maxFileSizeMb: typeof given.maxFileSizeMb === 'number' && given.maxFileSizeMb > 0 ? given.maxFileSizeMb : base.maxFileSizeMb,
  };
}

interface Linted {
  readonly version: number;
  readonly setup: LintSetup;
  readonly lint: DocumentLint;
}

function filePathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

function isConfigFile(path: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(basename(path)) || basename(path) === 'package.json';
}

/** Start serving on the given streams; resolves when the connection closes. */
export function startLanguageServer(io: ServerIO): Promise<void> {
  const writer = new StreamMessageWriter(io.output);
  const connection: Connection = createConnection(new LifecycleGate(new StreamMessageReader(io.input), writer), writer);
  const documents = new TextDocuments(TextDocument);
  const linted = new Map<string, Linted>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Documents linted since they were opened: their next changes wait for the debounce. */
  const opened = new Set<string>();
  /** Config files with a published problem, and the problem's text (published again only when it changes). */
  const configProblems = new Map<string, string>();
  let settings = DEFAULT_SETTINGS;
  let root = io.cwd;
  const storeFor = (next: ServerSettings) => new ConfigStore(root, { trusted: next.trustWorkspace, isolation: io.isolation }, next.configPath);
  let configs = storeFor(settings);
  /** A new store for new settings: the old one's workers are stopped. */
  const replaceStore = (next: ServerSettings) => {
    void configs.close();
    configs = storeFor(next);
  };

  const publishConfigProblems = () => {
    const now = new Map(configs.problems().map((problem) => [pathToFileURL(problem.file).href, problem]));
    for (const uri of configProblems.keys()) {
      if (now.has(uri)) continue;
      configProblems.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    for (const [uri, problem] of now) {
      const diagnostic = configDiagnostic(problem);
      if (configProblems.get(uri) === JSON.stringify(diagnostic)) continue;
      configProblems.set(uri, JSON.stringify(diagnostic));
      void connection.sendDiagnostics({ uri, diagnostics: [diagnostic] });
    }
  };

  /** Lint the document's current text and keep the result; undefined when it is not linted at all. */
  const lintNow = async (document: TextDocument): Promise<Linted | undefined> => {
    const filePath = filePathOf(document.uri);
    if (filePath === undefined || !settings.enable || !mayLint(filePath, document.languageId, document.getText())) {
      linted.delete(document.uri);
      return undefined;
    }
    const setup = await configs.setupFor(filePath);
    publishConfigProblems();
    // A newer version arrived while the config loaded: that one is linted instead.
    if (documents.get(document.uri)?.version !== document.version) return linted.get(document.uri);
    const lint = await lintDocument(filePath, document.getText(), setup, settings.maxFileSizeMb, linted.get(document.uri)?.lint);
    if (documents.get(document.uri)?.version !== document.version) return linted.get(document.uri);
    const entry: Linted = { version: document.version, setup, lint };
    linted.set(document.uri, entry);
    return entry;
  };

  const validate = async (document: TextDocument): Promise<void> => {
    // A config file's diagnostics are its load problems (publishConfigProblems), never a lint's.
    const path = filePathOf(document.uri);
    if (path !== undefined && isConfigFile(path)) return;
    const entry = await lintNow(document);
    if (entry === undefined) {
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
      return;
    }
    if (entry.version !== document.version) return;
    const diagnostics = entry.lint.findings.map((finding, index) => toDiagnostic(finding, document.uri, entry.setup.docs(finding.ruleId), { version: document.version, index }));
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  };

  const validateSafely = (document: TextDocument) =>
    validate(document).catch((error: unknown) => connection.console.error(`sidecar-lint: ${error instanceof Error ? error.message : String(error)}`));

  const schedule = (document: TextDocument) => {
    clearTimeout(timers.get(document.uri));
    if (settings.debounceMs === 0) {
      void validateSafely(document);
      return;
    }
    timers.set(document.uri, setTimeout(() => {
      timers.delete(document.uri);
      const current = documents.get(document.uri);
      if (current) void validateSafely(current);
    }, settings.debounceMs));
  };

  const revalidateAll = async () => {
    await Promise.all(documents.all().map((document) => validateSafely(document)));
    publishConfigProblems();
  };

  const configChanged = async (paths: readonly string[]) => {
    for (const path of paths) await configs.changed(path);
    await revalidateAll();
  };

  connection.onInitialize((params: InitializeParams) => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const folderPath = folder ? filePathOf(folder) : undefined;
    if (folderPath !== undefined) root = folderPath;
    settings = settingsFrom(params.initializationOptions, DEFAULT_SETTINGS);
    replaceStore(settings);
    const watch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    connection.onInitialized(() => {
      if (!watch) return;
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [...CONFIG_FILE_NAMES.map((name) => ({ globPattern: `**/${name}` })), { globPattern: '**/package.json' }],
      });
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        executeCommandProvider: { commands: [OPEN_DOCS_COMMAND] },
      },
      serverInfo: { name: SOURCE, version: packageInfo().version },
    };
  });

  connection.onDidChangeConfiguration((params) => {
    const section = (params.settings as Record<string, unknown> | null | undefined)?.[SOURCE];
    if (section === undefined) return;
    settings = settingsFrom(section, settings);
    replaceStore(settings);
    void revalidateAll();
  });

  documents.onDidChangeContent(({ document }) => {
    if (!opened.has(document.uri)) {
      opened.add(document.uri);
      void validateSafely(document);
    } else if (settings.run === 'onType') {
      schedule(document);
    }
  });
  documents.onDidSave(({ document }) => {
    const path = filePathOf(document.uri);
    if (path !== undefined && isConfigFile(path)) void configChanged([path]);
    else void validateSafely(document);
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    opened.delete(document.uri);
    linted.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const paths = changes.map((change) => filePathOf(change.uri)).filter((path): path is string => path !== undefined && isConfigFile(path));
    if (paths.length > 0) void configChanged(paths);
  });

  /** The document's lint for its current text (linting it now, unpublished, when the last one is older). */
  const current = async (uri: string): Promise<{ document: TextDocument; entry: Linted } | undefined> => {
    const document = documents.get(uri);
    if (!document) return undefined;
    if (linted.get(uri)?.version !== document.version) await lintNow(document);
    const entry = linted.get(uri);
    return entry && entry.version === document.version ? { document, entry } : undefined;
  };

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const found = await current(params.textDocument.uri);
    if (!found) return [];
    const { document, entry } = found;
    const filePath = filePathOf(document.uri) ?? '';
    const context: ActionContext = {
      document,
      filePath,
      setup: entry.setup,
      source: entry.lint.source,
      findings: entry.lint.findings,
      json: document.languageId === 'json' || document.languageId === 'jsonc' || filePath.endsWith('.json'),
    };
    const only = params.context.only;
    const wants = (kind: string) => only === undefined || only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      for (const diagnostic of params.context.diagnostics) {
        const finding = findingOf(diagnostic, entry);
        if (finding === undefined) continue;
        const made = [
          fixAction(context, finding, diagnostic),
          await disableNextLineAction(context, finding, diagnostic),
          await ignoreContainerAction(context, finding, diagnostic),
          docsAction(finding, entry.setup.docs(finding.ruleId), diagnostic),
        ];
        actions.push(...made.filter((action): action is CodeAction => action !== undefined));
      }
    }
    if (wants(FIX_ALL_KIND)) {
      const all = await fixAllAction(context);
      if (all) actions.push(all);
    }
    return actions;
  });

  connection.onExecuteCommand(async (params) => {
    // The link comes back from the client: only an https: page is opened, as only such are offered.
    const href = params.arguments?.[0];
    if (params.command === OPEN_DOCS_COMMAND && typeof href === 'string' && docsLink(href) === href) await connection.window.showDocument({ uri: href, external: true });
  });

  connection.onHover(async (params) => {
    const found = await current(params.textDocument.uri);
    if (found === undefined) return null;
    const { lint, setup } = found.entry;
    return containerHover(lint.source, params.position) ?? podHover(lint.source, lint.findings, setup, params.position) ?? null;
  });

  // The editor's "explain the pod" command: the timelines of the document's pods (or of the one at the cursor).
  connection.onRequest(EXPLAIN_REQUEST, async (params: ExplainParams) => {
    const found = await current(params.textDocument.uri);
    if (found === undefined) return null;
    const { lint, setup } = found.entry;
    return explainText(lint.source, lint.findings, setup, params.position);
  });

  documents.listen(connection);
  const closed = new Promise<void>((resolve) => {
    const close = () => void configs.close().then(resolve, resolve);
    connection.onExit(close);
    io.input.on('end', close);
  });
  connection.listen();
  return closed;
}

/** The finding a diagnostic of ours stands for: by its data, or by range, code and message. */
function findingOf(diagnostic: Diagnostic, entry: Linted) {
  // Some clients (Neovim 0.7) send back what they kept of a diagnostic: no source, but its data.
  if (diagnostic.source !== undefined && diagnostic.source !== SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (data?.version === entry.version && typeof data.index === 'number') return entry.lint.findings[data.index];
  return entry.lint.findings.find((finding) => {
    const range = diagnostic.range;
    return finding.ruleId === diagnostic.code && finding.message === diagnostic.message &&
      finding.region.start.line - 1 === range.start.line && finding.region.start.column - 1 === range.start.character;
  });
}
