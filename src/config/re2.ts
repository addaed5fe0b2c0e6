/**
 * re2js, the linear-time regex engine of `ignore:` globs and of policies' name globs, loaded when a
 * configuration has them: it is 187 kB of the bundle, ~11 ms of start-up to read, that a run
 * without ignore entries or policies never uses. `resolveConfig` and `compilePolicies` load it
 * before anything compiles a glob; policy schemas' `pattern`s load it with policy-regexp.ts.
 */
import type { RE2JS } from 're2js';

let engine: typeof RE2JS | undefined;

export async function loadRe2(): Promise<void> {
  engine ??= (await import('re2js')).RE2JS;
}

/** The engine `loadRe2` loaded; using it before is a programming error of sidecar-lint. */
export function re2(): typeof RE2JS {
  if (engine === undefined) throw new Error('re2js is used before loadRe2() loaded it');
  return engine;
}
