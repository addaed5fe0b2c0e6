/**
 * The language server with a hostile workspace, over a real LSP exchange with the built server:
 * a config's plugins and policies run only when the user trusts the workspace (initialization
 * option `trustWorkspace`, which the VS Code extension sets from Workspace Trust), and then on the
 * command line's watched worker; documents above the size limit are one diagnostic; only https:
 * links reach the client; requests before `initialize` and after `shutdown` get the protocol's errors.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { tempTree } from './helpers/cli.js';
import { spawnServer, startClient } from './helpers/lsp-client.js';
import type { LspClient } from './helpers/lsp-client.js';

const POD = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
      image: example.com/app:1
      command: ["sh", "-c", "tail -f /var/log/app.log"]
`;

/** A plugin that leaves a mark when it is imported, and rules that report, loop forever, or end the process. */
const PLUGIN = `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./imported.txt', import.meta.url), 'imported');
export default { name: 'p', rules: [
  { meta: { id: 'named', description: 'd', severity: 'warning', messages: { m: 'plugin rule ran' } }, check(pod, context) { context.report({ path: ['metadata', 'name'], messageId: 'm' }); } },
  { meta: { id: 'spin', description: 'd', severity: 'warning', messages: { m: 'never' } }, check(pod) { if (pod.owner.name === 'spin') for (;;) {} } },
  { meta: { id: 'quit', description: 'd', severity: 'warning', messages: { m: 'never' } }, check(pod) { if (pod.owner.name === 'quit') process.exit(3); } },
] };
`;
const POLICY = (id: string, docs: string) => `  - id: ${id}\n    message: "no tail ({error})"\n    docs: "${docs}"\n    target: container\n    schema: { properties: { image: { pattern: "^registry\\\\.example\\\\.com/" } } }\n`;
const CONFIG = `rules:\n  prefer-native-sidecar: off\n  p/named: error\n  tail-policy: warning\nruleTimeoutSeconds: 1\nignore:\n  - { path: "other/**", rules: [p/named] }\nplugins:\n  - ./plugin.mjs\npolicies:\n${POLICY('tail-policy', 'https://example.com/policies#tail')}`;

function open(client: LspClient, uri: string, text: string): Promise<Diagnostic[]> {
  const published = client.nextDiagnostics(uri);
  void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  return published;
}

/** What a user sees of a diagnostic: where, which rule, how bad, its link, and the start of its message. */
function seen(diagnostic: Diagnostic) {
  return { line: diagnostic.range.start.line, code: diagnostic.code, severity: diagnostic.severity, href: diagnostic.codeDescription?.href, message: String(diagnostic.message).slice(0, 60) };
}

describe('a workspace the user has not trusted', () => {
  it('loads none of its config’s plugins and policies: one warning on the config file says what and how to allow it; the built-in rules lint', async () => {
    const dir = tempTree({ '.sidecar-lint.yaml': CONFIG, 'plugin.mjs': `${PLUGIN}for (;;) {}\n`, 'pod.yaml': POD('web') });
    const client = await startClient(pathToFileURL(dir).href, { debounceMs: 0 });
    try {
      const configUri = pathToFileURL(join(dir, '.sidecar-lint.yaml')).href;
      const notice = client.nextDiagnostics(configUri);
      const diagnostics = await open(client, pathToFileURL(join(dir, 'pod.yaml')).href, POD('web'));
      expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['tail-follow-by-name']);
      expect(await notice).toEqual([
        {
          range: { start: { line: 7, character: 0 }, end: { line: 7, character: 1 } },
          severity: 2,
          code: 'workspace-not-trusted',
          source: 'sidecar-lint',
          message:
            'Not loaded: the 1 plugin and 1 policy of this configuration, which run code, because the workspace is not trusted; the built-in rules still lint. ' +
            'To load them, trust the workspace (VS Code: "Workspaces: Manage Workspace Trust"), or give the language server the initialization option "trustWorkspace": true.',
        },
      ]);
      expect(existsSync(join(dir, 'imported.txt'))).toBe(false);
    } finally {
      client.child.kill();
    }
  }, 20_000);
});

