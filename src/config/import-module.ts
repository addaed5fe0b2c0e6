/**
 * `import()` of a plugin file. The command line's one-file CommonJS build runs compiled through
 * node:vm for V8's code cache (src/cli/compile-cache.ts), where a plain `import()` has no module
 * loader; the launcher hands its own `import` over under this symbol.
 */
const IMPORT_HOOK = Symbol.for('sidecar-lint.import');

export function importModule(url: string): Promise<unknown> {
  const hook = (globalThis as Record<symbol, unknown>)[IMPORT_HOOK] as ((url: string) => Promise<unknown>) | undefined;
  return hook === undefined ? import(url) : hook(url);
}
