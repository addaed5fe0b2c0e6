/**
 * The language server driven over stdio by the protocol library's own client: diagnostics at their
 * ranges on open, after an edit, after applying a code action's fix, after a config change; a broken
 * config as one diagnostic on the config file while the last good one serves; code actions; hovers;
 * what is left alone (plain YAML, Helm templates).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { runCli, tempTree } from './helpers/cli.js';
import { startClient } from './helpers/lsp-client.js';
import type { LspClient } from './helpers/lsp-client.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: example.com/app:1
      volumeMounts:
        - { name: logs, mountPath: /var/log/app }
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "tail -f /var/log/app/access.log"]
      volumeMounts:
        - { name: logs, mountPath: /var/log/app, readOnly: true }
  volumes:
    - name: logs
      emptyDir: { sizeLimit: 1Gi }
`;
const MESH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata:
      labels: { app: api }
      annotations: { sidecar.istio.io/inject: "true" }
    spec:
      initContainers:
        - name: migrate
          image: example.com/migrate:1
          command: ["/migrate", "up"]
        - name: envoy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
      containers:
        - name: api
          image: example.com/api:1
`;
const JSON_POD = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { containers: [{ name: 'a', image: 'x:1' }, { name: 'a', image: 'y:1' }] } }, null, 2);
/** An unrendered template outside a chart, and a rendered manifest that quotes template text. */
const TEMPLATES = {
  'loose-template.yaml': POD.replace('name: web', 'name: {{ .Release.Name }}'),
  'quoted.yaml': POD.replace('  name: web\n', '  name: web\n  annotations:\n    summary: "{{ $labels.pod }} is down"\n'),
};
const CONFIG = 'rules:\n  prefer-native-sidecar: off\n  sidecar-resources: off\n';
const HOME = 'https://github.com/sidecar-lint/sidecar-lint/blob/main/rules';

/** What a user sees of a diagnostic: where, how bad, which rule, and the start of the message. */
function seen(diagnostic: Diagnostic) {
  const { range, severity, code, source, codeDescription } = diagnostic;
  return { range, severity, code, source, href: codeDescription?.href };
}

function apply(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 0, text), [...edits]);
}

