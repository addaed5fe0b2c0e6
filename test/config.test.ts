/** Presets, `ignore:` entries and their glob matching, below the CLI. */
import { join } from 'node:path';
import picomatch from 'picomatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../src/config/config.js';
import { globMatcher } from '../src/config/glob.js';
import { compileIgnore, pathFromBase } from '../src/config/ignore.js';
import { loadRe2 } from '../src/config/re2.js';
import { presetSeverity } from '../src/config/presets.js';
import { defineRule } from '../src/engine/rule.js';
import type { AnyRule, RuleMeta } from '../src/engine/rule.js';
import type { Finding } from '../src/types.js';

// Globs run on re2js, which the config loader loads on demand (src/config/re2.ts).
beforeAll(loadRe2);

function fakeRule(id: string, severity: RuleMeta['severity'], strictSeverity?: RuleMeta['strictSeverity']): AnyRule {
  return defineRule({
    meta: { id, description: `Require ${id}`, severity, ...(strictSeverity ? { strictSeverity } : {}), docs: `rules/${id}.md`, messages: { m: 'x.' } },
    check() {},
  });
}

const RULES = [fakeRule('always-error', 'error'), fakeRule('best-practice', 'warning'), fakeRule('opt-in', 'off', 'warning'), fakeRule('upgraded', 'warning', 'error')];

async function severities(data: Parameters<typeof resolveConfig>[0]): Promise<Record<string, string>> {
  const config = await resolveConfig(data, RULES);
  return Object.fromEntries(config.rules.map((configured) => [configured.rule.meta.id, configured.severity]));
}

describe('presets', () => {
  it('recommended (the default) uses meta.severity; strict uses meta.strictSeverity when set', async () => {
    const recommended = { 'always-error': 'error', 'best-practice': 'warning', upgraded: 'warning' };
    expect(await severities(undefined)).toEqual(recommended);
    expect(await severities({ extends: 'recommended' })).toEqual(recommended);
    expect(await severities({ extends: 'strict' })).toEqual({ 'always-error': 'error', 'best-practice': 'warning', 'opt-in': 'warning', upgraded: 'error' });
    expect((await resolveConfig({ extends: 'strict' }, RULES)).preset).toBe('strict');
  });

  it('lets rules: entries override the preset', async () => {
    expect(await severities({ extends: 'strict', rules: { 'opt-in': 'off', 'best-practice': 'error' } })).toEqual({
      'always-error': 'error',
      'best-practice': 'error',
      upgraded: 'error',
    });
  });

  it('presetSeverity reads the metadata', () => {
    const meta = RULES[2]?.meta;
    expect(meta && [presetSeverity(meta, 'recommended'), presetSeverity(meta, 'strict')]).toEqual(['off', 'warning']);
  });

  it('rejects an unknown preset naming the key', async () => {
    await expect(resolveConfig({ extends: 'loose' } as never, RULES)).rejects.toThrow('invalid config configuration: extends: must be one of recommended, strict');
  });
});

describe('ignore: validation', () => {
  const cases: [unknown, string][] = [
    [{ ignore: [{ path: 'a/*.yaml' }, { kind: 1 }] }, 'ignore[1].kind: must be string'],
    [{ ignore: [{ pathz: 'a' }] }, 'ignore[0]: unknown key "pathz"'],
    [{ ignore: [{ rules: ['always-error'] }] }, 'ignore[0]: give at least one of path, kind, name, namespace'],
    [{ ignore: [{ kind: 'Pod', rules: ['always-error', 'nope'] }] }, 'ignore[0].rules[1]: unknown rule "nope"'],
    [{ ignore: [{ kind: 'Pod', rules: [] }] }, 'ignore[0].rules: must NOT have fewer than 1 items'],
    [{ ignore: { kind: 'Pod' } }, 'ignore: must be array'],
  ];
  it.each(cases)('%j → %s', async (data, message) => {
    const promise = resolveConfig(data as never, RULES);
    await expect(promise).rejects.toBeInstanceOf(ConfigError);
    await expect(promise).rejects.toThrow(message);
  });

  it('accepts parse-error and unused-suppression as rule ids to ignore', async () => {
    const config = await resolveConfig({ ignore: [{ path: 'x', rules: ['parse-error', 'unused-suppression'] }] }, RULES, { cwd: '/work' });
    expect(config.ignore).toHaveLength(1);
    expect(config.baseDir).toBe('/work');
  });

  it('takes the config file folder as the base of path globs', async () => {
    expect((await resolveConfig({}, RULES, { file: '/repo/deploy/.sidecar-lint.yaml', cwd: '/repo' })).baseDir).toBe('/repo/deploy');
  });
});

