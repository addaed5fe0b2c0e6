/**
 * The pre-commit hook, installed for real by Debian's `pre-commit` (`.ci/run` installs it): see
 * test/pre-commit-hook.sh. Skipped, visibly, where `pre-commit` is not on PATH.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasPreCommit) {
  console.warn('SKIPPED: pre-commit hook test: `pre-commit` is not on PATH (apt-get install -y pre-commit, then run test/pre-commit-hook.sh).');
}

describe('.pre-commit-hooks.yaml', () => {
  it.skipIf(!hasPreCommit)('pre-commit try-repo fails on a broken manifest with the finding, and passes once it is fixed', () => {
    const result = spawnSync('bash', [join(ROOT, 'test', 'pre-commit-hook.sh'), ROOT], { encoding: 'utf8', timeout: 600_000 });
    expect(result.stderr).not.toMatch(/FAIL/);
    expect(result.stdout).toContain('ok: the hook passes once the manifest is fixed');
    expect(result.status).toBe(0);
  }, 600_000);
});
