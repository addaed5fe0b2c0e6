/**
 * The package as a user gets it: `npm pack` holds only what is needed, and the tarball installed
 * into an empty folder runs with `npx sidecar-lint`. Packs the dist/ that `npm test` has just built
 * (`--ignore-scripts`, so the build is not redone under the other tests' feet).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { BAD_POD } from './helpers/manifests.js';

const run = (command: 'npm' | 'npx', args: readonly string[], cwd: string) => {
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
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^bin\/sidecar-lint(-lsp)?\.js$/, /^dist\/(src|rules)\/[\w./-]+\.(js|d\.ts)$/, /^dist\/bundle\/[\w.-]+\.js$/, /^rules\/[\w-]+\.md$/];

describe('npm pack', () => {
  const work = mkdtempSync(join(tmpdir(), 'sidecar-lint-pack-'));
  let tarball = '';
  let files: string[] = [];
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  beforeAll(() => {
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    expect(packed.status, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info!.filename);
    files = info!.files.map((file) => file.path).sort();
  }, 300_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('contains only the executable, the built code, the rule pages, package.json and the README', () => {
    expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    for (const needed of ['bin/sidecar-lint.js', 'bin/sidecar-lint-lsp.js', 'dist/bundle/lsp.js', 'dist/bundle/cli.js', 'dist/bundle/lint-worker.js', 'dist/src/cli/main.js', 'dist/src/cli/lint-worker.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/rules/index.js', 'dist/src/report/sarif.js', 'package.json', 'README.md']) {
      expect(files).toContain(needed);
    }
  });

  it('installs into an empty folder and runs with npx sidecar-lint', async () => {
    const app = join(work, 'app');
    mkdirSync(join(app, 'manifests'), { recursive: true });
    const installed = npm(['install', '--prefer-offline', '--no-save', tarball], app);
    expect(installed.status, installed.stderr).toBe(0);
    expect(existsSync(join(app, 'node_modules', 'typescript')), 'a dev dependency was installed').toBe(false);
    writeFileSync(join(app, 'manifests', 'pod.yaml'), BAD_POD);

    const lint = npx(['sidecar-lint', 'manifests'], app);
    expect(lint.stdout).toContain('manifests/pod.yaml:10:11  error    Pod/broken: container "app" mounts volume "logs"');
    expect(lint.status).toBe(1);

    const versionRun = npx(['sidecar-lint', '--version'], app);
    expect(versionRun).toMatchObject({ status: 0, stdout: `${version}\n` });
    const sarif = npx(['sidecar-lint', '--format', 'sarif', 'manifests'], app);
    expect((JSON.parse(sarif.stdout) as { runs: { tool: { driver: { version: string } } }[] }).runs[0]!.tool.driver.version).toBe(version);

    // The language server runs from the bundle alone (its protocol library is a dev dependency).
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
    expect(output).toContain(`"serverInfo":{"name":"sidecar-lint","version":"${version}"}`);
    expect(await exited).toBe(0);
  }, 300_000);
});
