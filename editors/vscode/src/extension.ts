/**
 * The VS Code extension: a thin client of the sidecar-lint language server (`sidecar-lint --lsp`).
 * It starts the server (`server-path.ts`) once a document that is a Kubernetes manifest or a
 * sidecar-lint config is open (`manifest.ts`), and tells it about those documents only; hands it the
 * settings and whether the user trusts the workspace (Workspace Trust: only then may the config's
 * plugins and policies run); tells it when config files change; restarts it when the settings
 * change or trust is granted; and adds three commands (`commands.ts`). Everything else —
 * diagnostics, quick fixes, hovers, the timelines — is the server's.
 */
import { DidOpenTextDocumentNotification, LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, Middleware, ServerOptions } from 'vscode-languageclient/node';
import { workspace } from 'vscode';
import type { ExtensionContext, TextDocument } from 'vscode';
import { registerCommands } from './commands';
import { shouldLint } from './manifest';
import { serverModule } from './server-path';
import { initializationOptions as optionsFor } from './settings';

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient | undefined> | undefined;
/** The documents the server has been told about (opened through the middleware). */
const told = new Set<string>();

const LANGUAGES = new Set(['yaml', 'json']);

function wanted(document: TextDocument): boolean {
  return document.uri.scheme === 'file' && LANGUAGES.has(document.languageId) && shouldLint(document.fileName, document.languageId, document.getText());
}

/** Only manifests and config files reach the server; one that becomes a manifest while edited is opened then. */
const middleware: Middleware = {
  didOpen: async (document, next) => {
    if (!wanted(document)) return;
    told.add(document.uri.toString());
    await next(document);
  },
  didChange: async (event, next) => {
    const uri = event.document.uri.toString();
    if (told.has(uri)) return next(event);
    if (!wanted(event.document) || client === undefined) return;
    told.add(uri);
    await client.sendNotification(DidOpenTextDocumentNotification.type, client.code2ProtocolConverter.asOpenTextDocumentParams(event.document));
  },
  didSave: async (document, next) => (told.has(document.uri.toString()) ? next(document) : undefined),
  didClose: async (document, next) => (told.delete(document.uri.toString()) ? next(document) : undefined),
  provideHover: (document, position, token, next) => (told.has(document.uri.toString()) ? next(document, position, token) : undefined),
  provideCodeActions: (document, range, context, token, next) => (told.has(document.uri.toString()) ? next(document, range, context, token) : []),
};

async function start(context: ExtensionContext): Promise<LanguageClient | undefined> {
  const initializationOptions = optionsFor(workspace.getConfiguration('sidecar-lint'), workspace.isTrusted);
  if (!initializationOptions.enable) return undefined;
  const folders = (workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
  const module = serverModule(folders, context.extensionPath, workspace.isTrusted);
  // TransportKind.stdio: the client adds --stdio; the launcher adds --lsp.
  const serverOptions: ServerOptions = { run: { module, transport: TransportKind.stdio }, debug: { module, transport: TransportKind.stdio } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...LANGUAGES].map((language) => ({ scheme: 'file', language })),
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/{.sidecar-lint.yaml,.sidecar-lint.yml,.sidecar-lint.json,package.json}') },
    initializationOptions,
    middleware,
  };
  told.clear();
  const started = new LanguageClient('sidecar-lint', 'sidecar-lint', serverOptions, clientOptions);
  await started.start();
  client = started;
  return started;
}

/** The running client, started now if a document it is for is open. */
function ensureStarted(context: ExtensionContext): Promise<LanguageClient | undefined> {
  if (client !== undefined) return Promise.resolve(client);
  if (starting === undefined && workspace.textDocuments.some(wanted)) {
    starting = start(context).finally(() => {
      starting = undefined;
    });
  }
  return starting ?? Promise.resolve(undefined);
}

async function restart(context: ExtensionContext): Promise<void> {
  await starting;
  await client?.stop();
  client = undefined;
  await ensureStarted(context);
}

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('sidecar-lint')) await restart(context);
    }),
    // Trusted now: the workspace's own server, and its config's plugins and policies.
    workspace.onDidGrantWorkspaceTrust(() => restart(context)),
    // The server starts with the first manifest opened, or the first document edited into one.
    workspace.onDidOpenTextDocument((document) => {
      if (client === undefined && wanted(document)) void ensureStarted(context);
    }),
    workspace.onDidChangeTextDocument((event) => {
      if (client === undefined && wanted(event.document)) void ensureStarted(context);
    }),
    ...registerCommands(() => ensureStarted(context)),
  );
  await ensureStarted(context);
}

export async function deactivate(): Promise<void> {
  await starting;
  await client?.stop();
}
