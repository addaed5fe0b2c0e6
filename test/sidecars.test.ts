import { describe, expect, it } from 'vitest';
import { containersOf } from '../src/model/containers.js';
import { describeSidecar, isLogReader, isOnRequestPath, isSelfContained, isSidecar, sidecarHelper } from '../src/model/sidecars.js';

const [shipper, setup, app, envoy, tailer, keepAlive] = containersOf(
  {
    initContainers: [
      { name: 'shipper', image: 'fluent/fluent-bit:3.1', restartPolicy: 'Always' },
      { name: 'setup', image: 'busybox', command: ['sh', '-c', 'cp /a /b'] },
    ],
    containers: [
      { name: 'app', image: 'example.com/app:1' },
      { name: 'envoy', image: 'envoyproxy/envoy:v1.31.2' },
      { name: 'tailer', image: 'busybox', args: ['sh', '-c', 'tail -F /logs/a.log'] },
      { name: 'keep-alive', image: 'busybox', args: ['sh', '-c', 'tail -f /dev/null'] },
    ],
  },
  ['spec'],
);

describe('sidecar classification', () => {
  it('counts native and classic sidecars, not the app, init steps or keep-alive containers', () => {
    expect([shipper, setup, app, envoy, tailer, keepAlive].map((info) => info !== undefined && isSidecar(info))).toEqual([
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it('tells log readers and request-path helpers apart', () => {
    if (!shipper || !envoy || !tailer) throw new Error('missing container');
    expect([isLogReader(shipper), isLogReader(tailer), isLogReader(envoy)]).toEqual([true, true, false]);
    expect([isOnRequestPath(envoy), isOnRequestPath(shipper)]).toEqual([true, false]);
    expect([isSelfContained(sidecarHelper(shipper)), isSelfContained(sidecarHelper(envoy)), isSelfContained(undefined)]).toEqual([true, false, false]);
  });

  it('describes classic sidecars as such', () => {
    if (!shipper || !envoy) throw new Error('missing container');
    expect(describeSidecar(shipper)).toBe('native sidecar "shipper"');
    expect(describeSidecar(envoy)).toBe('container "envoy" (a classic sidecar)');
  });
});
