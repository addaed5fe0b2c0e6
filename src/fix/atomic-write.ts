/**
 * Replacing a file without losing a byte, an owner or a link. The new bytes go to a temporary file
 * in the same directory (same file system), which takes the original's owner, group and mode and is
 * then renamed over it; a failure at any step removes the temporary file and leaves the original as
 * it was. A symbolic link is written through (the link stays, its target is replaced). The file is
 * written in place instead when a rename would break something: it has other hard links, its owner
 * or group cannot be given to a new file (not root), or its directory takes no new files.
 *
 * Given a snapshot of the file as it was read, the write is refused (`FileChangedError`) when the
 * file changed since (another program saved it meanwhile): checked again just before the rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WriteSteps {
  /** Called after the temporary file is written, before the rename (tests inject failures here). */
  readonly beforeRename?: (temporaryPath: string) => Promise<void> | void;
}

/** What a file was when it was read: its identity, size, modification time and a hash of its bytes. */
export interface FileSnapshot {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly sha256: string;
}

export interface WriteOptions extends WriteSteps {
  /** Refuse the write when the file is no longer what this snapshot recorded. */
  readonly unchangedSince?: FileSnapshot;
}

/** The file changed after it was read: nothing was written. */
export class FileChangedError extends Error {
  readonly code = 'ECHANGED';
  constructor(readonly path: string) {
    super(`${path} changed since it was read`);
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The file's status, taken before reading it, to pair with the bytes read: undefined when it cannot be taken. */
export async function statBeforeRead(path: string): Promise<BigIntStats | undefined> {
  return stat(path, { bigint: true }).catch(() => undefined);
}

export function snapshotOf(stats: BigIntStats, bytes: Uint8Array): FileSnapshot {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs, sha256: sha256(bytes) };
}

/** Throw `FileChangedError` unless the open file still matches the snapshot (status and bytes). */
async function checkUnchanged(handle: FileHandle, path: string, snapshot: FileSnapshot | undefined): Promise<void> {
  if (!snapshot) return;
  const now = await handle.stat({ bigint: true });
  const same = now.dev === snapshot.dev && now.ino === snapshot.ino && now.size === snapshot.size && now.mtimeNs === snapshot.mtimeNs;
  if (!same) throw new FileChangedError(path);
  const bytes = Buffer.alloc(Number(now.size));
  let total = 0;
  while (total < bytes.length) {
    const { bytesRead } = await handle.read(bytes, total, bytes.length - total, total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  if (total !== bytes.length || sha256(bytes) !== snapshot.sha256) throw new FileChangedError(path);
}

/** Overwrite the file's bytes where they are: same inode, so owner, mode and every hard link stay. */
async function writeInPlace(target: string, bytes: Uint8Array, snapshot: FileSnapshot | undefined): Promise<void> {
  const handle = await open(target, 'r+');
  try {
    await checkUnchanged(handle, target, snapshot);
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.truncate(bytes.length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EPERM' || code === 'EACCES';
}

export async function writeFileAtomic(path: string, bytes: Uint8Array, options: WriteOptions = {}): Promise<void> {
  const target = await realpath(path);
  const original = await stat(target, { bigint: true });
  const mode = Number(original.mode & 0o7777n);
  if (original.nlink > 1n) return writeInPlace(target, bytes, options.unchangedSince);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  let created = false;
  try {
    try {
      handle = await open(temporary, 'wx', mode & 0o777);
      created = true;
    } catch (error) {
      // A folder that takes no new files: the file itself may still be writable.
      if (isPermissionError(error)) return await writeInPlace(target, bytes, options.unchangedSince);
      throw error;
    }
    const made = await handle.stat({ bigint: true });
    if (made.uid !== original.uid || made.gid !== original.gid) {
      try {
        await handle.chown(Number(original.uid), Number(original.gid));
      } catch (error) {
        if (!isPermissionError(error)) throw error;
        // Not allowed to give the file away: a new file would change its owner or group.
        await handle.close();
        handle = undefined;
        await unlink(temporary);
        created = false;
        return await writeInPlace(target, bytes, options.unchangedSince);
      }
    }
    await handle.writeFile(bytes);
    await handle.sync();
    // After chown, which clears set-user-ID and set-group-ID bits.
    await handle.chmod(mode);
    await handle.close();
    handle = undefined;
    await options.beforeRename?.(temporary);
    if (options.unchangedSince) {
      const current = await open(target, 'r');
      try {
        await checkUnchanged(current, target, options.unchangedSince);
      } finally {
        await current.close();
      }
    }
    await rename(temporary, target);
    created = false;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (created) await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
