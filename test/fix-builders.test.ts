/** The fix builders rules attach: what they match and what they leave alone. */
import { describe, expect, it } from 'vitest';
import { tailFollowByNameFix } from '../src/fix/builders.js';

function byName(item: string): string {
  const fix = tailFollowByNameFix(['args', 0], item);
  return fix ? item.replace(fix.from, fix.to) : item;
}

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
    ['tail -n+1f /a', 'tail -n+1F /a'],
    ['-f', '-F'],
    ['-fn', '-Fn'],
    ['--follow', '-F'],
    ['--follow=descriptor', '-F'],
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
    '-n',
    '--follow=name',
    '/var/log/f',
  ])('leaves %s alone', (script) => {
    expect(byName(script)).toBe(script);
  });
});
