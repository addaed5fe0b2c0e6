/**
 * The release workflow (.github/workflows/release.yml) cannot run here; this reads it and runs the
 * shell steps that need no network: it starts on a version tag, tests before it publishes, publishes
 * with provenance, attaches the .vsix when the editor extension exists, and moves the major tag that
 * the README's Action and pre-commit snippets pin.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Workflow {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
}

const workflow = parse(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')) as Workflow;
const steps = Object.values(workflow.jobs)[0]!.steps;
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const indexOf = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step.run ?? ''));

/** Run a step's script as the runner would, in a copy of the files it reads. */
function runStep(step: Step, env: Record<string, string>, files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-release-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const output = join(dir, 'github_output');
  writeFileSync(output, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd: dir, env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, dir, output: readFileSync(output, 'utf8') };
}

describe('release workflow', () => {
  it('runs on version tags vX.Y.Z only', () => {
    const matches = picomatch(workflow.on.push.tags.map((glob) => glob.replace(/\[0-9\]\+/g, '+([0-9])')), { posix: true });
    expect(matches(`v${version}`)).toBe(true);
    expect(matches('v12.0.3')).toBe(true);
    for (const other of ['v1', 'main', '0.1.0', 'v1.2', 'v1.2.3-rc.1']) expect(matches(other), other).toBe(false);
  });

  it('has the permissions provenance and the release need', () => {
    expect(workflow.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
  });

  it('tests, then publishes with provenance, then creates the release and moves the major tag', () => {
    const test = indexOf(/^bash \.ci\/run$/m);
    const publish = indexOf(/^npm publish --provenance\b/m);
    const release = indexOf(/gh release create "\$GITHUB_REF_NAME"/);
    const major = indexOf(/git push -f origin "refs\/tags\/\$major"/);
    expect(test).toBeGreaterThan(0);
    expect([test < publish, publish < release, release < major]).toEqual([true, true, true]);
    expect(steps[0]!.uses).toMatch(/^actions\/checkout@v\d+$/);
  });

  it('packages and attaches the .vsix only when editors/vscode exists', () => {
    const vsix = steps.find((step) => step.id === 'vsix')!;
    expect(vsix.if).toBe("hashFiles('editors/vscode/package.json') != ''");
    // Built before it is packaged: the root's npm run vsix (bundle, dependencies, type check, vsce
    // package, whose vscode:prepublish builds the client and the server folder).
    expect(vsix['working-directory']).toBeUndefined();
    expect(vsix.run).toBe('npm run vsix\nmv editors/vscode/sidecar-lint.vsix "$GITHUB_WORKSPACE/sidecar-lint-${{ steps.version.outputs.version }}.vsix"\n');
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(root.scripts.vsix).toBe('npm run build:package && npm --prefix editors/vscode ci --no-audit --no-fund && tsc -p editors/vscode/tsconfig.json && npm --prefix editors/vscode run package');
    const extension = JSON.parse(readFileSync(join(ROOT, 'editors/vscode/package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(extension.scripts['vscode:prepublish']).toBe('node scripts/build.mjs');
    expect(steps[indexOf(/gh release create/)]!.run).toMatch(/shopt -s nullglob[\s\S]*\.\/\*\.vsix/);
  });

  it('refuses a tag that is not the package version, and takes the notes from CHANGELOG.md', () => {
    const check = steps.find((step) => step.id === 'version')!;
    const files = { 'package.json': readFileSync(join(ROOT, 'package.json'), 'utf8'), 'CHANGELOG.md': readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8') };
    const good = runStep(check, { GITHUB_REF_NAME: `v${version}` }, files);
    expect(good.status).toBe(0);
    expect(good.output).toBe(`version=${version}\n`);
    const notes = readFileSync(join(good.dir, 'release-notes.md'), 'utf8');
    expect(notes).toContain('### Added');
    expect(notes).not.toContain(`## [${version}]`);
    expect(runStep(check, { GITHUB_REF_NAME: 'v9.9.9' }, files)).toMatchObject({ status: 1, stdout: `::error title=release::tag v9.9.9 is not the package version v${version}\n` });
    const without = runStep(check, { GITHUB_REF_NAME: `v${version}` }, { ...files, 'CHANGELOG.md': '# Changelog\n\n## [Unreleased]\n' });
    expect(without).toMatchObject({ status: 1, stdout: `::error title=release::CHANGELOG.md has no section ## [${version}]\n` });
  });

  it('moves the major tag: v1.4.2 → v1', () => {
    const step = steps[indexOf(/refs\/tags\/\$major/)]!;
    const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-release-git-'));
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    git('init', '-q', '--bare', 'origin.git');
    git('init', '-q', 'work');
    cpSync(join(ROOT, 'LICENSE'), join(dir, 'work', 'LICENSE'));
    const inWork = (...args: string[]) => spawnSync('git', ['-C', join(dir, 'work'), ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    inWork('add', 'LICENSE');
    inWork('commit', '-qm', 'one');
    inWork('remote', 'add', 'origin', join(dir, 'origin.git'));
    inWork('tag', 'v1.4.2');
    const moved = spawnSync('bash', ['-eo', 'pipefail', '-c', step.run!], { cwd: join(dir, 'work'), encoding: 'utf8', env: { ...process.env, GITHUB_REF_NAME: 'v1.4.2' } });
    expect(moved.status, moved.stderr).toBe(0);
    const tags = spawnSync('git', ['--git-dir', join(dir, 'origin.git'), 'tag'], { encoding: 'utf8' }).stdout;
    expect(tags).toBe('v1\n');
  });
});

describe('what the README and the hook docs pin', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  it('pre-commit rev is the release tag of this version, and the Action is used by its major tag', () => {
    const revs = [...readme.matchAll(/^\s*rev: (\S+)/gm)].map((match) => match[1]);
    expect(revs.length).toBeGreaterThan(0);
    for (const rev of revs) expect(rev).toBe(`v${version}`);
    const uses = [...readme.matchAll(/uses: sidecar-lint\/sidecar-lint@(\S+)/g)].map((match) => match[1]);
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) expect(ref).toBe(`v${version.split('.')[0]}`);
  });
});
