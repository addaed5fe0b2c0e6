/**
 * A walk below a folder that a hostile repository cannot make long or lead elsewhere: folders are
 * entered only as themselves (a link to a folder is not followed), no deeper than `maxDepth`, and
 * at most `maxEntries` directory entries are read in all (a folder of a million entries is read no
 * further than that). Files are named, not read: whoever reads them checks what they are.
 */
import { opendirSync } from 'node:fs';
import { join } from 'node:path';

export interface WalkLimits {
  /** Folder levels below the root that are entered (0: the root's own entries only). */
  readonly maxDepth: number;
  /** Directory entries read in all. */
  readonly maxEntries: number;
}

export interface Walked {
  /** Paths of the entries that are files or links, whose relative path `wanted` accepted, in walk order. */
  readonly files: string[];
  /** True when a limit stopped the walk before it saw everything. */
  readonly truncated: boolean;
}

/**
 * Files below `root` (or links, which the reader must check), relative paths with `/`: `enter`
 * says which folders to go into, `wanted` which files to name.
 */
export function walkBelow(root: string, limits: WalkLimits, enter: (relative: string) => boolean, wanted: (relative: string) => boolean): Walked {
  const files: string[] = [];
  let entries = 0;
  let truncated = false;
  const visit = (dir: string, relative: string, depth: number): void => {
    let handle;
    try {
      handle = opendirSync(dir);
    } catch {
      return;
    }
    const folders: string[] = [];
    const found: string[] = [];
    try {
      for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) {
        if (++entries > limits.maxEntries) {
          truncated = true;
          break;
        }
        const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory()) {
          if (depth < limits.maxDepth && enter(path)) folders.push(entry.name);
          else if (depth >= limits.maxDepth && enter(path)) truncated = true;
        } else if ((entry.isFile() || entry.isSymbolicLink()) && wanted(path)) found.push(entry.name);
      }
    } finally {
      handle.closeSync();
    }
    // Sorted, so that what is found does not depend on the order the file system lists.
    for (const name of found.sort()) files.push(join(dir, name));
    for (const name of folders.sort()) {
      if (truncated) return;
      visit(join(dir, name), relative === '' ? name : `${relative}/${name}`, depth + 1);
    }
  };
  visit(root, '', 0);
  return { files, truncated };
}
