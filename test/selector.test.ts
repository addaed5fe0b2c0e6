/** Policy matching: Kubernetes label-selector semantics and name globs. */
import { beforeAll, describe, expect, it } from 'vitest';
import { globToRegExp, matchesSelector } from '../src/config/selector.js';
import { loadRe2 } from '../src/config/re2.js';

// Globs run on re2js, which the config loader loads on demand (src/config/re2.ts).
beforeAll(loadRe2);

describe('matchesSelector', () => {
  const labels = { app: 'web', tier: 'backend', 'sidecar.istio.io/inject': 'true' };

  it('requires every matchLabels pair and every expression', () => {
    expect(matchesSelector({}, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'web', tier: 'backend' } }, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'web', tier: 'frontend' } }, labels)).toBe(false);
    expect(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend'] }] }, labels)).toBe(false);
  });

  it('gives In, NotIn, Exists and DoesNotExist their Kubernetes meaning (a missing label satisfies NotIn)', () => {
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'db'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'Exists' }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
  });
});

describe('globToRegExp', () => {
  it('matches whole names with *, ? and [classes], and nothing else is special', () => {
    expect(globToRegExp('web-*').test('web-frontend')).toBe(true);
    expect(globToRegExp('web-*').test('my-web-frontend')).toBe(false);
    expect(globToRegExp('db-?').test('db-1')).toBe(true);
    expect(globToRegExp('db-?').test('db-12')).toBe(false);
    expect(globToRegExp('node-[ab]').test('node-b')).toBe(true);
    expect(globToRegExp('node-[!ab]').test('node-b')).toBe(false);
    expect(globToRegExp('api.v1').test('apixv1')).toBe(false);
    expect(globToRegExp('a+b(c)').test('a+b(c)')).toBe(true);
  });

  it('runs in linear time: many stars on a long name end at once (a backtracking RegExp takes hours)', () => {
    expect(globToRegExp(`${'*a'.repeat(14)}*b`).test('a'.repeat(60))).toBe(false);
    expect(globToRegExp(`${'*a'.repeat(14)}*b`).test(`${'a'.repeat(60)}b`)).toBe(true);
  });
});
