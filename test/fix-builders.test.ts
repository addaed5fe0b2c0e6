/** The fix builders rules attach: what they match and what they leave alone. */
import { describe, expect, it } from 'vitest';
import { TAIL_FOLLOW_BY_DESCRIPTOR } from '../src/fix.js';

const byName = (script: string) => script.replace(TAIL_FOLLOW_BY_DESCRIPTOR, '$1-$2F$3');

describe('tail -f → tail -F', () => {
  it.each([
    ['tail -f /var/log/app.log', 'tail -F /var/log/app.log'],
    ['tail -n 0 -f /a /b', 'tail -n 0 -F /a /b'],
    ['tail -fn 100 /a', 'tail -Fn 100 /a'],
    ['tail -qf /a', 'tail -qF /a'],
    ['tail -fn100 /a', 'tail -Fn100 /a'],
    ['/usr/bin/tail --follow /a', '/usr/bin/tail -F /a'],
    ['tail --follow=descriptor /a', 'tail -F /a'],
    ['mkdir -p /x && tail -f /x/a.log & tail -f /x/b.log', 'mkdir -p /x && tail -F /x/a.log & tail -F /x/b.log'],
    ['set -e; (tail -f /a)', 'set -e; (tail -F /a)'],
  ])('%s', (before, after) => {
    expect(byName(before)).toBe(after);
  });

  it.each([
    'tail -F /a',
    'tail --follow=name /a',
    'kubectl logs --tail=10 -f pod/x',
    'kubectl logs --tail 10 -f pod/x',
    'tail -n 5 /a | grep -f patterns',
    'cat /a; rm -f /b',
    'tail -n 5 /a',
  ])('leaves %s alone', (script) => {
    expect(byName(script)).toBe(script);
  });
});