describe('language server over stdio', () => {
  let client: LspClient;
  let dir: string;
  let uri: string;
  let configUri: string;
  let version = 1;
  let text = POD;

  beforeAll(async () => {
    dir = tempTree({ '.sidecar-lint.yaml': CONFIG, 'pod.yaml': POD, 'values.yaml': 'replicas: 3\nimage: { tag: "1" }\n', 'chart/Chart.yaml': 'name: c\n', 'chart/templates/pod.yaml': POD, 'mesh.yaml': MESH, 'pod.json': JSON_POD, ...TEMPLATES });
    uri = pathToFileURL(join(dir, 'pod.yaml')).href;
    configUri = pathToFileURL(join(dir, '.sidecar-lint.yaml')).href;
    client = await startClient(pathToFileURL(dir).href, { debounceMs: 20 });
  });
  afterAll(async () => {
    expect(await client.close()).toBe(0);
  });

  const change = async (next: string) => {
    text = next;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
  };

  it('says what it can do', () => {
    expect(client.initialized.serverInfo?.name).toBe('sidecar-lint');
    expect(client.initialized.capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix', 'source.fixAll.sidecar-lint'] });
    expect(client.initialized.capabilities.hoverProvider).toBe(true);
  });

  it('publishes exactly the two problems of the opened document at their ranges', async () => {
    const published = client.nextDiagnostics(uri);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    const diagnostics = await published;
    expect(diagnostics.map(seen)).toEqual([
      { range: { start: { line: 10, character: 6 }, end: { line: 10, character: 15 } }, severity: 1, code: 'container-name-duplicate', source: 'sidecar-lint', href: `${HOME}/container-name-duplicate.md` },
      { range: { start: { line: 12, character: 28 }, end: { line: 12, character: 61 } }, severity: 2, code: 'tail-follow-by-name', source: 'sidecar-lint', href: `${HOME}/tail-follow-by-name.md` },
    ]);
    expect(diagnostics[0]?.message).toBe('Pod/web: container "app" reuses the name of container "app" (containers[0]); names must be unique across containers, initContainers and ephemeralContainers, so the API server rejects the pod.');
    expect(diagnostics[0]?.relatedInformation).toEqual([{ location: { uri, range: { start: { line: 6, character: 6 }, end: { line: 6, character: 15 } } }, message: 'container "app" has this name first' }]);
  });

  it('lints the edited text, not the file', async () => {
    const published = client.nextDiagnostics(uri);
    await change(text.replace('    - name: app\n      image: busybox', '    - name: tailer\n      image: busybox'));
    expect((await published).map((diagnostic) => [diagnostic.code, diagnostic.range.start.line])).toEqual([['tail-follow-by-name', 12]]);
  });

  it('hovers a container name with its role, start and restart', async () => {
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 14 } });
    expect(hover.contents).toEqual({
      kind: 'markdown',
      value: [
        '**tailer**: classic sidecar — an app container that looks like a log tailer, beside the main app container',
        '',
        '- Start: starts with the other app containers',
        '- Restart: pod restartPolicy: Always',
        '- Helper: log tailer (logging) — it runs "tail -f", which follows a file forever',
        '- Lifetime: long-running — it runs "tail -f", which follows a file forever',
      ].join('\n'),
    });
  });

  it('hovers init containers and native sidecars with their start order, restarts and mesh', async () => {
    const mesh = pathToFileURL(join(dir, 'mesh.yaml')).href;
    const published = client.nextDiagnostics(mesh);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: mesh, languageId: 'yaml', version: 1, text: MESH } });
    await published;
    const hover = async (line: number) => ((await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: mesh }, position: { line, character: 18 } })).contents as { value: string }).value;
    const istio = '- Mesh: in the Istio mesh (annotation "sidecar.istio.io/inject")';
    expect(await hover(12)).toBe([
      '**migrate**: init container — init container without restartPolicy: Always',
      '',
      '- Start: starts 1st of 2 init containers; it must exit 0 before the next container starts',
      '- Restart: restarted on failure (restartPolicy: Always)',
      '- Lifetime: one-shot — its command only runs migrate and then exits',
      istio,
    ].join('\n'));
    expect(await hover(15)).toBe([
      '**envoy**: native sidecar — init container with restartPolicy: Always (native sidecar)',
      '',
      '- Start: starts 2nd of 2 init containers; the next container starts once it runs (and its startup probe, if any, passed)',
      '- Restart: restarts whenever it exits, while the pod runs; stopped after the app containers at shutdown',
      '- Helper: Envoy (proxy) — its image "envoyproxy/envoy:v1.31.0" is Envoy',
      '- Lifetime: long-running — its image "envoyproxy/envoy:v1.31.0" is Envoy, a long-running process',
      istio,
    ].join('\n'));
    expect(await hover(19)).toBe([
      '**api**: app container — listed in containers',
      '',
      '- Start: starts with the other app containers, after the 2 init containers',
      '- Restart: pod restartPolicy: Always',
      '- Lifetime: unknown — its command does not show whether it exits',
      istio,
    ].join('\n'));
    // Not on a name: nothing.
    expect(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: mesh }, position: { line: 16, character: 12 } })).toBeNull();
  });

  it('hovers a pod spec\'s key with the pod\'s timeline, as explain draws it', async () => {
    const mesh = pathToFileURL(join(dir, 'mesh.yaml')).href;
    const line = MESH.split('\n').indexOf('    spec:');
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: mesh }, position: { line, character: 6 } });
    const value = (hover.contents as { value: string }).value;
    expect(hover.range).toEqual({ start: { line, character: 4 }, end: { line, character: 8 } });
    const rows = value.split('\n');
    expect(rows[0]).toBe('```text');
    expect(rows[1]).toBe('Deployment/api  mesh.yaml:1');
    expect(rows.slice(4, 8)).toEqual([
      '               │init        │running       │stop 0s    30s│',
      '  migrate      │█████■      │              │             ┊│ init',
      '  envoy   ▲1   │      ━━━━━━│━━━━━━━━━━━━━━│┤            ┊│ native · next starts at once',
      '  api          │            │━━━━━━━━━━━━━━│┤            ┊│ app',
    ]);
    expect(value).toContain('\n    ▲1 16:11 sidecar-startup-probe: native sidecar "envoy" has neither a startupProbe');
    expect(rows.at(-1)).toBe('```');
    // The key only: the line below it is the containers' own.
    expect(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: mesh }, position: { line, character: 9 } })).toBeNull();
  });

  it('answers sidecar-lint/explain with the timeline of the pod at the cursor, or of every pod, or null', async () => {
    const two = pathToFileURL(join(dir, 'two.yaml')).href;
    const text = `${MESH}---\napiVersion: v1\nkind: Pod\nmetadata: { name: solo }\nspec:\n  containers:\n    - name: app\n      image: example.com/app:1\n`;
    const published = client.nextDiagnostics(two);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: two, languageId: 'yaml', version: 1, text } });
    await published;
    const explain = (position?: { line: number; character: number }) =>
      client.connection.sendRequest<{ text: string } | null>('sidecar-lint/explain', { textDocument: { uri: two }, ...(position !== undefined ? { position } : {}) });
    const heads = (answer: { text: string } | null) => answer!.text.split('\n').filter((row) => /^\S/.test(row));
    const solo = text.split('\n').indexOf('kind: Pod');
    expect(heads(await explain({ line: solo + 3, character: 6 }))).toEqual(['Pod/solo  two.yaml:23']);
    expect(heads(await explain({ line: 14, character: 10 }))).toEqual(['Deployment/api  two.yaml:1']);
    expect(heads(await explain())).toEqual(['Deployment/api  two.yaml:1', 'Pod/solo  two.yaml:23']);
    expect((await explain())!.text).toContain('  api          │            │━━━━━━━━━━━━━━│┤            ┊│ app');
    // No pod in the document: nothing to explain.
    const config = pathToFileURL(join(dir, 'map.yaml')).href;
    const none = client.nextDiagnostics(config);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: config, languageId: 'yaml', version: 1, text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: m }\n' } });
    await none;
    expect(await client.connection.sendRequest('sidecar-lint/explain', { textDocument: { uri: config } })).toBeNull();
  });

  it('lints JSON manifests, and offers no comment there', async () => {
    const json = pathToFileURL(join(dir, 'pod.json')).href;
    const published = client.nextDiagnostics(json);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: json, languageId: 'json', version: 1, text: JSON_POD } });
    const diagnostics = await published;
    expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range])).toEqual([
      ['container-name-duplicate', { start: { line: 13, character: 8 }, end: { line: 13, character: 19 } }],
    ]);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: json }, range: diagnostics[0]!.range, context: { diagnostics } });
    // No comment in JSON, and no annotations map to add a key to: only the page.
    expect(actions.map((action) => action.title)).toEqual(['Open the page of container-name-duplicate']);
  });

  it('offers the fix, the comment, the annotation and the docs, and the fix clears the problem', async () => {
    const [diagnostic] = client.published.filter((params) => params.uri === uri).at(-1)!.diagnostics;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic!.range,
      context: { diagnostics: [diagnostic] },
    });
    expect(actions.map((action) => [action.title, action.kind])).toEqual([
      ['Fix tail-follow-by-name: edit command to -F', 'quickfix'],
      ['Disable tail-follow-by-name for this line', 'quickfix'],
      ['Ignore tail-follow-by-name for container "tailer" (annotation)', 'quickfix'],
      ['Open the page of tail-follow-by-name', 'quickfix'],
      ['Fix all sidecar-lint problems (1)', 'source.fixAll.sidecar-lint'],
    ]);
    const edits = (action: CodeAction | undefined) => action!.edit!.changes![uri]!;
    expect(edits(actions[0])).toEqual([{ range: { start: { line: 12, character: 35 }, end: { line: 12, character: 36 } }, newText: 'F' }]);
    expect(apply(text, edits(actions[1])).split('\n').slice(11, 13)).toEqual(['      image: busybox:1.36', '      # sidecar-lint-disable-next-line tail-follow-by-name']);
    expect(apply(text, edits(actions[2])).split('\n').slice(2, 6)).toEqual(['metadata:', '  annotations:', '    sidecar-lint.io/ignore.tailer: "tail-follow-by-name"', '  name: web']);
    expect(actions[3]!.command).toEqual({ title: 'Open the page of tail-follow-by-name', command: 'sidecar-lint.openRuleDocs', arguments: [`${HOME}/tail-follow-by-name.md`] });

    const published = client.nextDiagnostics(uri);
    await change(apply(text, edits(actions[0])));
    expect(text).toContain('"tail -F /var/log/app/access.log"');
    expect(await published).toEqual([]);
  });

  it('sees the config change on disk and lints again', async () => {
    const published = client.nextDiagnostics(uri);
    writeFileSync(join(dir, '.sidecar-lint.yaml'), 'rules:\n  prefer-native-sidecar: off\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    expect((await published).map((diagnostic) => [diagnostic.code, diagnostic.range.start.line])).toEqual([['sidecar-resources', 10]]);
  });

  it('reports a broken config on the config file and keeps the last good one', async () => {
    const onConfig = client.nextDiagnostics(configUri);
    const onPod = client.nextDiagnostics(uri);
    writeFileSync(join(dir, '.sidecar-lint.yaml'), 'rules:\n  prefer-native-sidecar: maybe\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    const [problem, ...more] = await onConfig;
    expect(more).toEqual([]);
    // Opening the broken config in the editor keeps its diagnostic (nothing else is published for it).
    const before = client.published.length;
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: configUri, languageId: 'yaml', version: 1, text: readFileSync(join(dir, '.sidecar-lint.yaml'), 'utf8') } });
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: configUri }, position: { line: 0, character: 0 } });
    expect(client.published.slice(before).filter((params) => params.uri === configUri)).toEqual([]);
    expect(problem!.severity).toBe(1);
    expect(problem!.message).toBe(
      'invalid config .sidecar-lint.yaml: rules.prefer-native-sidecar: "maybe" is not a severity: use off, warn/warning or error (or 0, 1, 2) ' +
        '(the last configuration that loaded is still in use)',
    );
    expect(problem!.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    expect((await onPod).map((diagnostic) => diagnostic.code)).toEqual(['sidecar-resources']);

    // A YAML syntax error: the diagnostic sits where the error is.
    const onSyntax = client.nextDiagnostics(configUri);
    writeFileSync(join(dir, '.sidecar-lint.yaml'), 'rules:\n  prefer-native-sidecar: off\n  prefer-native-sidecar: error\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    const [syntax] = await onSyntax;
    expect(syntax!.message).toBe(`${join(dir, '.sidecar-lint.yaml')}:3:3: YAML syntax error: Map keys must be unique (the last configuration that loaded is still in use)`);
    expect(syntax!.range).toEqual({ start: { line: 2, character: 2 }, end: { line: 2, character: 3 } });

    const cleared = client.nextDiagnostics(configUri);
    writeFileSync(join(dir, '.sidecar-lint.yaml'), CONFIG);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    expect(await cleared).toEqual([]);
  });

  it('falls back to the defaults when the config file goes away, and finds a new one', async () => {
    const onPod = client.nextDiagnostics(uri, (diagnostics) => diagnostics.length > 0);
    rmSync(join(dir, '.sidecar-lint.yaml'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 3 }] });
    expect((await onPod).map((diagnostic) => diagnostic.code)).toEqual(['prefer-native-sidecar', 'sidecar-resources']);
    const again = client.nextDiagnostics(uri);
    writeFileSync(join(dir, '.sidecar-lint.yaml'), CONFIG);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 1 }] });
    expect(await again).toEqual([]);
  });

  it('applies every fix of the file with source.fixAll', async () => {
    const published = client.nextDiagnostics(uri, (diagnostics) => diagnostics.length === 2);
    await change(POD);
    await published;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    expect(actions.map((action) => action.title)).toEqual(['Fix all sidecar-lint problems (1)']);
    expect(apply(text, actions[0]!.edit!.changes![uri]!)).toBe(POD.replace('tail -f', 'tail -F'));
  });

  it('leaves plain YAML and Helm templates alone', async () => {
    for (const name of ['values.yaml', 'chart/templates/pod.yaml', 'loose-template.yaml']) {
      const other = pathToFileURL(join(dir, name)).href;
      const published = client.nextDiagnostics(other);
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'yaml', version: 1, text: readFileSync(join(dir, name), 'utf8') } });
      expect(await published).toEqual([]);
    }
    const quoted = pathToFileURL(join(dir, 'quoted.yaml')).href;
    const published = client.nextDiagnostics(quoted);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: quoted, languageId: 'yaml', version: 1, text: TEMPLATES['quoted.yaml'] } });
    expect((await published).map((diagnostic) => diagnostic.code)).toEqual(['container-name-duplicate', 'tail-follow-by-name']);
    expect(client.stderr()).toBe('');
  });
});

