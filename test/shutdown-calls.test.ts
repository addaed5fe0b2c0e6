/**
 * The calls a Job's main container makes to stop a classic sidecar, and whether they run
 * (src/model/shutdown-calls.ts): a command of its own runs; one folded into the command before it
 * (YAML's `>` joins lines with spaces) does not.
 */
import { describe, expect, it } from 'vitest';
import { shutdownCalls } from '../src/model/shutdown-calls.js';

const runs = (script: string) => shutdownCalls(script).map((call) => [call.url, call.runs, call.argumentOf ?? null]);

describe('shutdownCalls', () => {
  it.each([
    ['./job.sh; curl -fsS -X POST http://localhost:15020/quitquitquit', 'http://localhost:15020/quitquitquit'],
    ['./job.sh && curl -X POST localhost:15020/quitquitquit', 'localhost:15020/quitquitquit'],
    ['./job.sh\ncurl -X POST 127.0.0.1:9091/quitquitquit\n', '127.0.0.1:9091/quitquitquit'],
    ["trap 'curl -sf -XPOST http://127.0.0.1:15020/quitquitquit' EXIT; ./job", 'http://127.0.0.1:15020/quitquitquit'],
    ['if ./job; then wget -q -O- --post-data= http://localhost:4191/shutdown; fi', 'http://localhost:4191/shutdown'],
    ['timeout 10 curl -X POST http://localhost:3500/v1.0/shutdown', 'http://localhost:3500/v1.0/shutdown'],
    ['X=1 curl -X POST "http://localhost:15000/quitquitquit"', 'http://localhost:15000/quitquitquit'],
  ])('%s: runs', (script, url) => {
    expect(runs(script)).toEqual([[url, true, null]]);
  });

  it('a call folded into the arguments of the command before it does not run', () => {
    expect(runs('./migrate.sh --all curl -fsS -X POST http://localhost:15020/quitquitquit\n')).toEqual([['http://localhost:15020/quitquitquit', false, './migrate.sh']]);
    expect(runs('python export.py wget -q -O- http://127.0.0.1:9091/quitquitquit')).toEqual([['http://127.0.0.1:9091/quitquitquit', false, 'python']]);
  });

  it('gives no verdict on a client right after another command (a wrapper that may run it) or a URL no client calls', () => {
    expect(runs('./with-retries.sh curl -X POST http://localhost:15020/quitquitquit')).toEqual([]);
    expect(runs('echo see http://localhost:15020/quitquitquit')).toEqual([]);
    expect(runs('# curl -X POST localhost:15020/quitquitquit\n./job')).toEqual([]);
  });

  it('knows which sidecar each endpoint stops', () => {
    const [istio] = shutdownCalls('curl -X POST localhost:15020/quitquitquit');
    const [linkerd] = shutdownCalls('curl -X POST localhost:4191/shutdown');
    const [other] = shutdownCalls('curl -X POST localhost:8080/shutdown');
    expect(istio?.stops).toContain('Istio proxy');
    expect(linkerd?.stops).toEqual(['Linkerd proxy']);
    expect(other).toBeUndefined();
  });
});
