/**
 * The pre-commit hook, installed for real by each pre-commit found (test/pre-commit-hook.sh):
 * pre-commit 3 installs a `language: node` hook with `npm install` and `npm pack` in a clone;
 * pre-commit 4 with `npm install -g git+file://<clone>` (pre_commit/languages/node.py,
 * pre-commit/pre-commit v4.6.2), where npm prepares a git dependency that has a `build`, `prepare`,
 * `prepack` or install script by installing it globally first (npm/pacote lib/git.js `#prepareDir`,
 * v21.0.4), so that `tsc` is not found (npm/cli#8440). The package has no such script: a git install
 * runs the committed one-file bundle (bin/load-cli.js).
 *
 * Where they come from: `pre-commit` on PATH, node_modules/.cache/pre-commit-4/bin/pre-commit (made
 * by .ci/run), and SIDECAR_LINT_PRE_COMMIT (paths separated by ":"). With CI set, both 3.x and 4.x
 * must be there; elsewhere a missing one is a skip that says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { itWhere } from './helpers/skip.js';


const candidates = [
  'pre-commit',
  join(ROOT, 'node_modules/.cache/pre-commit-4/bin/pre-commit'),
  ...(process.env.SIDECAR_LINT_PRE_COMMIT ?? '').split(':').filter((path) => path !== ''),
];

/** The major version of each pre-commit that runs, the first found of each. */
const found = new Map<number, string>();
for (const binary of candidates) {
  if (binary.includes('/') && !existsSync(binary)) continue;
  const version = /^pre-commit (\d+)\./.exec(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1];
  if (version !== undefined && !found.has(Number(version))) found.set(Number(version), binary);
}

describe('.pre-commit-hooks.yaml', () => {
  itWhere(process.env.CI ? undefined : 'CI is not set (outside CI, a missing pre-commit is a skip)', 'runs under pre-commit 3 and 4 in CI', () => {
    expect([...found.keys()].sort(), 'CI needs pre-commit 3.x on PATH and 4.x (see .ci/run)').toEqual(expect.arrayContaining([3, 4]));
  });

  for (const major of [3, 4]) {
    const binary = found.get(major);
    const missing = binary === undefined ? `no pre-commit ${major}.x found (${major === 3 ? 'apt-get install pre-commit' : 'pip install "pre-commit>=4"'}, or SIDECAR_LINT_PRE_COMMIT=/path/to/pre-commit)` : undefined;
    itWhere(missing, `pre-commit ${major}.x: try-repo installs the hook, fails on a broken manifest with the finding, passes once it is fixed`, () => {
      const result = spawnSync('bash', [join(ROOT, 'test', 'pre-commit-hook.sh'), ROOT], { encoding: 'utf8', timeout: 600_000, env: { ...process.env, PRE_COMMIT: binary } });
      expect(result.stderr).not.toMatch(/FAIL/);
      expect(result.stdout).toContain('ok: the hook passes once the manifest is fixed');
      expect(result.status).toBe(0);
    }, 600_000);
  }
});