describe('language server on a multi-document file', () => {
  it('places findings of an unchanged document right after an edit above it moved it', async () => {
    const dir = tempTree({ '.sidecar-lint.yaml': CONFIG });
    const uri = pathToFileURL(join(dir, 'two.yaml')).href;
    const client = await startClient(pathToFileURL(dir).href, { debounceMs: 0 });
    const two = `${MESH}---\n${POD}`;
    const lines = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line, diagnostic.range.start.character]);
    const opened = client.nextDiagnostics(uri);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: two } });
    const before = lines(await opened);
    expect(before.filter(([code]) => code === 'tail-follow-by-name')).toEqual([['tail-follow-by-name', 34, 28]]);
    const edited = client.nextDiagnostics(uri);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `# one\n# two\n${two}` }] });
    expect(lines(await edited)).toEqual(before.map(([code, line, character]) => [code, (line as number) + 2, character]));
    expect(await client.close()).toBe(0);
  });
});

describe('language server with run: onSave', () => {
  it('lints on open and on save, not on change', async () => {
    const dir = tempTree({ '.sidecar-lint.yaml': CONFIG, 'pod.yaml': POD });
    const uri = pathToFileURL(join(dir, 'pod.yaml')).href;
    const client = await startClient(pathToFileURL(dir).href, { run: 'onSave', debounceMs: 0 });
    const opened = client.nextDiagnostics(uri);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
    expect((await opened).length).toBe(2);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: POD.replace('tail -f', 'tail -F') }] });
    // A request answered after the change: had the change been linted, its diagnostics would be here by now.
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.published.length).toBe(1);
    const saved = client.nextDiagnostics(uri);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    expect((await saved).map((diagnostic) => diagnostic.code)).toEqual(['container-name-duplicate']);
    expect(await client.close()).toBe(0);
  });
});

