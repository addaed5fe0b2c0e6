/**
 * Start-up with V8's code cache. The command line is also built as one CommonJS file
 * (dist/bundle/cli.cjs, scripts/bundle.mjs); it is compiled here with the bytecode V8 made for it
 * on an earlier run, so a run does not parse and compile ~2 MB of JavaScript again. Node 20 offers
 * a code cache only to scripts (node:vm), not to ES modules; Node 22's `module.enableCompileCache`
 * is the same idea, and its two variables apply here too: NODE_COMPILE_CACHE names the folder,
 * NODE_DISABLE_COMPILE_CACHE turns the cache off.
 *
 * The cache is one file per bundle (named by the bundle's size and time) in a folder of the user's
 * own (mode 0700; a folder another user owns, or in the temporary folder one others may write to, is
 * not used). V8 rejects a cache made by another V8 or for other source, and it is then written
 * again. It is written after a run, so that it holds the functions the run compiled, and only when
 * it was missing or rejected. A cache that cannot be read or written costs the saving, never the
 * run, and says nothing.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { provideImport } from '../config/import-module.js';

export interface CachedModule<T> {
  readonly exports: T;
  /** Writes the cache when it was missing or rejected; call it once the run's work is done. */
  save(): void;
}

function cacheFolder(): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const uid = process.getuid?.();
  const chosen = process.env.NODE_COMPILE_CACHE;
  const folder = chosen || join(tmpdir(), `sidecar-lint-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stats = statSync(folder);
    if (uid !== undefined && stats.uid !== uid) return undefined;
    // In the shared temporary folder, a folder others may write to could hold bytecode they made.
    if (!chosen && uid !== undefined && (stats.mode & 0o022) !== 0) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Not ours to remove any more: nothing else to do.
  }
}

/** Loads a CommonJS file through V8's code cache (or without it when there is no usable folder). */
export function loadWithCodeCache<T>(file: string): CachedModule<T> {
  // cli.cjs's plugin loader imports ES modules with this `import`: inside a node:vm script it has no loader.
  provideImport((url) => import(url));
  const source = readFileSync(file, 'utf8');
  const folder = cacheFolder();
  const stat = statSync(file);
  const cacheFile = folder === undefined ? undefined : join(folder, `${basename(file)}-${stat.size}-${Math.trunc(stat.mtimeMs)}.v8`);
  const cachedData = cacheFile === undefined ? undefined : readOrUndefined(cacheFile);
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    get exports() {
      return module.exports;
    },
    save() {
      if (cacheFile === undefined || (cachedData !== undefined && !script.cachedDataRejected)) return;
      const partial = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
      } catch {
        // A read-only or full disk: the next run compiles again, and no half-written file stays.
        removeQuietly(partial);
      }
    },
  };
}
