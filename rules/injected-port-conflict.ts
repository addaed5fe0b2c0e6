import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { portsOf } from '../src/model/container-fields.js';
import { isRecord } from '../src/load/values.js';
import { injectedContainer } from '../src/model/effective-pod.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import type { Path } from '../src/types.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Numeric ports a container declares or probes, with their protocol and the field that shows each. */
function portsUsed(info: ContainerInfo): { port: number; protocol: string; path: Path; what: string }[] {
  const out: { port: number; protocol: string; path: Path; what: string }[] = [];
  for (const port of portsOf(info)) {
    const number: unknown = port.value.containerPort;
    const protocol = typeof port.value.protocol === 'string' ? port.value.protocol : 'TCP';
    if (typeof number === 'number') out.push({ port: number, protocol, path: [...port.path, 'containerPort'], what: `declares port ${number}${protocol === 'TCP' ? '' : `/${protocol}`}` });
  }
  for (const probe of PROBES) {
    const value: unknown = info.container[probe];
    if (!isRecord(value)) continue;
    for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
      const action = value[handler];
      if (isRecord(action) && typeof action.port === 'number') out.push({ port: action.port, protocol: 'TCP', path: [...info.path, probe, handler, 'port'], what: `probes port ${action.port} (${probe})` });
    }
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'injected-port-conflict',
    description: 'Disallow app ports and probe ports that the injected proxy owns',
    severity: 'error',
    docs: 'rules/injected-port-conflict.md',
    tags: ['kubernetes', 'sidecar', 'network', 'reliability', 'injectors'],
    messages: {
      conflict:
        '{{container}} {{what}}, which {{proxy}} owns ({{use}}; {{injector}} reserves {{ports}} for it): the two cannot both listen there{{redirect}}. Move the app to another port.',
    },
  },
  check(pod, context) {
    // A claim about how the pod runs: it holds for an object read back from a cluster too (docs/precision.md).
    if (!mayClaim(pod, 'runtime')) return;
    for (const plan of pod.injections) {
      if (plan.ownedPorts.length === 0) continue;
      const proxy = injectedContainer(pod.containers, plan.by.injector, 'proxy');
      const owned = new Map(plan.ownedPorts.map((item) => [`${item.port}/${item.protocol ?? 'TCP'}`, item]));
      for (const info of pod.containers) {
        if (info.injected !== undefined || info.role === 'ephemeral') continue;
        const seen = new Set<string>();
        for (const used of portsUsed(info)) {
          const key = `${used.port}/${used.protocol}`;
          const ownedPort = owned.get(key);
          if (ownedPort === undefined || seen.has(key)) continue;
          seen.add(key);
          context.report({
            path: used.path,
            messageId: 'conflict',
            data: {
              container: describeContainer(info),
              what: used.what,
              proxy: proxy === undefined ? `the ${plan.by.label} proxy` : `"${proxy.name}"`,
              injector: plan.by.label,
              use: ownedPort.what,
              ports: plan.ownedPorts.map((item) => `${item.port}${item.protocol === 'UDP' ? '/UDP' : ''}`).join(', '),
              // Meshes redirect the pod's traffic with iptables; Dapr's sidecar only listens.
              redirect: plan.proxyUid === undefined ? '' : ', and the mesh\'s iptables rules treat it as the proxy\'s',
            },
            container: info,
            injectedBy: plan.by,
          });
        }
      }
    }
  },
});
