/**
 * The VS Code extension: a thin client of the sidecar-lint language server (`sidecar-lint --lsp`).
 * It starts the server (`server-path.ts`), hands it the settings and whether the user trusts the
 * workspace (Workspace Trust: only then may the config's plugins and policies run), tells it when
 * config files change, and restarts it when the settings change or trust is granted. Everything
 * else — diagnostics, quick fixes, hovers — is the server's.
 */
import { workspace } from 'vscode';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { serverModule } from './server-path';
import { initializationOptions as optionsFor } from './settings';

let client: LanguageClient | undefined;

async function start(context: ExtensionContext): Promise<void> {
  const initializationOptions = optionsFor(workspace.getConfiguration('sidecar-lint'), workspace.isTrusted);
  if (!initializationOptions.enable) return;
  const folders = (workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
  const module = serverModule(folders, context.extensionPath, workspace.isTrusted);
  // TransportKind.stdio: the client adds --stdio; the launcher adds --lsp.
  const serverOptions: ServerOptions = { run: { module, transport: TransportKind.stdio }, debug: { module, transport: TransportKind.stdio } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
    ],
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/{.sidecar-lint.yaml,.sidecar-lint.yml,.sidecar-lint.json,package.json}') },
    initializationOptions,
  };
  client = new LanguageClient('sidecar-lint', 'sidecar-lint', serverOptions, clientOptions);
  await client.start();
}

async function restart(context: ExtensionContext): Promise<void> {
  await client?.stop();
  client = undefined;
  await start(context);
}

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('sidecar-lint')) await restart(context);
    }),
    // Trusted now: the workspace's own server, and its config's plugins and policies.
    workspace.onDidGrantWorkspaceTrust(() => restart(context)),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
