/**
 * The VS Code extension (editors/vscode): `npm run vsix`'s last steps build the .vsix with
 * `vsce package`; it holds the bundled client, the bundled server with its launcher, the manifest
 * with its settings, and nothing of the sources or dev dependencies. The server inside it answers an
 * LSP initialize on its own. Which server the extension starts is checked on its own function.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { describeWhere } from './helpers/skip.js';

const EXTENSION = join(ROOT, 'editors', 'vscode');
const VSIX = join(EXTENSION, 'sidecar-lint.vsix');

function npm(args: readonly string[]) {
  const result = spawnSync('npm', [...args], { cwd: EXTENSION, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

/** The extension's own dev dependencies (vsce, the client) live in its folder: .ci/run installs them; `npm test` needs no registry. */
const notInstalled = existsSync(join(EXTENSION, 'node_modules', '.bin', 'vsce')) ? undefined : 'editors/vscode has no node_modules (npm ci --prefix editors/vscode)';

describeWhere(notInstalled, 'the VS Code extension', () => {
  const unpacked = mkdtempSync(join(tmpdir(), 'sidecar-lint-vsix-'));
  let entries: string[] = [];

  beforeAll(() => {
    npm(['run', 'package']);
    const listed = spawnSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    entries = listed.stdout.trim().split('\n').sort();
    expect(spawnSync('unzip', ['-q', VSIX, '-d', unpacked]).status).toBe(0);
  }, 300_000);

  it('packs the client, the server bundle and the manifest, and no sources or node_modules', () => {
    expect(readFileSync(join(unpacked, 'extension', 'server', 'bin', 'sidecar-lint.cjs'))).toEqual(readFileSync(join(ROOT, 'bin', 'sidecar-lint.cjs')));
    expect(entries).toEqual([
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/package.json',
      'extension/readme.md',
      'extension/server/bin/load-cli.js',
      'extension/server/bin/sidecar-lint-lsp.js',
      'extension/server/bin/sidecar-lint.cjs',
      'extension/server/dist/bundle/compile-cache.js',
      'extension/server/package.json',
    ]);
    const manifest = JSON.parse(readFileSync(join(unpacked, 'extension', 'package.json'), 'utf8')) as {
      main: string;
      activationEvents: string[];
      capabilities: { untrustedWorkspaces: unknown };
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    expect(manifest.main).toBe('./dist/extension.js');
    expect(manifest.activationEvents).toEqual(['onLanguage:yaml', 'onLanguage:json']);
    // Workspace Trust: limited support, and the config path is the workspace's to set only when trusted.
    expect(manifest.capabilities.untrustedWorkspaces).toEqual({
      supported: 'limited',
      description: "In a workspace you have not trusted, sidecar-lint lints with its built-in rules only: the plugins and policies its configuration names are not loaded, and the server bundled in the extension runs instead of the workspace's own node_modules/sidecar-lint.",
      restrictedConfigurations: ['sidecar-lint.configPath'],
    });
    expect(Object.fromEntries(Object.entries(manifest.contributes.configuration.properties).map(([key, value]) => [key, value.default]))).toEqual({
      'sidecar-lint.enable': true,
      'sidecar-lint.run': 'onType',
      'sidecar-lint.configPath': '',
    });
    // The client is bundled; only the editor's own API stays outside.
    expect(readFileSync(join(unpacked, 'extension', 'dist', 'extension.js'), 'utf8')).toMatch(/require\("vscode"\)/);
  });

  it('carries a server that starts on its own', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const server = spawn(process.execPath, [join(unpacked, 'extension', 'server', 'bin', 'sidecar-lint-lsp.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const frame = (message: object) => `Content-Length: ${Buffer.byteLength(JSON.stringify(message))}\r\n\r\n${JSON.stringify(message)}`;
    let output = '';
    const answered = new Promise<void>((resolve) => server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('"id":1')) resolve();
    }));
    server.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await answered;
    server.kill();
    expect(output).toContain(`"serverInfo":{"name":"sidecar-lint","version":"${version}"}`);
  });
});

