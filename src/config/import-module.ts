/**
 * `import()` of a plugin file. The command line's one-file CommonJS build runs compiled through
 * node:vm for V8's code cache (src/cli/compile-cache.ts), where a plain `import()` has no module
 * loader; the launcher, loaded as an ES module, hands its own `import` over with
 * {@link provideImport}. The two are separate bundles, hence a registered symbol on `globalThis`.
 */
const IMPORT_HOOK = Symbol.for('sidecar-lint.import');

type Importer = (url: string) => Promise<unknown>;

export function provideImport(importer: Importer): void {
  (globalThis as Record<symbol, unknown>)[IMPORT_HOOK] = importer;
}

export function importModule(url: string): Promise<unknown> {
  const hook = (globalThis as Record<symbol, unknown>)[IMPORT_HOOK] as Importer | undefined;
  return hook === undefined ? import(url) : hook(url);
}
