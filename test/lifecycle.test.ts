import { describe, expect, it } from 'vitest';
import { containersOf } from '../src/model/containers.js';
import { preStopDelay } from '../src/model/lifecycle.js';
import { networkUse, talksTo } from '../src/model/network-use.js';

describe('preStopDelay', () => {
  it('reads the sleep action and sleeps in an exec hook', () => {
    expect(preStopDelay({ name: 'a', lifecycle: { preStop: { sleep: { seconds: 15 } } } })).toMatchObject({ seconds: 15, kind: 'sleep' });
    expect(
      preStopDelay({ name: 'a', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5 && nginx -s quit; sleep 2'] } } } }),
    ).toMatchObject({ seconds: 7, kind: 'exec', path: ['lifecycle', 'preStop', 'exec', 'command'] });
    expect(preStopDelay({ name: 'a', lifecycle: { preStop: { exec: { command: ['/bin/drain'] } } } })).toBeUndefined();
    expect(preStopDelay({ name: 'a' })).toBeUndefined();
  });
});

describe('networkUse', () => {
  it('sees network tools and URLs, not local steps', () => {
    expect(networkUse('until pg_isready -h db; do sleep 1; done')).toBe('it runs "pg_isready"');
    expect(networkUse('git clone https://example.com/x.git /src')).toBeDefined();
    expect(networkUse('/usr/bin/curl -s http://x')).toBe('it runs "curl"');
    expect(networkUse('chmod -R g+w /data')).toBeUndefined();
  });

  it('matches calls to a container through localhost and its declared ports', () => {
    const [collector] = containersOf({ containers: [{ name: 'otel', image: 'otel/opentelemetry-collector:0.1', ports: [{ containerPort: 4318 }] }] }, ['spec']);
    if (!collector) throw new Error('no container');
    expect(talksTo('curl http://localhost:4318/v1/traces', collector)).toBe(true);
    expect(talksTo('curl http://localhost:43180/', collector)).toBe(false);
  });
});
