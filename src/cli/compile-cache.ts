/**
 * Start-up with V8's code cache. The command line is also built as one CommonJS file
 * (bin/sidecar-lint.cjs, scripts/bundle-cli.mjs); it is compiled here with the bytecode V8 made for it
 * on an earlier run, so a run does not parse and compile ~2 MB of JavaScript again. Node 20 offers
 * a code cache only to scripts (node:vm), not to ES modules; Node 22's `module.enableCompileCache`
 * is the same idea, and its two variables apply here too: NODE_COMPILE_CACHE names the folder,
 * NODE_DISABLE_COMPILE_CACHE turns the cache off.
 *
 * V8 trusts the bytes it is given (one flipped byte can crash every later run), so they never reach
 * it unchecked (`cache-file.ts`): the file is named by the Node and V8 versions and the bundle's
 * hash, carries a SHA-256 of that key and of the bytecode, and is used only when it is a regular
 * file of ours that no one else may read or write, in a folder of ours (not a link) that others may
 * not write to. It is written after a run, so that it holds the functions the run compiled, and only
 * when it was missing or refused; older cache files are then pruned. Whatever goes wrong costs the
 * start-up time the cache would save, never the run, and says nothing.
 */
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { basename, dirname } from 'node:path';
import { Script } from 'node:vm';
import { provideImport } from '../config/import-module.js';
import { cacheFolder, cacheKey, readCache, writeCache } from './cache-file.js';

export interface CachedModule<T> {
  readonly exports: T;
  /** Writes the cache when it was missing or refused; call it once the run's work is done. */
  save(): void;
}

/** Loads a CommonJS file through V8's code cache (or without it when there is no usable folder). */
export function loadWithCodeCache<T>(file: string): CachedModule<T> {
  // The bundle's plugin loader imports ES modules with this `import`: inside a node:vm script it has no loader.
  provideImport((url) => import(url));
  const source = readFileSync(file, 'utf8');
  const folder = cacheFolder(process.env);
  const key = folder === undefined ? undefined : cacheKey(basename(file), source);
  const cachedData = folder === undefined || key === undefined ? undefined : readCache(folder, key);
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData !== undefined ? { cachedData } : {}) });
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    get exports() {
      return module.exports;
    },
    save() {
      if (folder === undefined || key === undefined || (cachedData !== undefined && !script.cachedDataRejected)) return;
      writeCache(folder, key, script.createCachedData());
    },
  };
}
