/**
 * bin/sidecar-lint.js loads the bundle through V8's code cache (src/cli/compile-cache.ts): the
 * report never depends on the cache, a broken or unusable cache says nothing, and the cache is
 * written once, after a lint run. The real executable, with NODE_COMPILE_CACHE set to a fresh folder.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const ARGS = ['--format', 'compact', 'fixtures/examples/'];

function freshFolder(): string {
  return mkdtempSync(join(tmpdir(), 'sidecar-lint-cache-'));
}

const uncached = runCli(ARGS, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } });

describe('the code cache', () => {
  it('a first run writes one cache file; the next run reads it and leaves it; both report as a run without it', () => {
    expect(uncached.status).toBe(1);
    expect(uncached.stdout).toContain('31 problems');
    const folder = freshFolder();
    const first = runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } });
    expect(first).toEqual(uncached);
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^cli\.cjs-\d+-\d+\.v8$/);
    const cache = join(folder, files[0] ?? '');
    const written = statSync(cache);
    expect(written.size).toBeGreaterThan(100_000);
    expect(written.mode & 0o777).toBe(0o600);
    const second = runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } });
    expect(second).toEqual(uncached);
    expect(statSync(cache).mtimeMs).toBe(written.mtimeMs);
  });

  it('a cache V8 rejects (here: garbage) is written again, and the run reports as without it', () => {
    const folder = freshFolder();
    runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } });
    const cache = join(folder, readdirSync(folder)[0] ?? '');
    writeFileSync(cache, 'not a code cache');
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } })).toEqual(uncached);
    expect(readFileSync(cache, 'utf8')).not.toBe('not a code cache');
  });

  it('an unusable folder (a file), or NODE_DISABLE_COMPILE_CACHE: no cache, nothing said, the same report', () => {
    const file = join(freshFolder(), 'a-file');
    writeFileSync(file, '');
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: file } })).toEqual(uncached);
    const folder = freshFolder();
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '1' } })).toEqual(uncached);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('in the temporary folder, a cache folder others may write to is not used', () => {
    const temporary = freshFolder();
    const shared = join(temporary, `sidecar-lint-compile-cache-${process.getuid?.() ?? ''}`.replace(/-$/, ''));
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(runCli(ARGS, { env: { TMPDIR: temporary } })).toEqual(uncached);
    expect(readdirSync(shared)).toEqual([]);
    chmodSync(shared, 0o700);
    expect(runCli(ARGS, { env: { TMPDIR: temporary } })).toEqual(uncached);
    expect(readdirSync(shared)).toHaveLength(1);
  });

  it('--version and --help write no cache (it would hold little of what a lint run compiles)', () => {
    const folder = freshFolder();
    expect(runCli(['--version'], { env: { NODE_COMPILE_CACHE: folder } }).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(runCli(['--help'], { env: { NODE_COMPILE_CACHE: folder } }).status).toBe(0);
    expect(readdirSync(folder)).toEqual([]);
  });
});