describe('globMatcher', () => {
  const cases: [string, string, boolean][] = [
    ['charts/**/templates/*.yaml', 'charts/web/templates/deploy.yaml', true],
    ['charts/**/templates/*.yaml', 'charts/web/sub/templates/deploy.yaml', true],
    ['charts/**/templates/*.yaml', 'charts/templates/deploy.yaml', true],
    ['charts/**/templates/*.yaml', 'charts/web/templates/deploy.yml', false],
    ['charts/**/templates/*.yaml', 'charts/web/templates/tests/t.yaml', false],
    ['charts/**/templates/*.yaml', 'other/charts/web/templates/d.yaml', false],
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'dir/a.yaml', false],
    ['**/*.yaml', 'dir/.hidden/a.yaml', true],
    ['{base,overlays}/**', 'overlays/prod/kustomization.yaml', true],
    ['legacy-*', 'legacy-api', true],
    ['legacy-*', 'api-legacy', false],
    ['legacy-?', 'legacy-1', true],
    ['legacy-[0-9]', 'legacy-a', false],
  ];
  it.each(cases)('%s matches %s: %s', (glob, text, expected) => {
    expect(globMatcher(glob)(text)).toBe(expected);
  });

  it('answers as picomatch does on relative paths and names, for every kind of glob', () => {
    // picomatch is the meaning; the RE2 program without picomatch's `.`/`..`/end-of-text assertions
    // must give the same answer wherever the text is a normalized relative path or a non-empty name.
    const globs = ['*', '**', 'a/**', '**/b', 'a/**/b', '?', 'a?b', '[abc]', '[!a-c]x', '[^a]*', '{a,b}/*', '*.{yaml,yml}',
      '+(a|b)', '@(x|y)*', '*(a)', '!a/*', '!*.yaml', 'a/{b,c/**}/d', '\\*x', '**/.hidden/*', '***', 'a/**b', 'charts/**/templates/**',
      '**/*-sidecar*', 'ns-[0-9][0-9]', 'a.b/*.c', '**/a*a*a/**'];
    const texts = ['a', 'b', 'x', 'ax', 'xa', 'a/b', 'a/b/c', 'a/c/d', 'a/b/d', 'a/c/e/d', 'c/b', 'a.yaml', 'a.yml', 'dir/a.yaml', 'aab', 'abb',
      '.hidden', 'dir/.hidden/f', '.a/b', 'a/.b', 'a...b', '...', '*x', 'x*', 'a.b/f.c', 'charts/c/templates/tests/t.yaml', 'log-sidecar-1',
      'ns-42', 'ns-4', 'aaaa/b', 'q/aaa/r/s', 'ab', 'ba', 'yy'];
    for (const glob of globs) {
      const reference = picomatch(glob, { dot: true });
      const ours = globMatcher(glob);
      for (const text of [...texts, '']) expect([glob, text, ours(text)]).toEqual([glob, text, reference(text)]);
    }
  });

  it('matches hostile globs in linear time (picomatch, by backtracking, takes over 10 s)', () => {
    expect(globMatcher('*a*a*a*a*a*a*a*a*b')('a'.repeat(56))).toBe(false);
    expect(globMatcher('**/*a*/**/*a*/**/*a*/**/b')(Array(60).fill('aaaa').join('/'))).toBe(false);
    expect(globMatcher('*a*a*a*a*a*a*a*a*')(`${'a'.repeat(250)}`)).toBe(true);
  });

  it('refuses, as a config error at the entry, a glob that needs lookaround', async () => {
    await expect(resolveConfig({ ignore: [{ name: '!(web)' }] }, RULES)).rejects.toThrow(
      'invalid config configuration: ignore[0].name: glob `!(web)` uses a pattern that needs lookaround, such as `!(…)`: write the names it should match instead');
  });

  it('pathFromBase gives forward-slash paths inside the base and undefined outside', () => {
    expect(pathFromBase('/repo/charts/a/t.yaml', '/repo')).toBe('charts/a/t.yaml');
    expect(pathFromBase('/elsewhere/t.yaml', '/repo')).toBeUndefined();
    expect(pathFromBase('/repo', '/repo')).toBeUndefined();
  });
});

function finding(ruleId: string, object?: Finding['object']): Finding {
  const at = { line: 1, column: 1 };
  return { ruleId, severity: 'error', message: 'x', filePath: 'f', region: { start: at, end: at }, documentIndex: 0, ...(object ? { object } : {}) };
}

describe('compileIgnore', () => {
  const base = '/repo';
  let matcher: ReturnType<typeof compileIgnore>;
  beforeAll(() => {
    matcher = compileIgnore(
      [
        { path: 'charts/**/templates/*.yaml' },
        { kind: 'Secret' },
        { name: 'legacy-*', namespace: 'kube-system', rules: ['always-error'] },
        { path: 'apps/*.yaml', rules: ['parse-error'] },
      ],
      base,
    );
  });
  const pod = (name: string, namespace?: string) => ({ apiVersion: 'v1', kind: 'Pod', name, ...(namespace ? { namespace } : {}) });

  it('skips a file only for an entry that gives nothing but a path', () => {
    expect(matcher.skipsFile(join(base, 'charts/web/templates/d.yaml'))).toBe(true);
    expect(matcher.skipsFile(join(base, 'apps/a.yaml'))).toBe(false);
    expect(matcher.skipsFile(undefined)).toBe(false);
  });

  it('drops findings by kind, by name glob and namespace for the listed rules, and by path and rule', () => {
    const anywhere = matcher.forFile(join(base, 'x.yaml'));
    expect(anywhere?.(finding('always-error', { apiVersion: 'v1', kind: 'Secret', name: 's' }))).toBe(true);
    expect(anywhere?.(finding('always-error', pod('legacy-api', 'kube-system')))).toBe(true);
    expect(anywhere?.(finding('best-practice', pod('legacy-api', 'kube-system')))).toBe(false);
    expect(anywhere?.(finding('always-error', pod('legacy-api', 'default')))).toBe(false);
    expect(anywhere?.(finding('always-error', pod('legacy-api')))).toBe(false);
    expect(anywhere?.(finding('parse-error'))).toBe(false);
    const apps = matcher.forFile(join(base, 'apps/a.yaml'));
    expect(apps?.(finding('parse-error'))).toBe(true);
    expect(apps?.(finding('always-error', pod('web')))).toBe(false);
  });

  it('has no filter for a file no entry can match', () => {
    expect(compileIgnore([{ path: 'a/*.yaml', kind: 'Pod' }], base).forFile(join(base, 'b/c.yaml'))).toBeUndefined();
  });
});
