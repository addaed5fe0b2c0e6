import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { portsOf } from '../src/model/container-fields.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import type { Path } from '../src/types.js';

interface HostPort {
  readonly key: string;
  readonly label: string;
  readonly info: ContainerInfo;
  readonly path: Path;
}

/** The host ports a container declares, keyed as the API server keys them: protocol/hostIP/hostPort. */
function hostPortsOf(info: ContainerInfo): HostPort[] {
  const out: HostPort[] = [];
  for (const port of portsOf(info)) {
    const hostPort: unknown = port.value.hostPort;
    if (typeof hostPort !== 'number' || hostPort === 0) continue;
    const protocol = typeof port.value.protocol === 'string' ? port.value.protocol : 'TCP';
    const hostIP = typeof port.value.hostIP === 'string' ? port.value.hostIP : '';
    out.push({
      key: `${protocol}/${hostIP}/${hostPort}`,
      label: `${hostIP === '' ? '' : `${hostIP}:`}${hostPort}/${protocol}`,
      info,
      path: [...port.path, 'hostPort'],
    });
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'host-port-conflict',
    description: 'Disallow the same hostPort (protocol, hostIP, port) declared twice in one pod',
    severity: 'error',
    docs: 'rules/host-port-conflict.md',
    tags: ['kubernetes', 'correctness', 'network', 'sidecar'],
    messages: {
      duplicate:
        '{{container}} declares hostPort {{port}}, which {{other}} already declares; the API server rejects the pod. Use a different hostPort or remove one declaration.',
      sameContainer:
        '{{container}} declares hostPort {{port}} twice; the API server rejects the pod. Remove one of the declarations.',
      sidecar:
        '{{container}} declares hostPort {{port}}, which {{other}} also declares; both run at the same time and the node can map the host port to only one of them (the API server does not check this for native sidecars). Use a different hostPort or remove one declaration.',
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): no claim that the API server rejects it.
    if (!mayClaim(pod, 'rejected-value')) return;
    const report = (port: HostPort, first: HostPort): void => {
      const data = { container: describeContainer(port.info), other: describeContainer(first.info), port: port.label };
      const messageId = first.info === port.info ? 'sameContainer' : port.info.role === 'app' && first.info.role === 'app' ? 'duplicate' : 'sidecar';
      context.report({ path: port.path, messageId, data, container: port.info });
    };
    // Every init container on its own (they run one by one); apps and native sidecars together
    // (they run at the same time). The API server checks the first two, not the last.
    const running = new Map<string, HostPort>();
    for (const info of pod.containers) {
      if (info.role === 'ephemeral') continue;
      const own = new Map<string, HostPort>();
      for (const port of hostPortsOf(info)) {
        const first = own.get(port.key) ?? (info.role === 'init' ? undefined : running.get(port.key));
        if (first) report(port, first);
        else own.set(port.key, port);
      }
      if (info.role !== 'init') for (const [key, port] of own) if (!running.has(key)) running.set(key, port);
    }
  },
});
