/**
 * bin/sidecar-lint.cjs, the whole tool in one committed file (scripts/bundle-cli.mjs): what bin/ and
 * the GitHub Action run, and what an install from git (pre-commit) gets with no build. It must be
 * what the committed sources build. `npm test` rebuilds it first, so the working copy always is; the
 * check is against the commit: on a checkout whose sources are committed (CI's clean clone), the
 * committed bundle must equal a fresh build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { itWhere } from './helpers/skip.js';

function git(args: readonly string[]) {
  return spawnSync('git', ['-C', ROOT, ...args], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
}

/** Why the commit cannot be checked here: not a git checkout, or sources not committed yet. */
function whyNot(): string | undefined {
  const status = git(['status', '--porcelain', '--', 'src', 'rules', 'scripts', 'package.json', 'package-lock.json']);
  if (status.status !== 0) return 'not a git checkout';
  const changed = status.stdout.toString('utf8').trim();
  if (changed !== '') return `the sources have changes not committed yet (${changed.split('\n').length} paths): commit bin/sidecar-lint.cjs with them`;
  return undefined;
}

itWhere(whyNot(), 'bin/sidecar-lint.cjs at HEAD is what the committed sources build (npm run build:package)', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'sidecar-lint-bundle-')), 'sidecar-lint.cjs');
  const { buildCli } = (await import(join(ROOT, 'scripts', 'bundle-cli.mjs'))) as { buildCli: (file: string) => Promise<void> };
  await buildCli(out);
  const committed = git(['show', 'HEAD:bin/sidecar-lint.cjs']);
  expect(committed.status, 'bin/sidecar-lint.cjs is not committed').toBe(0);
  expect(readFileSync(out).equals(committed.stdout), 'bin/sidecar-lint.cjs at HEAD is out of date: run npm run build:package and commit it').toBe(true);
}, 60_000);
