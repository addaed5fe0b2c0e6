/**
 * Rendering and mapping back with a hostile repository or pipe as the only input: rendered text
 * that names sources outside the chart or overlay, config values that would be helm flags, charts
 * whose links lead out, renderers that never stop or never stop writing, kustomizations that reach
 * the network. The real helm (from the layer package) and kubectl, the built executable.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './helpers/cli.js';
import { TOOLS_PATH } from './helpers/tools.js';

const env = { PATH: TOOLS_PATH };

const CHART = 'apiVersion: v2\nname: web\nversion: 0.1.0\n';
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: example.com/app:1
      command: ["sh", "-c", "tail -f /var/log/x.log"]
`;
const SECRET = 'TOP-SECRET-LINE-OF-37-CHARACTERS-XYZW\n';
const TAIL = 'Pod/web: container "app" runs "tail -f" on /var/log/x.log, which follows the open file, not its name: after the log is rotated it keeps reading the deleted file and ships nothing new. Use "tail -F" (--follow=name --retry).';

interface Shown {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** Every finding of a `--format json` report: where it is, to its end, and its message. */
function shown(stdout: string): Shown[] {
  const files = JSON.parse(stdout) as { filePath: string; messages: Omit<Shown, 'file'>[] }[];
  return files.flatMap((file) => file.messages.map(({ line, column, endLine, endColumn, message }) => ({ file: file.filePath, line, column, endLine, endColumn, message })));
}

/** A repository with a chart, and beside it (outside the chart) a secret, a FIFO and a link to each. */
function repository(): string {
  const dir = tempTree({ 'chart/Chart.yaml': CHART, 'chart/templates/pod.yaml': POD, 'outside/secret': SECRET });
  execFileSync('mkfifo', [join(dir, 'outside', 'fifo')]);
  symlinkSync('../../outside/secret', join(dir, 'chart', 'templates', 'link.yaml'));
  return dir;
}

describe('mapping reads only regular files inside what is rendered', () => {
  it('a # Source: comment naming a FIFO, a secret, /dev/zero or a link out of the chart: nothing is read, the finding stays at its rendered line and says why', () => {
    const dir = repository();
    for (const source of ['web/../../outside/fifo', 'web/../../outside/secret', `web/${'../'.repeat(12)}dev/zero`, 'web/templates/link.yaml']) {
      const run = runCli(['--format', 'json', '--stdin-filename', 'chart', '-'], { cwd: dir, input: `---\n# Source: ${source}\n${POD}` });
      expect(run.stderr, source).toBe('');
      expect(shown(run.stdout), source).toEqual([
        { file: 'chart', line: 11, column: 29, endLine: 11, endColumn: 53, message: `${TAIL} (left in the rendered text: the source it names, ${source}, is not a regular file inside chart, so it is not read)` },
      ]);
    }
  });

  it('an origin annotation naming a FIFO or /dev/zero on stdin: nothing is read, the finding stays and says why', () => {
    const dir = repository();
    const annotated = (path: string) => POD.replace('  name: web\n', `  name: web\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ${path}\n`);
    for (const path of ['../outside/fifo', '/dev/zero']) {
      const run = runCli(['--format', 'json', '--stdin-filename', 'chart', '-'], { cwd: dir, input: annotated(path) });
      expect(shown(run.stdout), path).toEqual([
        { file: 'chart', line: 12, column: 29, endLine: 12, endColumn: 53, message: `${TAIL} (left in the rendered text: the source it names, ${path}, is not a regular file inside chart, so it is not read)` },
      ]);
      // Without --stdin-filename the working directory is what paths may lie in.
      const plain = runCli(['--format', 'json', '-'], { cwd: join(dir, 'chart'), input: annotated(path) });
      expect(shown(plain.stdout)[0]?.message, path).toBe(`${TAIL} (left in the rendered text: the source it names, ${path}, is not a regular file inside the working directory, so it is not read)`);
    }
  });

  it('a template inside the chart, or a link to one, is read; one above --max-file-size is not, and the finding says so', () => {
    const dir = repository();
    symlinkSync('pod.yaml', join(dir, 'chart', 'templates', 'same.yaml'));
    for (const source of ['web/templates/pod.yaml', 'web/templates/same.yaml']) {
      const run = runCli(['--format', 'json', '--stdin-filename', 'chart', '-'], { cwd: dir, input: `---\n# Source: ${source}\n${POD}` });
      expect(shown(run.stdout)).toEqual([{ file: `chart/${source.slice(4)}`, line: 9, column: 7, endLine: 9, endColumn: 54, message: TAIL }]);
    }
    writeFileSync(join(dir, 'chart', 'templates', 'pod.yaml'), `${POD}${'# padding\n'.repeat(20_000)}`);
    const run = runCli(['--format', 'json', '--max-file-size', '0.1', '--stdin-filename', 'chart', '-'], { cwd: dir, input: `---\n# Source: web/templates/pod.yaml\n${POD}` });
    expect(shown(run.stdout)).toEqual([
      { file: 'chart', line: 11, column: 29, endLine: 11, endColumn: 53, message: `${TAIL} (left in the rendered text: the source it names, web/templates/pod.yaml, is larger than 0.1 MB (the --max-file-size limit), so it is not read)` },
    ]);
  });

  it('a kustomization whose origin annotation leads out of the folders it builds on: the finding stays in the build and says why', () => {
    const dir = tempTree({ 'overlay/kustomization.yaml': 'resources: [pod.yaml]\n', 'overlay/pod.yaml': POD, 'outside/secret': SECRET });
    const annotated = POD.replace('  name: web\n', '  name: web\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ../outside/secret\n');
    const run = runCli(['--format', 'json', '--stdin-filename', 'overlay', '-'], { cwd: dir, input: annotated, env });
    expect(shown(run.stdout)).toEqual([
      { file: 'overlay', line: 12, column: 29, endLine: 12, endColumn: 53, message: `${TAIL} (left in the rendered text: the source it names, ../outside/secret, is not a regular file inside the folders overlay builds on, so it is not read)` },
    ]);
  });
});

