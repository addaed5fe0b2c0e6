import { describe, expect, it } from 'vitest';
import { isUnder, pathsRead, tailFollowUses } from '../src/model/command-paths.js';
import { tailFollowsIn } from '../src/model/shell.js';

describe('tailFollowsIn', () => {
  it('finds each following tail with its mode and files', () => {
    const found = tailFollowsIn('tail -n 10 -f /a.log; tail -n+1 -F /b.log /c.log > /dev/null');
    expect(found.map(({ flag, byName, files }) => ({ flag, byName, files }))).toEqual([
      { flag: '-f', byName: false, files: ['/a.log'] },
      { flag: '-F', byName: true, files: ['/b.log', '/c.log'] },
    ]);
    expect(tailFollowsIn('tail --follow=name --retry /x')[0]?.byName).toBe(true);
    expect(tailFollowsIn('tail -n 100 /x')).toEqual([]);
  });
});

describe('tailFollowUses', () => {
  it('points at the command or args item holding the follow option', () => {
    const [use] = tailFollowUses({ name: 't', command: ['tail'], args: ['-f', '/var/log/app.log'] });
    expect(use?.item).toMatchObject({ field: 'args', index: 0 });
    const [script] = tailFollowUses({ name: 't', command: ['sh', '-c', 'echo hi; tail -f /x.log'] });
    expect(script?.item).toMatchObject({ field: 'command', index: 2 });
  });

  it('ignores tail -f /dev/null', () => {
    expect(tailFollowUses({ name: 't', args: ['sh', '-c', 'tail -f /dev/null'] })).toEqual([]);
  });
});

describe('pathsRead', () => {
  const read = (command: string[] | undefined, args?: string[]) =>
    pathsRead({ name: 'c', ...(command ? { command } : {}), ...(args ? { args } : {}) }).map(({ path, base, kind, via, item }) => ({
      path,
      base,
      kind,
      via,
      at: `${item.field}[${item.index}]`,
    }));

  it('reads tail and cat operands inside sh -c, loops included', () => {
    expect(read(['sh', '-c', 'while true; do cat /data/a.txt; sleep 5; done; tail -n 5 -F /logs/*.log'])).toEqual([
      { path: '/data/a.txt', base: '/data/a.txt', kind: 'file', via: 'cat', at: 'command[2]' },
      { path: '/logs/*.log', base: '/logs', kind: 'log', via: 'tail', at: 'command[2]' },
    ]);
  });

  it('reads config-file options, inline or separate, for the entrypoint too', () => {
    expect(read(undefined, ['-config.file=/etc/promtail/config.yaml'])).toMatchObject([{ path: '/etc/promtail/config.yaml', kind: 'config', at: 'args[0]' }]);
    expect(read(['fluent-bit'], ['-c', '/fluent-bit/etc/fluent-bit.conf'])).toMatchObject([{ path: '/fluent-bit/etc/fluent-bit.conf', at: 'args[1]' }]);
    expect(read(['otelcol'], ['--config=/conf/otel.yaml'])).toMatchObject([{ via: '--config' }]);
  });

  it('leaves out variables, devices, relative paths and files the script writes', () => {
    expect(read(['sh', '-c', 'tail -F $DIR/a.log /dev/stdin logs/b.log'])).toEqual([]);
    expect(read(['sh', '-c', 'echo start > /tmp/x.log; tail -F /tmp/x.log'])).toEqual([]);
    expect(read(['sh', '-c', 'cat /etc/motd > /out/motd'])).toMatchObject([{ path: '/etc/motd' }]);
  });
});

describe('isUnder', () => {
  it('matches the mount path and what lies below it, not siblings', () => {
    expect(isUnder('/var/log/app/a.log', '/var/log/app')).toBe(true);
    expect(isUnder('/var/log/app', '/var/log/app/')).toBe(true);
    expect(isUnder('/var/log/application/a.log', '/var/log/app')).toBe(false);
    expect(isUnder('/anything', '/')).toBe(true);
  });
});