describe('the VS Code extension\'s own logic (its modules, loaded by path: no VS Code runs here)', () => {
  it('starts the workspace’s sidecar-lint when the workspace is trusted and has one, else its own', async () => {
    // Loaded by path: the extension's sources are CommonJS, typechecked with its own tsconfig (npm run vsix).
    const modulePath = join(EXTENSION, 'src', 'server-path.ts');
    const { serverModule } = (await import(modulePath)) as { serverModule: (folders: string[], dir: string, trusted: boolean, exists: (path: string) => boolean) => string };
    const local = join('/work/app', 'node_modules', 'sidecar-lint', 'bin', 'sidecar-lint-lsp.js');
    const own = join('/ext', 'server', 'bin', 'sidecar-lint-lsp.js');
    expect(serverModule(['/work/other', '/work/app'], '/ext', true, (path) => path === local)).toBe(local);
    expect(serverModule(['/work/app'], '/ext', true, () => false)).toBe(own);
    // Not trusted: the workspace's node_modules is not looked at.
    const looked: string[] = [];
    expect(serverModule(['/work/app'], '/ext', false, (path) => looked.push(path) > 0)).toBe(own);
    expect(looked).toEqual([]);
  });

  it('tells the server the settings and whether the workspace is trusted', async () => {
    const { initializationOptions } = (await import(join(EXTENSION, 'src', 'settings.ts'))) as {
      initializationOptions: (config: { get<T>(key: string, value: T): T }, trusted: boolean) => unknown;
    };
    const defaults = { get: <T>(_key: string, value: T) => value };
    expect(initializationOptions(defaults, false)).toEqual({ enable: true, run: 'onType', configPath: '', trustWorkspace: false });
    expect(initializationOptions({ get: <T>(key: string, value: T) => (key === 'run' ? ('onSave' as T) : value) }, true)).toEqual({ enable: true, run: 'onSave', configPath: '', trustWorkspace: true });
  });

  it('tells the server about manifests and config files only: an apiVersion and a kind at the top level', async () => {
    const { shouldLint } = (await import(join(EXTENSION, 'src', 'manifest.ts'))) as { shouldLint: (fileName: string, languageId: string, text: string) => boolean };
    expect(shouldLint('/w/pod.yaml', 'yaml', 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\n')).toBe(true);
    expect(shouldLint('/w/list.yaml', 'yaml', '# comment\n---\nkind: Deployment\napiVersion: apps/v1\n')).toBe(true);
    // A Helm template's values are expressions, but its keys are there.
    expect(shouldLint('/w/chart/templates/d.yaml', 'yaml', 'apiVersion: {{ include "api" . }}\nkind: Deployment\n')).toBe(true);
    expect(shouldLint('/w/pod.json', 'json', '{\n  "kind": "Pod",\n  "apiVersion": "v1"\n}\n')).toBe(true);
    // A workflow, Helm values, a nested apiVersion, a tsconfig: no.
    expect(shouldLint('/w/.github/workflows/ci.yml', 'yaml', 'name: ci\non: push\njobs: {}\n')).toBe(false);
    expect(shouldLint('/w/values.yaml', 'yaml', 'ingress:\n  apiVersion: networking.k8s.io/v1\n  kind: Ingress\n')).toBe(false);
    expect(shouldLint('/w/tsconfig.json', 'json', '{ "compilerOptions": {} }')).toBe(false);
    // sidecar-lint's own config files, whose problems the server reports on them.
    for (const name of ['.sidecar-lint.yaml', '.sidecar-lint.yml', '.sidecar-lint.json', 'package.json']) expect(shouldLint(`/w/${name}`, 'yaml', 'rules: {}\n')).toBe(true);
    expect(shouldLint('C:\\w\\.sidecar-lint.yaml', 'yaml', '')).toBe(true);
  });

  it("finds the pages of the rules at the cursor among the editor's diagnostics", async () => {
    const { rulePagesAt } = (await import(join(EXTENSION, 'src', 'rule-pages.ts'))) as { rulePagesAt: (diagnostics: unknown[], position: { line: number; character: number }) => { ruleId: string; url: string }[] };
    const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
    const page = (id: string) => ({ value: id, target: { toString: () => `https://example.com/rules/${id}.md` } });
    const diagnostics = [
      { source: 'sidecar-lint', range: at(3, 4, 12), code: page('sidecar-resources') },
      { source: 'sidecar-lint', range: at(3, 6, 9), code: page('prefer-native-sidecar') },
      { source: 'sidecar-lint', range: at(3, 4, 12), code: page('sidecar-resources') },
      { source: 'yaml', range: at(3, 0, 20), code: 'yaml-error' },
      { source: 'sidecar-lint', range: at(7, 0, 5), code: page('volume-mount-undefined') },
    ];
    expect(rulePagesAt(diagnostics, { line: 3, character: 7 })).toEqual([
      { ruleId: 'sidecar-resources', url: 'https://example.com/rules/sidecar-resources.md' },
      { ruleId: 'prefer-native-sidecar', url: 'https://example.com/rules/prefer-native-sidecar.md' },
    ]);
    expect(rulePagesAt(diagnostics, { line: 3, character: 12 }).map((item) => item.ruleId)).toEqual(['sidecar-resources']);
    expect(rulePagesAt(diagnostics, { line: 5, character: 0 })).toEqual([]);
  });

  it('contributes its three commands, on YAML and JSON editors', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as {
      activationEvents: string[];
      contributes: { commands: { command: string; category: string }[]; menus: { commandPalette: { command: string; when: string }[] } };
      scripts: Record<string, string>;
    };
    expect(manifest.contributes.commands.map((command) => [command.command, command.category])).toEqual([
      ['sidecar-lint.fixAll', 'sidecar-lint'],
      ['sidecar-lint.showRulePage', 'sidecar-lint'],
      ['sidecar-lint.explainPod', 'sidecar-lint'],
    ]);
    expect(manifest.contributes.menus.commandPalette.map((entry) => entry.when)).toEqual(Array(3).fill('editorLangId == yaml || editorLangId == json'));
    // Each command registered by the client under the name the manifest gives.
    const source = readFileSync(join(EXTENSION, 'src', 'commands.ts'), 'utf8');
    for (const { command } of manifest.contributes.commands) expect(source).toContain(`registerCommand('${command}'`);
    // The explain command asks the server the request it answers.
    expect(source).toContain("const EXPLAIN_REQUEST = 'sidecar-lint/explain';");
    expect(readFileSync(join(ROOT, 'src', 'lsp', 'pod-hover.ts'), 'utf8')).toContain("export const EXPLAIN_REQUEST = 'sidecar-lint/explain';");
    // vsce package builds first.
    expect(manifest.scripts['vscode:prepublish']).toBe('node scripts/build.mjs');
  });
});
