/**
 * Where result locations are anchored: the repository root (the nearest folder at or above the
 * working directory that holds `.git`), or the working directory when there is none. SARIF names it
 * `%SRCROOT%`; GitHub resolves annotation paths against the same folder.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { STDIN_NAME } from '../load/inputs.js';

export function findSourceRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

/**
 * A finding's file path (relative to `cwd`) → a path relative to `root` with forward slashes;
 * undefined for standard input.
 */
export function rootRelativePath(filePath: string, cwd: string, root: string): string | undefined {
  if (filePath === STDIN_NAME) return undefined;
  const absolute = isAbsolute(filePath) ? filePath : resolve(cwd, filePath);
  const rel = relative(root, absolute);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** A relative path → a relative URI reference: each segment percent-encoded, slashes kept. */
export function pathToUriReference(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
