import { describe, expect, it } from 'vitest';
import { containersOf } from '../src/model/containers.js';
import { meshOf, parseDuration } from '../src/model/mesh.js';

const none = containersOf({ containers: [{ name: 'app', image: 'example.com/app:1' }] }, ['spec']);

describe('parseDuration', () => {
  it('reads Go durations', () => {
    expect(parseDuration('5s')).toBe(5);
    expect(parseDuration('1m30s')).toBe(90);
    expect(parseDuration('1500ms')).toBe(1.5);
    expect(parseDuration('5')).toBeUndefined();
    expect(parseDuration('soon')).toBeUndefined();
  });
});

describe('meshOf', () => {
  it('finds nothing without mesh annotations or proxies', () => {
    expect(meshOf([{ 'prometheus.io/scrape': 'true' }], none)).toBeUndefined();
  });

  it('reads Istio settings from proxy.istio.io/config (YAML or JSON)', () => {
    const mesh = meshOf([{ 'proxy.istio.io/config': 'holdApplicationUntilProxyStarts: true\nterminationDrainDuration: 20s\n' }], none);
    expect(mesh).toMatchObject({ kind: 'istio', holdApplicationUntilProxyStarts: true, drainSeconds: 20 });
    expect(meshOf([{ 'proxy.istio.io/config': '{"terminationDrainDuration": "1m"}' }], none)?.drainSeconds).toBe(60);
    expect(meshOf([{ 'proxy.istio.io/config': '{not yaml' }], none)).toMatchObject({ kind: 'istio' });
  });

  it('honours injection switched off', () => {
    expect(meshOf([{ 'sidecar.istio.io/inject': 'false' }], none)).toBeUndefined();
    expect(meshOf([{ 'linkerd.io/inject': 'disabled' }], none)).toBeUndefined();
  });

  it('reads Linkerd options, alpha names included', () => {
    const mesh = meshOf(
      [{ 'linkerd.io/inject': 'enabled', 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '40', 'config.beta.linkerd.io/proxy-enable-native-sidecar': 'true' }],
      none,
    );
    expect(mesh).toEqual({ kind: 'linkerd', reason: 'annotation "linkerd.io/inject"', waitBeforeExitSeconds: 40, nativeSidecar: true });
  });

  it('prefers the first annotation source (the pod template) over the owner', () => {
    const mesh = meshOf([{ 'sidecar.istio.io/nativeSidecar': 'true' }, { 'sidecar.istio.io/nativeSidecar': 'false' }], none);
    expect(mesh?.nativeSidecar).toBe(true);
  });

  it('sees an injected proxy container without annotations, but not the mesh init container', () => {
    const injected = containersOf(
      {
        initContainers: [{ name: 'istio-init', image: 'docker.io/istio/proxyv2:1.22.3', args: ['istio-iptables'] }],
        containers: [{ name: 'app', image: 'example.com/app:1' }, { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.3' }],
      },
      ['spec'],
    );
    expect(meshOf([], injected)).toMatchObject({ kind: 'istio', reason: 'container "istio-proxy"' });
    expect(meshOf([], injected.filter((info) => info.role === 'init'))).toBeUndefined();
  });
});