describe('a trusted workspace', () => {
  it('runs its plugin rules on the watched worker: a rule that loops is stopped at ruleTimeoutSeconds, one that calls process.exit ends the worker, not the server', async () => {
    const dir = tempTree({ '.sidecar-lint.yaml': CONFIG, 'plugin.mjs': PLUGIN, 'pod.yaml': POD('web'), 'spin.yaml': POD('spin'), 'quit.yaml': POD('quit') });
    const client = await startClient(pathToFileURL(dir).href, { debounceMs: 0, trustWorkspace: true });
    try {
      const web = await open(client, pathToFileURL(join(dir, 'pod.yaml')).href, POD('web'));
      expect(web.map(seen)).toEqual([
        { line: 3, code: 'p/named', severity: 1, href: undefined, message: 'Pod/web: plugin rule ran' },
        { line: 7, code: 'tail-policy', severity: 2, href: 'https://example.com/policies#tail', message: 'Pod/web: no tail (must match pattern "^registry\\.example\\.co' },
        { line: 8, code: 'tail-follow-by-name', severity: 2, href: 'https://github.com/sidecar-lint/sidecar-lint/blob/main/rules/tail-follow-by-name.md', message: 'Pod/web: container "app" runs "tail -f" on /var/log/app.log,' },
      ]);
      const spin = await open(client, pathToFileURL(join(dir, 'spin.yaml')).href, POD('spin'));
      expect(spin.filter((diagnostic) => diagnostic.code === 'internal-error').map((diagnostic) => diagnostic.message)).toEqual([
        'Pod/spin: rule p/spin from plugin "p" did not finish within 1 s on this pod spec and was stopped; its findings in this file and the rest of this run are missing. Report this to the plugin\'s authors, or turn the rule off.',
      ]);
      // The rule is skipped from then on; the others still report.
      expect(spin.map((diagnostic) => diagnostic.code)).toContain('p/named');

      const quitUri = pathToFileURL(join(dir, 'quit.yaml')).href;
      expect((await open(client, quitUri, POD('quit'))).map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([
        ['internal-error', 'Document not linted: the lint worker thread stopped (exit code 3). Does a plugin rule exit the process?'],
      ]);
      // The server still answers, and lints on a fresh worker.
      const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: quitUri }, position: { line: 6, character: 14 } });
      expect(hover).not.toBeNull();
      const again = await open(client, pathToFileURL(join(dir, 'again.yaml')).href, POD('again'));
      expect(again.map((diagnostic) => diagnostic.code)).toContain('p/named');
      expect(client.child.exitCode).toBeNull();
    } finally {
      client.child.kill();
    }
  }, 30_000);

  it('a plugin that never finishes loading, or ends the process as it loads, is a config error on the config file, and the defaults lint', async () => {
    const dir = tempTree({ '.sidecar-lint.yaml': 'plugins: [./plugin.mjs]\nruleTimeoutSeconds: 1\n', 'plugin.mjs': 'for (;;) {}\n', 'pod.yaml': POD('web') });
    const client = await startClient(pathToFileURL(dir).href, { debounceMs: 0, trustWorkspace: true });
    try {
      const configUri = pathToFileURL(join(dir, '.sidecar-lint.yaml')).href;
      const notice = client.nextDiagnostics(configUri);
      const diagnostics = await open(client, pathToFileURL(join(dir, 'pod.yaml')).href, POD('web'));
      expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['tail-follow-by-name']);
      expect((await notice).map((diagnostic) => diagnostic.message)).toEqual([
        'invalid config .sidecar-lint.yaml: plugins[0] (./plugin.mjs): did not finish loading within 1 s (does it loop while it is imported?); raise ruleTimeoutSeconds if it is only slow (the last configuration that loaded is still in use)',
      ]);
      writeFileSync(join(dir, 'plugin.mjs'), 'process.exit(4);\n');
      const exited = client.nextDiagnostics(configUri, (list) => list.some((diagnostic) => String(diagnostic.message).includes('exit code')));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
      expect((await exited).map((diagnostic) => diagnostic.message)).toEqual(["the worker thread that loads the configuration's rules stopped (exit code 4): does a plugin exit the process when it is imported? (the last configuration that loaded is still in use)"]);
      expect(client.child.exitCode).toBeNull();
    } finally {
      client.child.kill();
    }
  }, 20_000);

  it('gives the client only https: links: a policy’s command: or file: docs is no link, no docs action, and is not opened', async () => {
    const policies = `policies:\n${POLICY('by-command', 'command:workbench.action.terminal.new')}${POLICY('by-file', 'file:///etc/passwd')}`;
    const dir = tempTree({ '.sidecar-lint.yaml': `rules: { prefer-native-sidecar: off, sidecar-resources: off, tail-follow-by-name: off }\n${policies}`, 'pod.yaml': POD('web') });
    const client = await startClient(pathToFileURL(dir).href, { debounceMs: 0, trustWorkspace: true });
    try {
      const uri = pathToFileURL(join(dir, 'pod.yaml')).href;
      const diagnostics = await open(client, uri, POD('web'));
      expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.codeDescription])).toEqual([['by-command', undefined], ['by-file', undefined]]);
      const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics } });
      expect(actions.filter((action) => action.command !== undefined)).toEqual([]);
      // Sent back as if it had been offered: not opened.
      await client.connection.sendRequest('workspace/executeCommand', { command: 'sidecar-lint.openRuleDocs', arguments: ['command:workbench.action.terminal.new'] });
      await client.connection.sendRequest('workspace/executeCommand', { command: 'sidecar-lint.openRuleDocs', arguments: ['https://example.com/page'] });
      expect(client.documentsShown).toEqual(['https://example.com/page']);
    } finally {
      client.child.kill();
    }
  }, 20_000);
});

