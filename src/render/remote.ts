/**
 * Remote resources of a kustomization: a `resources:`, `bases:` or `components:` entry that is not
 * a path in the repository but a URL, a git repository (`git@host:org/repo`, `github.com/org/repo//dir?ref=v1`)
 * or anything else Kustomize would fetch. sidecar-lint does not reach the network unless the config
 * says `kustomize: {allowRemote: true}`: without it, a tree with one is not built, and its finding
 * points at the entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSource } from '../load/source.js';

export interface RemoteEntry {
  /** The kustomization file that names it. */
  readonly file: string;
  readonly key: string;
  readonly index: number;
  readonly value: string;
}

/** `https://…`, `ssh://…`, `git::…`, `git@host:…`, `host.tld/…`, `…?ref=…`, `repo//dir`: not a local path. */
const REMOTE = /^[a-z][a-z0-9+.-]*:(?:\/\/|:)|^[^\s/@]+@[^\s/:]+:|^[^\s/]*[^\s/.]\.[a-z]{2,}(?::\d+)?\/|\?(?:ref|version|timeout|submodules)=|[^:]\/\/./i;

/** True when `entry`, written in the kustomization of `dir`, is something Kustomize would fetch, not a path there. */
export function isRemote(entry: string, dir: string): boolean {
  return REMOTE.test(entry) && !existsSync(resolve(dir, entry));
}

/** What the refused tree's finding says, and where: at the first remote entry. */
export function remoteRefusal(entries: readonly RemoteEntry[]): { message: string; file: string; line?: number; column?: number } {
  const [first, ...rest] = entries;
  if (first === undefined) throw new Error('remoteRefusal needs an entry');
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more)`;
  const message = `Kustomization not rendered: ${first.key}[${first.index}] ${JSON.stringify(first.value)} is a remote resource${more}, and sidecar-lint does not reach the network unless the config allows it: kustomize: {allowRemote: true}.`;
  try {
    const { start } = loadSource(first.file, readFileSync(first.file, 'utf8')).resolve(0, [first.key, first.index]).region;
    return { message, file: first.file, line: start.line, column: start.column };
  } catch {
    return { message, file: first.file };
  }
}