describe('a config cannot pass helm flags', () => {
  const secret = join(tempTree({ secret: SECRET }), 'secret');
  /** A repository with a chart whose pod is named by a value, and a config of these `helm:` settings. */
  function repositoryWith(helm: string): string {
    return tempTree({
      'chart/Chart.yaml': CHART,
      'chart/templates/pod.yaml': POD.replace('  name: web\n', '  name: {{ .Values.name }}\n'),
      'chart/values.yaml': 'name: from-values\n',
      '.sidecar-lint.yaml': `helm:\n${helm}`,
    });
  }
  const NAME_RULE = "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 53 characters";

  it('release names, namespaces, Kubernetes versions and set keys that are no such thing are config errors (exit 2): nothing is rendered, no byte of the file shows', () => {
    const cases: [string, string][] = [
      [`  releaseName: "--set-file=name=${secret}"\n`, `helm.releaseName: "--set-file=name=${secret}" is not a release name: ${NAME_RULE}`],
      ['  releaseName: "--output-dir=/tmp/x"\n', `helm.releaseName: "--output-dir=/tmp/x" is not a release name: ${NAME_RULE}`],
      [`  namespace: "--set-file=name=${secret}"\n`, `helm.namespace: "--set-file=name=${secret}" is not a namespace name: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`],
      ['  kubeVersion: "--output-dir=/tmp/x"\n', 'helm.kubeVersion: "--output-dir=/tmp/x" is not a Kubernetes version: expected MAJOR.MINOR, for example 1.35'],
      [`  set: { "a=b,name": x }\n`, "helm.set: \"a=b,name\" is not a value's key path: names of letters, digits, '_', '-' and '/' joined by '.', with [N] list indexes (write a '.' inside a name as '\\.')"],
      [`  values: [${JSON.stringify(secret)}]\n`, `helm.values[0]: ${JSON.stringify(secret)} is not inside the config file's folder: a configuration's values files must be in the repository it belongs to (give other files with --values on the command line)`],
      ['  values: [../../../../../../../../etc/passwd]\n', 'helm.values[0]: "../../../../../../../../etc/passwd" is not inside the config file\'s folder: a configuration\'s values files must be in the repository it belongs to (give other files with --values on the command line)'],
    ];
    for (const [helm, message] of cases) {
      const run = runCli(['--format', 'github', 'chart'], { cwd: repositoryWith(helm), env });
      expect(run, helm).toEqual({ status: 2, stdout: '', stderr: `sidecar-lint: invalid config .sidecar-lint.yaml: ${message}\n` });
    }
  });

  it('a values file inside the repository that links out is refused too; one inside is read, and set keys with indexes and escaped dots are passed on', () => {
    const dir = repositoryWith('  values: [values/linked.yaml]\n');
    mkdirSync(join(dir, 'values'));
    symlinkSync(secret, join(dir, 'values', 'linked.yaml'));
    expect(runCli(['chart'], { cwd: dir, env }).stderr).toBe(
      'sidecar-lint: invalid config .sidecar-lint.yaml: helm.values[0]: "values/linked.yaml" is not inside the config file\'s folder: a configuration\'s values files must be in the repository it belongs to (give other files with --values on the command line)\n',
    );
    writeFileSync(join(dir, 'values', 'prod.yaml'), 'name: from-prod\n');
    const names = (config: string) => {
      writeFileSync(join(dir, '.sidecar-lint.yaml'), config);
      const run = runCli(['--format', 'json', 'chart'], { cwd: dir, env });
      expect(run.stderr).toBe('');
      return shown(run.stdout).map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.message.split(':')[0]}`);
    };
    expect(names('helm:\n  releaseName: prod.v2\n  namespace: shop\n  values: [values/prod.yaml]\n')).toEqual(['chart/templates/pod.yaml:9:7 Pod/from-prod']);
    expect(names('helm:\n  values: [values/prod.yaml]\n  set: { name: from-set, "labels.app\\\\.kubernetes\\\\.io/name": web, "list[0]": x }\n')).toEqual(['chart/templates/pod.yaml:9:7 Pod/from-set']);
  });
});

describe('a chart whose links lead out of it', () => {
  const secret = join(tempTree({ secret: SECRET, 'pod.yaml': POD }), 'secret');
  const READER = POD.replace('  name: web\n', '  name: {{ .Files.Get "files/data" | trim | lower }}\n');

  it('is not rendered: one render-error names the links, and no byte of what they point to shows', () => {
    const dir = tempTree({ 'chart/Chart.yaml': CHART, 'chart/templates/pod.yaml': READER });
    mkdirSync(join(dir, 'chart', 'files'));
    symlinkSync(secret, join(dir, 'chart', 'files', 'data'));
    const refused = 'Chart not rendered: files/data is a symbolic link that leads out of the chart, and helm would read the file it points to: put a copy in the chart instead.';
    for (const format of ['json', 'github']) {
      const run = runCli(['--format', format, 'chart'], { cwd: dir, env });
      expect(run.status).toBe(1);
      expect(`${run.stdout}${run.stderr}`.toLowerCase()).not.toContain('top-secret');
    }
    expect(shown(runCli(['--format', 'json', 'chart'], { cwd: dir, env }).stdout)).toEqual([{ file: 'chart/Chart.yaml', line: 1, column: 1, endLine: 1, endColumn: 1, message: refused }]);
    // A template that is itself a link out, and links that lead nowhere: all named, in order.
    symlinkSync(join(secret, '..', 'pod.yaml'), join(dir, 'chart', 'templates', 'linked.yaml'));
    symlinkSync('../nowhere', join(dir, 'chart', 'files', 'dangling'));
    expect(shown(runCli(['--format', 'json', 'chart'], { cwd: dir, env }).stdout)[0]?.message).toBe(
      'Chart not rendered: files/dangling, files/data, templates/linked.yaml are symbolic links that lead out of the chart, and helm would read the files they point to: put a copy in the chart instead.',
    );
  });

  it('a link that stays inside the chart is rendered as before', () => {
    const dir = tempTree({ 'chart/Chart.yaml': CHART, 'chart/templates/pod.yaml': READER, 'chart/files/real': 'From-Inside\n' });
    symlinkSync('real', join(dir, 'chart', 'files', 'data'));
    const run = runCli(['--format', 'json', 'chart'], { cwd: dir, env });
    expect(shown(run.stdout).map((finding) => `${finding.file}:${finding.line} ${finding.message.split(':')[0]}`)).toEqual(['chart/templates/pod.yaml:9 Pod/from-inside']);
  });
});

/** `file:line:column message` of every finding. */
function tail(run: { stdout: string }): string[] {
  return shown(run.stdout).map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.message}`);
}

describe('renderers are bounded', () => {
  it('a chart that would render without end (`range until 2000000000`) is stopped at the limit, with the limit’s message', () => {
    const dir = tempTree({ 'chart/Chart.yaml': CHART, 'chart/templates/cm.yaml': '{{- range until 2000000000 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{{ . }}\n{{- end }}\n' });
    const run = runCli(['--format', 'json', 'chart'], { cwd: dir, env });
    expect(run.status).toBe(1);
    expect(tail(run)).toEqual([
      'chart/Chart.yaml:1:1 Chart not rendered: `helm template chart` used more than 768 MB of memory, more than 32 MB of output needs, and was stopped (render.maxOutputBytes in the config raises the limit).',
    ]);
  });

  it('a renderer that never finishes (helm waiting on a FIFO) is stopped after render.timeoutSeconds', () => {
    const dir = tempTree({ 'chart/Chart.yaml': CHART, 'chart/templates/pod.yaml': POD, '.sidecar-lint.yaml': 'helm: {values: [values.fifo]}\nrender: {timeoutSeconds: 1}\n' });
    execFileSync('mkfifo', [join(dir, 'values.fifo')]);
    const run = runCli(['--format', 'json', 'chart'], { cwd: dir, env });
    expect(tail(run)).toEqual(['chart/Chart.yaml:1:1 Chart not rendered: `helm template chart` did not finish within 1 s, and was stopped (render.timeoutSeconds in the config raises the limit).']);
  });

  it('output above render.maxOutputBytes stops the renderer; rendered text above --max-file-size is not linted; both say which limit to raise', () => {
    const dir = tempTree({ 'chart/Chart.yaml': CHART, 'chart/templates/pod.yaml': POD, 'overlay/kustomization.yaml': 'resources: [pod.yaml]\n', 'overlay/pod.yaml': POD, '.sidecar-lint.yaml': 'render: {maxOutputBytes: 100}\n' });
    expect(tail(runCli(['--format', 'json', 'chart', 'overlay'], { cwd: dir, env }))).toEqual([
      'chart/Chart.yaml:1:1 Chart not rendered: `helm template chart` wrote more than 100 bytes, and was stopped (render.maxOutputBytes in the config raises the limit).',
      'overlay/kustomization.yaml:1:1 Kustomization not rendered: `kubectl kustomize overlay` wrote more than 100 bytes, and was stopped (render.maxOutputBytes in the config raises the limit).',
    ]);
    writeFileSync(join(dir, '.sidecar-lint.yaml'), '');
    const advice = 'Raise the limit with --max-file-size <MB> if the machine has the memory (up to 100 times the size).';
    expect(tail(runCli(['--format', 'json', '--max-file-size', '0.0001', 'chart', 'overlay'], { cwd: dir, env }))).toEqual([
      `chart/Chart.yaml:1:1 Chart not linted: \`helm template chart\` wrote 205 bytes, more than 0.0001 MB (the --max-file-size limit). ${advice}`,
      `overlay/kustomization.yaml:1:1 Kustomization not linted: \`kubectl kustomize overlay\` wrote 272 bytes, more than 0.0001 MB (the --max-file-size limit). ${advice}`,
    ]);
  });

  it('render: settings are validated with the config', () => {
    const dir = tempTree({ 'pod.yaml': POD, '.sidecar-lint.yaml': 'render: {timeoutSeconds: 0}\n' });
    expect(runCli(['pod.yaml'], { cwd: dir }).stderr).toBe('sidecar-lint: invalid config .sidecar-lint.yaml: render.timeoutSeconds: must be > 0\n');
    writeFileSync(join(dir, '.sidecar-lint.yaml'), 'render: {maxOutputBytes: 1.5}\n');
    expect(runCli(['pod.yaml'], { cwd: dir }).stderr).toBe('sidecar-lint: invalid config .sidecar-lint.yaml: render.maxOutputBytes: must be integer\n');
    writeFileSync(join(dir, '.sidecar-lint.yaml'), 'render: {retries: 2}\n');
    expect(runCli(['pod.yaml'], { cwd: dir }).stderr).toBe('sidecar-lint: invalid config .sidecar-lint.yaml: render: unknown key "retries"\n');
  });
});

describe('no network unless the config allows it', () => {
  /** A local HTTP server in a process of its own (the CLI runs synchronously): one that serves a pod, or one that never answers. */
  async function server(answers: boolean): Promise<{ url: string; stop: () => void }> {
    const code = `const s = require('node:http').createServer((req, res) => { ${answers ? `res.end(${JSON.stringify(POD.replace('name: web', 'name: remote'))})` : ''} }); s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    return { url: `http://127.0.0.1:${port}/pod.yaml`, stop: () => child.kill() };
  }

  it('a kustomization with remote resources (a URL, a git repository) is not built: one finding at the entry says so', () => {
    const dir = tempTree({
      'base/kustomization.yaml': 'resources:\n  - pod.yaml\n  - git@github.com:org/repo.git//base\n',
      'base/pod.yaml': POD,
      'overlay/kustomization.yaml': 'resources:\n  - ../base\n  - https://example.com/pod.yaml\n  - github.com/org/repo//deploy?ref=v1\n',
    });
    const run = runCli(['--format', 'json', 'overlay'], { cwd: dir, env });
    expect(run.status).toBe(1);
    expect(tail(run)).toEqual([
      'overlay/kustomization.yaml:3:5 Kustomization not rendered: resources[1] "https://example.com/pod.yaml" is a remote resource (and 2 more), and sidecar-lint does not reach the network unless the config allows it: kustomize: {allowRemote: true}.',
    ]);
  });

  it('with kustomize: {allowRemote: true} the resource is fetched and linted; a server that never answers is a time limit, not a hang', async () => {
    const serving = await server(true);
    const silent = await server(false);
    try {
      const dir = tempTree({ 'overlay/kustomization.yaml': `resources:\n  - ${serving.url}\n`, '.sidecar-lint.yaml': 'kustomize: {allowRemote: true}\nrender: {timeoutSeconds: 2}\n' });
      const run = runCli(['--format', 'json', 'overlay'], { cwd: dir, env });
      expect(shown(run.stdout).map((finding) => `${finding.file}:${finding.line} ${finding.message.split(':')[0]}`)).toEqual(['overlay:13 Pod/remote']);
      writeFileSync(join(dir, 'overlay', 'kustomization.yaml'), `resources:\n  - ${silent.url}\n`);
      expect(tail(runCli(['--format', 'json', 'overlay'], { cwd: dir, env }))).toEqual([
        'overlay/kustomization.yaml:1:1 Kustomization not rendered: `kubectl kustomize overlay` did not finish within 2 s, and was stopped (render.timeoutSeconds in the config raises the limit).',
      ]);
    } finally {
      serving.stop();
      silent.stop();
    }
  });
});

describe('an odd TMPDIR', () => {
  it('(relative, /proc, missing) is a finding or a message saying so, never a temporary folder in the repository', () => {
    const dir = tempTree({ 'overlay/kustomization.yaml': 'resources: [pod.yaml]\n', 'overlay/pod.yaml': POD, 'chart/Chart.yaml': CHART, 'chart/templates/pod.yaml': POD, 'plugin.mjs': "export default { name: 'p', rules: [{ meta: { id: 'r', description: 'd', severity: 'warning', messages: { m: 'm' } }, check() {} }] };\n" });
    const cases: [string, string][] = [
      ['relative', 'no temporary folder: TMPDIR "relative" is not an absolute path'],
      ['/proc', 'no temporary folder in "/proc" (TMPDIR): ENOENT'],
      [join(dir, 'missing'), `no temporary folder in ${JSON.stringify(join(dir, 'missing'))} (TMPDIR): ENOENT`],
    ];
    for (const [tmpdir, why] of cases) {
      expect(tail(runCli(['--format', 'json', 'overlay'], { cwd: dir, env: { ...env, TMPDIR: tmpdir } })), tmpdir).toEqual([`overlay/kustomization.yaml:1:1 Kustomization not rendered: ${why}.`]);
      // With plugin rules, rendered text goes to the watched worker through a temporary file.
      writeFileSync(join(dir, '.sidecar-lint.yaml'), 'plugins: [./plugin.mjs]\n');
      const run = runCli(['--format', 'json', 'chart'], { cwd: dir, env: { ...env, TMPDIR: tmpdir, NODE_DISABLE_COMPILE_CACHE: '1' } });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`sidecar-lint: chart: cannot lint the rendered text on the plugin rules' worker thread: ${why}\n`);
      writeFileSync(join(dir, '.sidecar-lint.yaml'), '');
    }
    expect(readdirSync(dir).sort()).toEqual(['.sidecar-lint.yaml', 'chart', 'overlay', 'plugin.mjs']);
  });
});
