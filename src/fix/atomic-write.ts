/**
 * Replacing a file atomically: the new bytes go to a temporary file in the same directory (same
 * file system), which takes the original's mode and is then renamed over it. A failure at any
 * step removes the temporary file and leaves the original as it was.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface WriteSteps {
  /** Called after the temporary file is written, before the rename (tests inject failures here). */
  readonly beforeRename?: (temporaryPath: string) => Promise<void> | void;
}

export async function writeFileAtomic(path: string, bytes: Uint8Array, steps: WriteSteps = {}): Promise<void> {
  const target = await realpath(path);
  const { mode } = await stat(target);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temporary, 'wx', mode & 0o7777);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await chmod(temporary, mode & 0o7777);
    await steps.beforeRename?.(temporary);
    await rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
