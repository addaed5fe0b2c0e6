/**
 * The house as drawn in docs/architecture.md: one folder per stage of a run, imports pointing one
 * way (cli → config → rules → engine → model → load; report and fix beside the engine), and no
 * module importing itself back through others. Type-only imports count: a type cycle is still a
 * knot a reader has to untie.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Which layers each layer may import. `types` is the one leaf module of shared value types. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  index: ['cli', 'config', 'rules', 'engine', 'report', 'fix', 'render', 'model', 'load', 'types'],
  cli: ['lsp', 'config', 'rules', 'engine', 'report', 'fix', 'render', 'model', 'load', 'types'],
  // The language server: a front end beside the command line, which starts it and hands it its streams.
  lsp: ['config', 'rules', 'engine', 'report', 'fix', 'render', 'model', 'load', 'types'],
  config: ['rules', 'engine', 'model', 'load', 'types'],
  rules: ['engine', 'fix', 'model', 'load', 'types'],
  report: ['engine', 'model', 'load', 'types'],
  fix: ['engine', 'render', 'model', 'load', 'types'],
  engine: ['render', 'model', 'load', 'types'],
  render: ['load', 'types'],
  model: ['load', 'types'],
  load: ['types'],
  types: [],
};

function layerOf(file: string): string {
  const path = relative(root, file);
  if (path === 'src/index.ts') return 'index';
  if (path === 'src/types.ts') return 'types';
  const [top, stage] = path.split('/');
  if (top === 'rules') return 'rules';
  if (top === 'src' && stage !== undefined && stage in ALLOWED && !stage.endsWith('.ts')) return stage;
  throw new Error(`${path} is in no layer: put it in one of src/{${Object.keys(ALLOWED).join(',')}}/`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Relative imports of a file (static, type-only, re-exports and dynamic), as absolute `.ts` paths. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name).replace(/\.js$/, '.ts'));
}

const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'rules'))];
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('architecture', () => {
  it('finds the modules and their imports', () => {
    // A guard for the test itself: an import scan that saw nothing would pass every check below.
    expect(files.length).toBeGreaterThan(60);
    expect(graph.get(join(root, 'src/engine/lint-source.ts'))).toContain(join(root, 'src/model/containers.ts'));
  });

  it('has no module outside the stage folders', () => {
    const stray = files.filter((file) => {
      try {
        layerOf(file);
        return false;
      } catch {
        return true;
      }
    });
    expect(stray.map((file) => relative(root, file))).toEqual([]);
  });

  it('imports only in the drawn directions', () => {
    const against: string[] = [];
    for (const [file, imports] of graph) {
      const from = layerOf(file);
      for (const target of imports) {
        const to = layerOf(target);
        if (to !== from && !ALLOWED[from]?.includes(to)) against.push(`${relative(root, file)} (${from}) imports ${relative(root, target)} (${to})`);
      }
    }
    expect(against).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const target of graph.get(file) ?? []) {
        if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].map((f) => relative(root, f)).join(' → '));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('keeps process (argv, exit, env, stdio) to the command line', () => {
    const users = files.filter((file) => layerOf(file) !== 'cli' && /\bprocess\.(argv|exit|env|stdout|stderr|exitCode)\b/.test(readFileSync(file, 'utf8')));
    expect(users.map((file) => relative(root, file))).toEqual([]);
  });
});
