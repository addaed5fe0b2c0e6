/**
 * The real-world precision set: public Helm charts, Kustomize overlays and example folders of
 * ../shared/corpus/charts (test/precision/cases.tsv: repository, path, commit and the command that
 * renders each with its sidecars on), every finding labelled right, wrong or debatable with a reason
 * (test/precision/real-world.tsv; docs/precision.md). Renders each case with the real helm and
 * kubectl, lints the output with the default configuration, and fails when a finding labelled wrong
 * comes back, one labelled right disappears, or a finding nobody has labelled appears. Findings are
 * matched by case, source file, rule, object, container and field, not by line, so moving template
 * lines (src/render/) changes nothing here. Skipped, visibly, when ../shared is not beside the project.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { keyOf, lintCase, readCases, readTsv } from './helpers/precision-cases.js';
import type { Observed } from './helpers/precision-cases.js';
import { HELM, KUBECTL } from './helpers/tools.js';
import { itWhere } from './helpers/skip.js';

const ROOT = join(import.meta.dirname, '..');
const CHARTS = [join(ROOT, '..', 'shared', 'corpus', 'charts'), join(ROOT, '..', '..', 'shared', 'corpus', 'charts')].find((dir) => existsSync(dir));
const cases = readCases(join(ROOT, 'test', 'precision', 'cases.tsv'));
const labels = readTsv(join(ROOT, 'test', 'precision', 'real-world.tsv'));

type Verdict = 'right' | 'wrong' | 'debatable';
const byKey = new Map(labels.map((row) => [keyOf({ case: row.case ?? '', path: row.path ?? '', rule: row.rule ?? '', object: row.object ?? '', container: row.container ?? '', field: row.field ?? '' }), row] as const));

describe('the real-world set (test/precision/cases.tsv, real-world.tsv)', () => {
  it('holds at least 15 charts, 4 overlays and 3 example folders, each with its repository and commit', () => {
    const count = (kind: string) => new Set(cases.filter((item) => item.kind === kind).map((item) => (kind === 'chart' ? item.folder : item.id))).size;
    expect(count('chart')).toBeGreaterThanOrEqual(15);
    expect(count('overlay')).toBeGreaterThanOrEqual(4);
    expect(new Set(cases.filter((item) => item.kind === 'overlay').map((item) => item.folder)).size).toBeGreaterThanOrEqual(4);
    expect(count('examples')).toBeGreaterThanOrEqual(3);
    for (const item of cases) expect(item.commit, item.id).toMatch(/^[0-9a-f]{40}$/);
  });

  it('labels every finding with a verdict and a one-line reason, and the case it belongs to', () => {
    const ids = new Set(cases.map((item) => item.id));
    for (const row of labels) {
      expect(['right', 'wrong', 'debatable'], `${row.case} ${row.rule}`).toContain(row.verdict);
      expect((row.reason ?? '').length, `${row.case} ${row.rule}: reason`).toBeGreaterThan(10);
      expect(ids.has(row.case ?? ''), `${row.case}: a case of cases.tsv`).toBe(true);
      const item = cases.find((candidate) => candidate.id === row.case);
      expect([row.repository, row.commit], `${row.case}: repository and commit`).toEqual([item?.repository, item?.commit]);
    }
    expect(byKey.size).toBe(labels.length);
  });

  itWhere(
    CHARTS === undefined ? '../shared/corpus/charts not found' : undefined,
    'on ../shared/corpus/charts: no finding labelled wrong comes back, none labelled right disappears, none is unlabelled',
    async () => {
      const config = await resolveConfig(undefined, builtinRules);
      const found: Observed[] = [];
      for (const item of cases) {
        const { findings, problems } = lintCase(item, CHARTS ?? '', { helm: HELM, kubectl: KUBECTL }, config);
        // Only the consul fixtures' five folders fail upstream (SOURCES.md: a missing base, an ambiguous patch).
        if (item.id !== 'consul-acceptance-fixtures') expect(problems, item.id).toEqual([]);
        else expect(problems).toHaveLength(5);
        found.push(...findings);
      }
      const keys = new Set(found.map(keyOf));
      const verdictOf = (key: string): Verdict | undefined => byKey.get(key)?.verdict as Verdict | undefined;
      const show = (key: string) => `${key} (${byKey.get(key)?.reason ?? found.find((item) => keyOf(item) === key)?.message ?? ''})`;
      expect([...byKey.keys()].filter((key) => verdictOf(key) === 'wrong' && keys.has(key)).map(show), 'findings labelled wrong are reported again').toEqual([]);
      expect([...byKey.keys()].filter((key) => verdictOf(key) === 'right' && !keys.has(key)).map(show), 'findings labelled right are no longer reported').toEqual([]);
      expect([...keys].filter((key) => !byKey.has(key)).map(show), 'findings nobody has labelled: add them to test/precision/real-world.tsv').toEqual([]);
      // No wrong error, and each warning rule right at least 90 % of the time (debatable counts as not right).
      const reported = [...keys].map((key) => ({ rule: key.split('|')[2] ?? '', verdict: verdictOf(key) }));
      for (const rule of new Set(reported.map((item) => item.rule))) {
        const all = reported.filter((item) => item.rule === rule);
        const right = all.filter((item) => item.verdict === 'right').length;
        expect(right / all.length, `${rule}: ${right} right of ${all.length}`).toBeGreaterThanOrEqual(0.9);
      }
    },
    180_000,
  );
});