describe('limits and the protocol', () => {
  it('a document above the size limit is one diagnostic, not a lint', async () => {
    const dir = tempTree({});
    const client = await startClient(pathToFileURL(dir).href, { debounceMs: 0, maxFileSizeMb: 0.01 });
    try {
      const text = `${POD('web')}${'# padding\n'.repeat(2000)}`;
      expect(await open(client, pathToFileURL(join(dir, 'big.yaml')).href, text)).toEqual([
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 1,
          code: 'parse-error',
          source: 'sidecar-lint',
          message: 'Document not linted: it is 0 MB, more than 0.01 MB (the "maxFileSizeMb" setting, as --max-file-size on the command line). Split it, or raise the limit if the machine has the memory (up to 100 times the size).',
          data: { version: 1, index: 0 },
        },
      ]);
    } finally {
      client.child.kill();
    }
  }, 20_000);

  it('answers requests before initialize with ServerNotInitialized and drops notifications; after shutdown, InvalidRequest; exit ends it with 0', async () => {
    const dir = tempTree({ 'pod.yaml': POD('web') });
    writeFileSync(join(dir, 'unused'), '');
    const { child, connection } = spawnServer();
    const published: string[] = [];
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string }) => {
      published.push(params.uri);
    });
    connection.listen();
    const uri = pathToFileURL(join(dir, 'pod.yaml')).href;
    const hover = () => connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    const error = (request: Promise<unknown>) => request.then(() => undefined, (thrown: { code: number; message: string }) => ({ code: thrown.code, message: thrown.message }));
    try {
      expect(await error(hover())).toEqual({ code: -32002, message: 'The server is not initialized: send "initialize" before "textDocument/hover".' });
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: POD('web') } });
      await connection.sendRequest('initialize', { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {} });
      await connection.sendNotification('initialized', {});
      // The document opened before initialize was dropped: nothing is known of it.
      expect(await hover()).toBeNull();
      expect(await error(connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} }))).toEqual({ code: -32600, message: 'The server is already initialized.' });
      await connection.sendRequest('shutdown');
      expect(await error(hover())).toEqual({ code: -32600, message: 'The server is shut down: "textDocument/hover" is not served; send "exit".' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await connection.sendNotification('exit');
      expect(await exited).toBe(0);
      expect(published).toEqual([]);
    } finally {
      connection.dispose();
      child.kill();
    }
  }, 20_000);
});
