/**
 * The labelled precision set: findings on real manifests of ../shared/corpus/bulk, each read and
 * marked right, wrong or debatable with a reason (test/precision/labels.tsv; docs/precision.md).
 * Lints those files with the default configuration and fails when a finding marked wrong comes back
 * or one marked right disappears. Skipped, visibly, when ../shared is not beside the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { itWhere } from './helpers/skip.js';

const ROOT = join(import.meta.dirname, '..');
const BULK = [join(ROOT, '..', 'shared', 'corpus', 'bulk'), join(ROOT, '..', '..', 'shared', 'corpus', 'bulk')].find((dir) => existsSync(dir));

type Label = 'right' | 'wrong' | 'debatable';

interface Row {
  readonly file: string;
  readonly rule: string;
  readonly line: number;
  readonly column: number;
  readonly label: Label;
  readonly reason: string;
}

function readLabels(): Row[] {
  const [header, ...lines] = readFileSync(join(ROOT, 'test', 'precision', 'labels.tsv'), 'utf8').trimEnd().split('\n');
  expect(header).toBe('file\trule\tline\tcolumn\tlabel\treason');
  return lines.map((line) => {
    const [file = '', rule = '', lineText = '', columnText = '', label = '', reason = ''] = line.split('\t');
    return { file, rule, line: Number(lineText), column: Number(columnText), label: label as Label, reason };
  });
}

const rows = readLabels();
const key = (rule: string, line: number, column: number): string => `${rule}@${line}:${column}`;

describe('the labelled set (test/precision/labels.tsv)', () => {
  it('has at least 300 labelled findings, each with a label and a one-line reason', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    for (const row of rows) {
      expect(['right', 'wrong', 'debatable'], `${row.file} ${row.rule}`).toContain(row.label);
      expect(row.reason.length, `${row.file} ${row.rule}: reason`).toBeGreaterThan(10);
      expect(Number.isInteger(row.line) && Number.isInteger(row.column), `${row.file} ${row.rule}: position`).toBe(true);
    }
  });

  itWhere(
    BULK === undefined ? '../shared/corpus/bulk not found' : undefined,
    'on ../shared/corpus/bulk: no finding marked wrong comes back, none marked right disappears',
    async () => {
      const config = await resolveConfig(undefined, builtinRules);
      const files = [...new Set(rows.map((row) => row.file))];
      const found = new Map<string, Set<string>>();
      for (const file of files) {
        const text = readFileSync(join(BULK ?? '', file), 'utf8');
        found.set(file, new Set(lintText(file, text, config).map((finding) => key(finding.ruleId, finding.region.start.line, finding.region.start.column))));
      }
      const cameBack = rows.filter((row) => row.label === 'wrong' && found.get(row.file)?.has(key(row.rule, row.line, row.column)));
      const lost = rows.filter((row) => row.label === 'right' && !found.get(row.file)?.has(key(row.rule, row.line, row.column)));
      const show = (list: readonly Row[]): string[] => list.map((row) => `${row.file}:${row.line}:${row.column} ${row.rule} (${row.reason})`);
      expect(show(cameBack), 'findings labelled wrong are reported again').toEqual([]);
      expect(show(lost), 'findings labelled right are no longer reported').toEqual([]);
    },
  );
});
