/**
 * bin/sidecar-lint.js loads the bundle through V8's code cache (src/cli/compile-cache.ts,
 * src/cli/cache-file.ts): the report never depends on the cache, a broken, planted or unusable cache
 * says nothing and costs start-up time only, and the cache is written once, after a lint run. The
 * real executable, with NODE_COMPILE_CACHE set to a fresh folder (or TMPDIR to a fresh one).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';
import { asOtherUser, itWithOtherUser, OTHER_UID } from './helpers/other-user.js';

const ARGS = ['--format', 'compact', join(ROOT, 'fixtures', 'examples')];
const CACHE_NAME = /^sidecar-lint\.cjs-v\d+\.\d+\.\d+-[\w.-]+-[0-9a-f]{16}\.v8$/;

function freshFolder(): string {
  return mkdtempSync(join(tmpdir(), 'sidecar-lint-cache-'));
}

const uncached = runCli(ARGS, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } });

/** A folder holding the cache file a first run wrote, and that file's path. */
function warmFolder(): { folder: string; cache: string } {
  const folder = freshFolder();
  expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } })).toEqual(uncached);
  const files = readdirSync(folder);
  expect(files).toHaveLength(1);
  return { folder, cache: join(folder, files[0] ?? '') };
}

describe('the code cache', () => {
  it('a first run writes one cache file; the next run reads it and leaves it; both report as a run without it', () => {
    expect(uncached.status).toBe(1);
    // --format compact: one line per finding of fixtures/examples/.
    expect(uncached.stdout.trim().split('\n')).toHaveLength(31);
    expect(uncached.stderr).toBe('');
    const { folder, cache } = warmFolder();
    expect(readdirSync(folder)[0]).toMatch(CACHE_NAME);
    const written = statSync(cache);
    expect(written.size).toBeGreaterThan(100_000);
    expect(written.mode & 0o777).toBe(0o600);
    const second = runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } });
    expect(second).toEqual(uncached);
    expect(statSync(cache).mtimeMs).toBe(written.mtimeMs);
  });

  it('a cache V8 would reject (here: garbage) is written again, and the run reports as without it', () => {
    const { folder, cache } = warmFolder();
    writeFileSync(cache, 'not a code cache');
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } })).toEqual(uncached);
    expect(readFileSync(cache, 'utf8')).not.toBe('not a code cache');
  });

  it('one flipped byte anywhere in the file never reaches V8: the run reports as without it, and the file is written again', () => {
    const { folder, cache } = warmFolder();
    const good = readFileSync(cache);
    for (const position of [3, 40, Math.floor(good.length / 5), Math.floor(good.length / 2), Math.floor((good.length * 4) / 5), good.length - 1]) {
      const damaged = Buffer.from(good);
      damaged[position] = (damaged[position] ?? 0) ^ 0x01;
      writeFileSync(cache, damaged, { mode: 0o600 });
      expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } }), `byte ${position}`).toEqual(uncached);
      expect(readFileSync(cache).equals(damaged), `byte ${position}`).toBe(false);
      // What was written again is a good cache: the next run keeps it.
      const rewritten = readFileSync(cache);
      expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } })).toEqual(uncached);
      expect(readFileSync(cache).equals(rewritten)).toBe(true);
    }
  });

  it('an unusable folder (a file), or NODE_DISABLE_COMPILE_CACHE: no cache, nothing said, the same report', () => {
    const file = join(freshFolder(), 'a-file');
    writeFileSync(file, '');
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: file } })).toEqual(uncached);
    const folder = freshFolder();
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '1' } })).toEqual(uncached);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('odd TMPDIR values (missing, relative, /proc, a file) neither hang nor say anything, and write nothing where the run is', () => {
    const cwd = freshFolder();
    const file = join(cwd, 'a-file');
    writeFileSync(file, '');
    const there = runCli(ARGS, { cwd, env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(there.stdout.trim().split('\n')).toHaveLength(31);
    for (const value of [join(cwd, 'missing'), 'relative', '/proc', file]) {
      expect(runCli(ARGS, { cwd, env: { TMPDIR: value } }), value).toEqual(there);
    }
    expect(readdirSync(cwd)).toEqual(['a-file']);
  });

  it('in the temporary folder, a cache folder others may write to is not used', () => {
    const temporary = freshFolder();
    const shared = join(temporary, `sidecar-lint-compile-cache-${process.getuid?.() ?? ''}`);
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(runCli(ARGS, { env: { TMPDIR: temporary } })).toEqual(uncached);
    expect(readdirSync(shared)).toEqual([]);
    chmodSync(shared, 0o700);
    expect(runCli(ARGS, { env: { TMPDIR: temporary } })).toEqual(uncached);
    expect(readdirSync(shared)).toHaveLength(1);
  });

  it('a NODE_COMPILE_CACHE folder everyone may write to is not used', () => {
    const folder = freshFolder();
    chmodSync(folder, 0o1777);
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } })).toEqual(uncached);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('links are never followed: a NODE_COMPILE_CACHE that is a link is not used; a cache file that is a link is not read, and is replaced', () => {
    const target = freshFolder();
    const link = join(freshFolder(), 'link');
    symlinkSync(target, link);
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: link } })).toEqual(uncached);
    expect(readdirSync(target)).toEqual([]);

    const { folder, cache } = warmFolder();
    const elsewhere = join(freshFolder(), 'cache.v8');
    copyFileSync(cache, elsewhere);
    execFileSync('ln', ['-sf', elsewhere, cache]);
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } })).toEqual(uncached);
    expect(lstatSync(cache).isFile()).toBe(true);
  });

  it('a FIFO in the cache file’s place does not block the run', () => {
    const { folder, cache } = warmFolder();
    execFileSync('rm', [cache]);
    execFileSync('mkfifo', ['-m', '600', cache]);
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } })).toEqual(uncached);
    expect(lstatSync(cache).isFile()).toBe(true);
  });

  it('a cache file others may read or write is not used, and is replaced by one of mode 0600', () => {
    const { folder, cache } = warmFolder();
    chmodSync(cache, 0o666);
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } })).toEqual(uncached);
    expect(statSync(cache).mode & 0o777).toBe(0o600);
  });

  itWithOtherUser('a cache file another user owns is not used, and is replaced by one of ours', () => {
    const { folder, cache } = warmFolder();
    chownSync(cache, OTHER_UID, OTHER_UID);
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } })).toEqual(uncached);
    expect(statSync(cache).uid).toBe(process.getuid?.());
  });

  itWithOtherUser('a link another user plants in the temporary folder, to a folder of ours, is not followed: nothing is written there', () => {
    const temporary = freshFolder();
    chmodSync(temporary, 0o1777);
    const chosen = freshFolder();
    const planted = asOtherUser('ln', ['-s', chosen, join(temporary, `sidecar-lint-compile-cache-${process.getuid?.()}`)]);
    expect(planted.status, planted.stderr).toBe(0);
    expect(runCli(ARGS, { env: { TMPDIR: temporary } })).toEqual(uncached);
    expect(readdirSync(chosen)).toEqual([]);
  });

  it('writing a cache prunes the bundle’s older cache files beyond the newest three, and half-written files over an hour old; other files stay', () => {
    const folder = freshFolder();
    const old = (name: string, hoursAgo: number) => {
      const file = join(folder, name);
      writeFileSync(file, 'old', { mode: 0o600 });
      const time = Date.now() / 1000 - hoursAgo * 3600;
      utimesSync(file, time, time);
    };
    for (let index = 1; index <= 5; index++) old(`sidecar-lint.cjs-v1.0.${index}-1.0-000000000000000${index}.v8`, index);
    old('sidecar-lint.cjs-1793153-1796686739163.v8', 48);
    old('sidecar-lint.cjs-v1.0.0-1.0-0000000000000000.v8.123-abcd.partial', 2);
    old('sidecar-lint.cjs-v1.0.0-1.0-0000000000000000.v8.124-abcd.partial', 0.1);
    old('other-tool.v8', 100);
    expect(runCli(ARGS, { env: { NODE_COMPILE_CACHE: folder } })).toEqual(uncached);
    const left = readdirSync(folder).sort();
    expect(left.filter((name) => !CACHE_NAME.test(name) || name.startsWith('sidecar-lint.cjs-v1.'))).toEqual([
      'other-tool.v8',
      'sidecar-lint.cjs-v1.0.0-1.0-0000000000000000.v8.124-abcd.partial',
      'sidecar-lint.cjs-v1.0.1-1.0-0000000000000001.v8',
      'sidecar-lint.cjs-v1.0.2-1.0-0000000000000002.v8',
      'sidecar-lint.cjs-v1.0.3-1.0-0000000000000003.v8',
    ]);
    expect(left.filter((name) => CACHE_NAME.test(name) && !name.startsWith('sidecar-lint.cjs-v1.'))).toHaveLength(1);
  });

  it('--version and --help write no cache (it would hold little of what a lint run compiles)', () => {
    const folder = freshFolder();
    expect(runCli(['--version'], { env: { NODE_COMPILE_CACHE: folder } }).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(runCli(['--help'], { env: { NODE_COMPILE_CACHE: folder } }).status).toBe(0);
    expect(readdirSync(folder)).toEqual([]);
  });
});
