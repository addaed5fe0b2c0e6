/**
 * Field paths across copies of one object: the value at a path, value equality, and a rendered
 * path carried into a source (a base, a patch), list items matched by `name` or by equal content.
 */
import type { Path } from '../types.js';
import { isRecord } from '../load/values.js';

export const MISSING = Symbol('missing');

export function valueAt(root: unknown, path: Path): unknown {
  let value: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'number') value = Array.isArray(value) && segment < value.length ? value[segment] : MISSING;
    else value = isRecord(value) && Object.hasOwn(value, segment) ? value[segment] : MISSING;
    if (value === MISSING) return MISSING;
  }
  return value;
}

/** The longest start of `path` that exists in `root`. */
export function existingPrefix(root: unknown, path: Path): Path {
  for (let length = path.length; length > 0; length--) {
    if (valueAt(root, path.slice(0, length)) !== MISSING) return path.slice(0, length);
  }
  return [];
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
  }
  return false;
}

export function isLeaf(value: unknown): boolean {
  return !Array.isArray(value) && !isRecord(value);
}

/**
 * `path` (in the rendered object) as a path in `target`, or undefined where it leaves `target`.
 * A list item is the target's item of the same `name`, or the item at the same index when both are
 * equal: no other guess.
 */
export function carryPath(rendered: unknown, target: unknown, path: Path): Path | undefined {
  const carried: (string | number)[] = [];
  let from: unknown = rendered;
  let to: unknown = target;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(from) || !Array.isArray(to)) return undefined;
      const item: unknown = from[segment];
      const name = isRecord(item) && typeof item.name === 'string' ? item.name : undefined;
      const index = name !== undefined ? to.findIndex((other) => isRecord(other) && other.name === name) : sameValue(to[segment], item) ? segment : -1;
      if (index < 0) return undefined;
      carried.push(index);
      from = item;
      to = to[index];
    } else {
      if (!isRecord(from) || !isRecord(to) || !Object.hasOwn(to, segment)) return undefined;
      carried.push(segment);
      from = from[segment];
      to = to[segment];
    }
  }
  return carried;
}
