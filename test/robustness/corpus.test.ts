/**
 * The real world: every file of the shared corpus (4,729 manifests, ~230 Helm/Go templates that are
 * not YAML) linted by one run of the CLI. Exit 0 or 1, nothing on stderr, every file in the report,
 * no rule failure, positions inside the files, invalid documents reported once each.
 * Skipped, visibly, where ../shared is not checked out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSource } from '../../src/load/source.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { describeWhere } from '../helpers/skip.js';

const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'bulk');
const present = existsSync(CORPUS);

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

describeWhere(present ? undefined : '../shared/corpus/bulk not found', 'the shared corpus', () => {
  let run: SpawnSyncReturns<string> | undefined;
  let report: JsonFile[] = [];
  const names = present ? readdirSync(CORPUS).filter((name) => /\.(ya?ml|json)$/i.test(name)) : [];

  beforeAll(() => {
    // One process for the whole corpus: what a user's CI run does, and fast.
    run = spawnSync(process.execPath, [BIN, '-f', 'json', CORPUS], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, timeout: 300_000, env: { PATH: process.env.PATH ?? '' } });
    report = run.status === 0 || run.status === 1 ? (JSON.parse(run.stdout) as JsonFile[]) : [];
  }, 300_000);

  it('exits 0 or 1 with nothing on stderr (no stack trace, no internal error)', () => {
    expect(run?.error).toBeUndefined();
    expect(run?.stderr).toBe('');
    expect([0, 1]).toContain(run?.status);
  });

  it('reports every file, and no rule fails on any of them', () => {
    expect(names.length).toBeGreaterThan(4_000);
    expect(report).toHaveLength(names.length);
    const internal = report.flatMap((file) => file.messages.filter((m) => m.ruleId === 'internal-error').map((m) => `${file.filePath}: ${m.message}`));
    expect(internal).toEqual([]);
  });

  it('puts every finding inside its file', () => {
    const outside: string[] = [];
    for (const file of report) {
      if (file.messages.length === 0) continue;
      const lines = readFileSync(file.filePath.startsWith('/') ? file.filePath : join(ROOT, file.filePath), 'utf8').replace(/^\ufeff/, '').split('\n');
      for (const m of file.messages) {
        const inside = (line: number, column: number) => line >= 1 && line <= lines.length && column >= 1 && column <= (lines[line - 1]?.length ?? 0) + 1;
        if (!inside(m.line, m.column) || !inside(m.endLine, m.endColumn)) outside.push(`${file.filePath}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('reports each invalid document once, with its line and column, and still reads the other documents', () => {
    const withErrors = report.filter((file) => file.messages.some((m) => m.ruleId === 'parse-error'));
    expect(withErrors.length).toBeGreaterThan(100);
    let mixed = 0;
    for (const file of withErrors) {
      const name = file.filePath.split('/').at(-1) ?? '';
      const source = loadSource(file.filePath, readFileSync(join(CORPUS, name), 'utf8'));
      const documents = source.problems.map((problem) => problem.documentIndex);
      expect({ file: file.filePath, documents }).toEqual({ file: file.filePath, documents: [...new Set(documents)] });
      expect(file.messages.filter((m) => m.ruleId === 'parse-error')).toHaveLength(source.problems.length);
      for (const m of file.messages) expect(m.line > 0 && m.column > 0).toBe(true);
      if (source.objects.some((object) => !documents.includes(object.documentIndex))) mixed++;
    }
    // Helm charts mix template documents with plain ones: those still give their objects.
    expect(mixed).toBeGreaterThan(0);
  });
});
