/**
 * The code cache's folder and files (for `compile-cache.ts`), read and written so that nothing
 * another user or a damaged disk left there reaches V8:
 *
 * - the folder: NODE_COMPILE_CACHE, or `sidecar-lint-compile-cache-<uid>` in the temporary folder;
 *   an absolute path, made without creating its parents (`TMPDIR=/proc` or a missing folder is no
 *   cache, never a loop), and used only when `lstat` says it is a directory (not a link) of ours
 *   that others may not write to (in the temporary folder: nor its group);
 * - a file: `<bundle>-<node>-<v8>-<bundle hash>.v8`, opened with O_NOFOLLOW and O_NONBLOCK (a link
 *   or a FIFO is no cache, and no wait), used only when `fstat` of that descriptor says it is a
 *   regular file of ours with no permission for anyone else, and when its SHA-256 over the key and
 *   the bytecode is right;
 * - written to a new file (O_EXCL, mode 0600) renamed into place; the oldest files of the bundle's
 *   name beyond the newest few are removed then.
 *
 * Every function here fails silently: undefined, or nothing written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

const MAGIC = Buffer.from('sidecar-lint code cache 1\n');
const DIGEST_BYTES = 32;
/** A cache is about 1 MB; a file far larger is not one of ours. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Cache files of other versions kept beside the current one (two projects pinning two versions). */
const KEEP_OTHERS = 3;
/** A half-written file older than this was left by a run that died. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;

export interface CacheKey {
  /** The file's name in the folder. */
  readonly name: string;
  /** What the name says (versions, bundle hash): checksummed with the bytecode. */
  readonly text: string;
  /** Names of this bundle's cache files, current and older: `sidecar-lint.cjs-`. */
  readonly prefix: string;
}

function sha256(...parts: (string | Uint8Array)[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** The key of a bundle's cache: Node's and V8's versions and the hash of the source. */
export function cacheKey(bundleName: string, source: string): CacheKey {
  const text = `${process.version}-${process.versions.v8}-${sha256(source).toString('hex').slice(0, 16)}`;
  return { name: `${bundleName}-${text}.v8`, text, prefix: `${bundleName}-` };
}

/** The folder to keep the cache in, or undefined when there is none to use safely. */
export function cacheFolder(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const uid = process.getuid?.();
  // No uid (Windows): nothing to check ownership against, so no cache.
  if (env.NODE_DISABLE_COMPILE_CACHE || uid === undefined) return undefined;
  const chosen = env.NODE_COMPILE_CACHE;
  const folder = chosen || join(tmpdir(), `sidecar-lint-compile-cache-${uid}`);
  // A relative TMPDIR or NODE_COMPILE_CACHE would put the cache in whatever folder the run is in.
  if (!isAbsolute(folder)) return undefined;
  try {
    mkdirSync(folder, { mode: 0o700 });
  } catch {
    // There already (checked below), or not to be made: no cache.
  }
  try {
    const stats = lstatSync(folder);
    if (!stats.isDirectory() || stats.uid !== uid) return undefined;
    // In the shared temporary folder, not even the group; a folder of the user's choosing, not everyone.
    return (stats.mode & (chosen ? 0o002 : 0o022)) === 0 ? folder : undefined;
  } catch {
    return undefined;
  }
}

/** The bytecode of `key` in `folder`, or undefined when it is missing or not to be trusted. */
export function readCache(folder: string, key: CacheKey): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(join(folder, key.name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.uid !== process.getuid?.() || (stats.mode & 0o077) !== 0 || stats.size > MAX_CACHE_BYTES) return undefined;
    const bytes = Buffer.allocUnsafe(stats.size);
    let total = 0;
    while (total < bytes.length) {
      const read = readSync(fd, bytes, total, bytes.length - total, null);
      if (read === 0) return undefined;
      total += read;
    }
    const header = MAGIC.length + DIGEST_BYTES;
    if (bytes.length <= header || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const payload = bytes.subarray(header);
    return sha256(key.text, payload).equals(bytes.subarray(MAGIC.length, header)) ? payload : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Not ours to remove any more: nothing else to do.
  }
}

/** Writes the bytecode of `key`, then prunes older cache files of the same bundle. */
export function writeCache(folder: string, key: CacheKey, payload: Buffer): void {
  const partial = join(folder, `${key.name}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  let fd: number | undefined;
  try {
    fd = openSync(partial, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    for (const part of [MAGIC, sha256(key.text, payload), payload]) {
      for (let written = 0; written < part.length; ) written += writeSync(fd, part, written);
    }
    closeSync(fd);
    fd = undefined;
    renameSync(partial, join(folder, key.name));
  } catch {
    // A read-only or full disk: the next run compiles again, and no half-written file stays.
    if (fd !== undefined) closeSync(fd);
    removeQuietly(partial);
    return;
  }
  prune(folder, key);
}

function prune(folder: string, key: CacheKey): void {
  try {
    const now = Date.now();
    const others: { file: string; mtimeMs: number }[] = [];
    for (const name of readdirSync(folder)) {
      if (!name.startsWith(key.prefix) || name === key.name) continue;
      const file = join(folder, name);
      const stats = lstatSync(file);
      if (!stats.isFile() || stats.uid !== process.getuid?.()) continue;
      if (name.endsWith('.v8')) others.push({ file, mtimeMs: stats.mtimeMs });
      else if (name.endsWith('.partial') && now - stats.mtimeMs > STALE_PARTIAL_MS) removeQuietly(file);
    }
    others.sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const { file } of others.slice(KEEP_OTHERS)) removeQuietly(file);
  } catch {
    // A folder that cannot be listed keeps its files.
  }
}