describe('starting the server', () => {
  it('watches config files when the client lets it register the watcher', async () => {
    const dir = tempTree({ 'pod.yaml': POD });
    const client = await startClient(pathToFileURL(dir).href, {}, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    // The registration follows `initialized`; a request answered after it has let it through.
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: pathToFileURL(join(dir, 'pod.yaml')).href }, position: { line: 0, character: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.registrations).toEqual([
      {
        registrations: [
          {
            id: expect.any(String),
            method: 'workspace/didChangeWatchedFiles',
            registerOptions: { watchers: [{ globPattern: '**/.sidecar-lint.yaml' }, { globPattern: '**/.sidecar-lint.yml' }, { globPattern: '**/.sidecar-lint.json' }, { globPattern: '**/package.json' }] },
          },
        ],
      },
    ]);
    expect(await client.close()).toBe(0);
  });

  it('refuses paths with --lsp', () => {
    const result = runCli(['--lsp', 'pod.yaml']);
    expect(result).toEqual({ status: 2, stdout: '', stderr: 'sidecar-lint: --lsp takes no paths: the editor sends the documents.\nRun sidecar-lint --help for usage.\n' });
    expect(runCli(['--stdio', 'pod.yaml'])).toEqual({ status: 2, stdout: '', stderr: 'sidecar-lint: --stdio goes with --lsp (the language server).\nRun sidecar-lint --help for usage.\n' });
  });
});
