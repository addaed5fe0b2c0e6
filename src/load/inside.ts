/** Whether a path lies in a folder: as written, and as a real path (a link inside that leads out does not count). */
import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';

/** The folder itself or below one of them, compared as written (give real paths to compare real paths). */
export function insideAny(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`));
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** `path` lies in `folder` as written and, where it exists, as a real path. */
export function reallyInside(path: string, folder: string): boolean {
  const absolute = resolve(folder, path);
  return insideAny(absolute, [resolve(folder)]) && insideAny(realOrSelf(absolute), [realOrSelf(folder)]);
}
