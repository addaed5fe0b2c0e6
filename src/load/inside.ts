/** Whether a path lies in one of some folders: the folder itself or below it, compared as written (give real paths to compare real paths). */
import { sep } from 'node:path';

export function insideAny(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`));
}
