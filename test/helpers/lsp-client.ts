/**
 * A real LSP client for tests and the bench: the built server (`bin/sidecar-lint.js --lsp`) in a
 * child process, driven over stdio by vscode-languageserver-protocol's own client connection, with
 * the diagnostics it publishes kept per document.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { MessageConnection } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { BIN, ROOT } from './cli.js';

export interface LspClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  readonly initialized: InitializeResult;
  /** Every publishDiagnostics, in order of arrival. */
  readonly published: PublishDiagnosticsParams[];
  /** Every client/registerCapability request's params, in order of arrival. */
  readonly registrations: unknown[];
  /** The uri of every window/showDocument request, in order of arrival. */
  readonly documentsShown: string[];
  /** The next diagnostics published for `uri` after this call (that pass `accept`, if given). */
  nextDiagnostics(uri: string, accept?: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  /** Server stderr so far. */
  stderr(): string;
  close(): Promise<number | null>;
}

/** The built server in a child process and a connection to it, not yet initialized. */
export function spawnServer(): { child: ChildProcess & { stdout: NodeJS.ReadableStream }; connection: MessageConnection; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, '--lsp', '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  return { child, connection, stderr: () => stderr };
}

export async function startClient(rootUri: string, initializationOptions: Record<string, unknown> = {}, capabilities: Record<string, unknown> = {}): Promise<LspClient> {
  const { child, connection, stderr } = spawnServer();
  const published: PublishDiagnosticsParams[] = [];
  const waiting: { uri: string; accept: (diagnostics: Diagnostic[]) => boolean; resolve: (diagnostics: Diagnostic[]) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.push(params);
    for (const waiter of [...waiting]) {
      if (waiter.uri === params.uri && waiter.accept(params.diagnostics)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics);
      }
    }
  });
  const registrations: unknown[] = [];
  connection.onRequest('client/registerCapability', (params: unknown) => {
    registrations.push(params);
    return null;
  });
  const documentsShown: string[] = [];
  connection.onRequest('window/showDocument', (params: { uri: string }) => {
    documentsShown.push(params.uri);
    return { success: true };
  });
  connection.listen();
  const initialized = await connection.sendRequest<InitializeResult>('initialize', {
    processId: null,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'test' }],
    capabilities,
    initializationOptions,
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    child,
    initialized,
    published,
    registrations,
    documentsShown,
    stderr,
    nextDiagnostics(uri, accept = () => true) {
      return new Promise((resolve) => waiting.push({ uri, accept, resolve }));
    },
    async close() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
