/**
 * The package as a user gets it: `npm pack` holds the bundle and nothing else, declares no
 * dependencies, and the tarball installed into an empty folder (offline: there is nothing else to
 * fetch) runs with `npx sidecar-lint` and works as an API (`import { createLinter } from
 * 'sidecar-lint'`, typed). Packs the dist/ that `npm test` has just built (`--ignore-scripts`, so the
 * build is not redone under the other tests' feet). Prints the tarball's size, the install time and
 * the installed size.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { BAD_POD } from './helpers/manifests.js';

const run = (command: string, args: readonly string[], cwd: string) => {
  const result = spawnSync(command, [...args], {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
  if (result.error) throw result.error;
  return result;
};
const npm = (args: readonly string[], cwd: string) => run('npm', args, cwd);
/** `npx --no -- …`: use the installed package, never fetch one; `--` keeps `--version` from npx. */
const npx = (args: readonly string[], cwd: string) => run('npx', ['--no', '--', ...args], cwd);

/** Everything a user needs, and nothing else. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^CONTRIBUTING\.md$/,
  /^bin\/(?:sidecar-lint(-lsp)?|load-cli)\.js$/,
  /^bin\/sidecar-lint\.cjs$/,
  /^docs\/[\w-]+\.md$/,
  /^dist\/bundle\/[\w.-]+\.c?js$/,
  /^dist\/bundle\/index\.d\.ts$/,
  /^rules\/[\w-]+\.md$/,
  /^docs\/rules\/[\w-]+\.md$/,
];

function folderSize(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

describe('npm pack', () => {
  const work = mkdtempSync(join(tmpdir(), 'sidecar-lint-pack-'));
  const app = join(work, 'app');
  let tarball = '';
  let files: string[] = [];
  let installed: ReturnType<typeof npm>;
  let installMs = 0;
  let sizes = { tarball: 0, unpacked: 0 };
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies?: object; optionalDependencies?: object; peerDependencies?: object };

  beforeAll(() => {
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    expect(packed.status, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
    sizes = { tarball: info!.size, unpacked: info!.unpackedSize };
    tarball = join(work, info!.filename);
    files = info!.files.map((file) => file.path).sort();
    mkdirSync(join(app, 'manifests'), { recursive: true });
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
    const start = performance.now();
    // --offline: a package without dependencies needs nothing from the registry.
    installed = npm(['install', '--offline', '--ignore-scripts', tarball], app);
    installMs = performance.now() - start;
    console.log(
      `sidecar-lint tarball ${(statSync(tarball).size / 1024).toFixed(0)} kB, ${files.length} files; ` +
        `installed offline in a fresh folder in ${(installMs / 1000).toFixed(2)} s, node_modules ${(folderSize(join(app, 'node_modules')) / 1024 / 1024).toFixed(1)} MB, ` +
        `packages: ${readdirSync(join(app, 'node_modules')).filter((name) => !name.startsWith('.')).join(', ')}`,
    );
  }, 300_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('is publishable: npm publish --dry-run passes, with the repository npm provenance checks (and its home page and issues there)', () => {
    const published = npm(['publish', '--dry-run', '--ignore-scripts', '--json'], ROOT);
    expect(published.status, published.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { repository: { type: string; url: string }; homepage: string; bugs: { url: string } };
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/sidecar-lint/sidecar-lint.git' });
    expect(pkg.homepage).toBe('https://github.com/sidecar-lint/sidecar-lint#readme');
    expect(pkg.bugs).toEqual({ url: 'https://github.com/sidecar-lint/sidecar-lint/issues' });
  });

  it('keeps a contributor install to what the tests use: the bench\'s peer (Spectral) installs on its own, and every install script is declared', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; allowScripts: Record<string, boolean> };
    expect(Object.keys(pkg.devDependencies).filter((name) => name.includes('spectral'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(ROOT, 'bench', 'tools', 'package.json'), 'utf8')).dependencies).toEqual({ '@stoplight/spectral-cli': '6.16.3' });
    expect(pkg.allowScripts).toEqual({ esbuild: true, '@microsoft/sarif-multitool-linux': true });
    // npm 11 lists the packages whose install scripts no allowScripts entry covers.
    const listed = npm(['install-scripts', 'ls'], ROOT);
    if (listed.status === 0) expect(listed.stdout).toContain('No packages with unreviewed install scripts.');
  });

  it('declares no dependencies of any kind: the bundle carries them', () => {
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();
  });

  it('contains only the executable, the bundle and its types, the rule pages, the licence, the changelog and the README', () => {
    expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    for (const needed of ['bin/sidecar-lint.js', 'bin/sidecar-lint-lsp.js', 'bin/load-cli.js', 'bin/sidecar-lint.cjs', 'dist/bundle/compile-cache.js', 'dist/bundle/js-yaml-5.cjs', 'dist/bundle/index.js', 'dist/bundle/index.d.ts', 'docs/rules/parse-error.md', 'docs/cli.md', 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
      expect(files).toContain(needed);
    }
  });

  it('holds every page its Markdown links to (README, docs, rule pages): none is left pointing at a file the package does not have', () => {
    const broken: string[] = [];
    for (const page of files.filter((file) => file.endsWith('.md'))) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        if (target === undefined || /^(?:[a-z]+:|#)/i.test(target)) continue;
        const path = posix.normalize(posix.join(posix.dirname(page), decodeURI(target.split('#')[0]!)));
        if (!files.includes(path) && !files.some((file) => file.startsWith(`${path.replace(/\/$/, '')}/`))) broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('is as large as the README says, within 5% (npm run docs writes the figure from npm pack)', async () => {
    const { SIZE_PATTERN } = (await import(join(ROOT, 'scripts', 'package-size.mjs'))) as { SIZE_PATTERN: RegExp };
    const [, megabytes, kilobytes] = SIZE_PATTERN.exec(readFileSync(join(ROOT, 'README.md'), 'utf8')) ?? [];
    expect(Math.abs(Number(megabytes) * 1_000_000 - sizes.unpacked) / sizes.unpacked).toBeLessThan(0.05);
    expect(Math.abs(Number(kilobytes) * 1_000 - sizes.tarball) / sizes.tarball).toBeLessThan(0.05);
  });

  it('installs into an empty folder without the registry, as one package', () => {
    expect(installed.status, installed.stderr).toBe(0);
    expect(readdirSync(join(app, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['sidecar-lint']);
    expect(installMs).toBeLessThan(30_000);
  });

  it('runs with npx sidecar-lint: findings, version, SARIF, worker threads, schema validators', () => {
    writeFileSync(join(app, 'manifests', 'pod.yaml'), BAD_POD);
    const lint = npx(['sidecar-lint', 'manifests'], app);
    expect(lint.stdout).toContain('manifests/pod.yaml\n  10:11  error    Pod/broken: container "app" mounts volume "logs"');
    expect(lint.status).toBe(1);

    expect(npx(['sidecar-lint', '--version'], app)).toMatchObject({ status: 0, stdout: `${manifest.version}\n` });
    const sarif = npx(['sidecar-lint', '--format', 'sarif', 'manifests'], app);
    expect((JSON.parse(sarif.stdout) as { runs: { tool: { driver: { version: string } } }[] }).runs[0]!.tool.driver.version).toBe(manifest.version);

    // Worker threads load bin/sidecar-lint.cjs again; kubernetes-models' validators come from the bundle.
    cpSync(join(ROOT, 'fixtures', 'examples'), join(app, 'examples'), { recursive: true });
    const serial = npx(['sidecar-lint', '--format', 'json', 'examples'], app);
    const threaded = spawnSync('npx', ['--no', '--', 'sidecar-lint', '--format', 'json', 'examples'], { cwd: app, encoding: 'utf8', env: { ...process.env, SIDECAR_LINT_WORKERS: '2' } });
    expect(threaded.stdout).toBe(serial.stdout);
    writeFileSync(join(app, 'manifests', 'schema.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: s }\nspec:\n  containers:\n    - name: a\n      image: x\n      ports: [{ containerPort: "abc" }]\n');
    expect(npx(['sidecar-lint', '--format', 'compact', 'manifests/schema.yaml'], app).stdout).toContain('manifests/schema.yaml:8:17  error    Pod/s: container "a" field ports[0].containerPort must be an integer');
  }, 120_000);

  it('runs the language server from the bundle alone (its protocol library is a dev dependency)', async () => {
    const frame = (message: object) => `Content-Length: ${Buffer.byteLength(JSON.stringify(message))}\r\n\r\n${JSON.stringify(message)}`;
    const server = spawn('npx', ['--no', '--', 'sidecar-lint-lsp'], { cwd: app, stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    const waiters: { id: number; resolve: () => void }[] = [];
    server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      for (const waiter of waiters) if (output.includes(`"id":${waiter.id}`)) waiter.resolve();
    });
    const answer = (id: number) => new Promise<void>((resolve) => waiters.push({ id, resolve }));
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    server.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
    await answer(1);
    server.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    await answer(2);
    server.stdin.end(frame({ jsonrpc: '2.0', method: 'exit' }));
    expect(output).toContain(`"serverInfo":{"name":"sidecar-lint","version":"${manifest.version}"}`);
    expect(await exited).toBe(0);
  }, 120_000);

  it('loads plugins (on the watched worker thread) and policies (ajv, RE2) from the bundle', () => {
    const project = join(app, 'project');
    cpSync(join(ROOT, 'fixtures', 'plugins'), project, { recursive: true });
    writeFileSync(join(project, '.sidecar-lint.yaml'), 'plugins: [./acme-rules.mjs]\n');
    const plugged = npx(['sidecar-lint', '--format', 'json', 'pinned.yaml'], project);
    expect(plugged.stderr).toBe('');
    expect(plugged.status).toBeLessThan(2);
    const policies = join(app, 'policies');
    cpSync(join(ROOT, 'fixtures', 'policies', 'sidecar-registry'), policies, { recursive: true });
    const checked = npx(['sidecar-lint', '--format', 'json', '.'], policies);
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(1);
  }, 120_000);

  it('works as an API: import { createLinter, loadFormatter } from "sidecar-lint"', () => {
    writeFileSync(
      join(app, 'use-api.mjs'),
      `import { createLinter, loadFormatter } from 'sidecar-lint';
const linter = await createLinter();
const [file] = await linter.lintFiles(['manifests/pod.yaml']);
const text = await linter.lintText(process.argv[2], { filePath: 'inline.yaml' });
const sarif = JSON.parse((await loadFormatter('sarif')).format([file, text], { linter }));
console.log(JSON.stringify({
  file: [file.filePath, file.errorCount, file.findings[0].ruleId, file.findings[0].region.start],
  text: [text.filePath, text.errorCount, text.findings[0].region.start.line],
  sarif: sarif.runs[0].results.length,
}));
`,
    );
    const used = run(process.execPath, ['use-api.mjs', BAD_POD], app);
    expect(used.stderr).toBe('');
    expect(JSON.parse(used.stdout)).toEqual({
      file: ['manifests/pod.yaml', 1, 'volume-mount-undefined', { line: 10, column: 11 }],
      text: ['inline.yaml', 1, 10],
      sarif: 2,
    });
  });

  it('gives TypeScript users its types, with no package to install beside it', () => {
    writeFileSync(
      join(app, 'typed.ts'),
      `import { createLinter, defineRule, type LintResult, type Pod } from 'sidecar-lint';
const linter = await createLinter({ cwd: '.', kubernetesVersion: '1.31' });
const result: LintResult = await linter.lintText('kind: Pod', { filePath: 'a.yaml' });
const count: number = result.errorCount + result.fixableCount;
const rule = defineRule({
  meta: { id: 'x', description: 'd', severity: 'error', docs: 'https://example.com', messages: { m: 'm' } },
  check(pod: Pod, context) { for (const info of pod.containers) if (info.container.image === undefined) context.report({ path: [], messageId: 'm' }); },
});
// @ts-expect-error a finding's line is a number
const wrong: string = result.findings[0]!.region.start.line;
export { count, rule, wrong };
`,
    );
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['typed.ts'] }));
    const checked = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    expect(existsSync(join(app, 'node_modules', 'kubernetes-models'))).toBe(false);
  }, 120_000);
});
