/** This package's name, version and home page, read from its package.json. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  readonly homepage: string;
  /** Folder holding package.json (where `rules/*.md` live). */
  readonly root: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const data = JSON.parse(readFileSync(candidate, 'utf8')) as Partial<PackageInfo>;
      if (data.name === 'sidecar-lint') {
        cached = { name: data.name, version: data.version ?? '0.0.0', homepage: data.homepage ?? '', root: dir };
        return cached;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  cached = { name: 'sidecar-lint', version: '0.0.0', homepage: '', root: process.cwd() };
  return cached;
}

const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:/i;

/**
 * `meta.docs` is a path in this package (built-in rules) or a URL (plugin rules, policies). A
 * `file:` URL (a policy documented by its config file) is left out: it names a path on the machine
 * that ran the linter, which means nothing where the SARIF is viewed.
 */
export function docsUri(homepage: string, docs: string): string | undefined {
  if (/^file:/i.test(docs)) return undefined;
  if (ABSOLUTE_URL.test(docs)) return docs;
  if (homepage === '') return undefined;
  return `${homepage.replace(/#.*$/, '').replace(/\/$/, '')}/blob/main/${docs}`;
}
