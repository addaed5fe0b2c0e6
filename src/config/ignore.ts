/**
 * Config `ignore:` entries. An entry selects findings by every selector it gives:
 *   path       glob of the file, relative to the config file's folder (`charts/**\/templates/*.yaml`)
 *   kind       the object's kind, exactly
 *   name       glob of the object's name (`legacy-*`)
 *   namespace  glob of the object's namespace
 *   rules      only these rule ids (default: every rule)
 * An entry with only `path` skips the file altogether: it is not even read.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { IgnoreMatcher } from '../engine/lint.js';
import { type GlobMatcher as Matcher, globMatcher } from './glob.js';

export interface IgnoreEntry {
  readonly path?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly rules?: readonly string[];
}

/** `absolutePath` relative to `baseDir` with forward slashes, or undefined when it lies outside. */
export function pathFromBase(absolutePath: string, baseDir: string): string | undefined {
  const rel = relative(baseDir, absolutePath);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

interface CompiledEntry {
  readonly path?: Matcher;
  readonly kind?: string;
  readonly name?: Matcher;
  readonly namespace?: Matcher;
  readonly rules?: ReadonlySet<string>;
  readonly wholeFile: boolean;
}

export function compileIgnore(entries: readonly IgnoreEntry[], baseDir: string): IgnoreMatcher {
  const compiled: CompiledEntry[] = entries.map((entry) => ({
    ...(entry.path !== undefined ? { path: globMatcher(entry.path) } : {}),
    ...(entry.kind !== undefined ? { kind: entry.kind } : {}),
    ...(entry.name !== undefined ? { name: globMatcher(entry.name) } : {}),
    ...(entry.namespace !== undefined ? { namespace: globMatcher(entry.namespace) } : {}),
    ...(entry.rules !== undefined ? { rules: new Set(entry.rules) } : {}),
    wholeFile: entry.path !== undefined && entry.kind === undefined && entry.name === undefined && entry.namespace === undefined && entry.rules === undefined,
  }));
  const relevant = (absolutePath: string | undefined): CompiledEntry[] => {
    const rel = absolutePath === undefined ? undefined : pathFromBase(absolutePath, baseDir);
    return compiled.filter((entry) => entry.path === undefined || (rel !== undefined && entry.path(rel)));
  };
  return {
    skipsFile: (absolutePath) => relevant(absolutePath).some((entry) => entry.wholeFile),
    forFile(absolutePath) {
      const entries = relevant(absolutePath);
      if (entries.length === 0) return undefined;
      return (finding) =>
        entries.some((entry) => {
          if (entry.rules && !entry.rules.has(finding.ruleId)) return false;
          if (entry.kind === undefined && entry.name === undefined && entry.namespace === undefined) return true;
          const object = finding.object;
          if (!object) return false;
          if (entry.kind !== undefined && object.kind !== entry.kind) return false;
          if (entry.name && !entry.name(object.name)) return false;
          if (entry.namespace && !entry.namespace(object.namespace ?? '')) return false;
          return true;
        });
    },
  };
}
