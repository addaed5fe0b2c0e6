import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { portsOf } from '../src/model/container-fields.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import type { Path } from '../src/types.js';

interface Declared {
  readonly key: string;
  readonly label: string;
  readonly info: ContainerInfo;
  readonly path: Path;
}

/**
 * True when the command sets its listening port with a flag (`--port 8080`, `--grpc-server-port=8080`)
 * to other numbers only, never to `port`: the declaration is stale, the process does not bind it.
 */
function listensElsewhere(info: ContainerInfo, port: number): boolean {
  const set = [...info.script.matchAll(/-[\w-]*port[ =](\d{2,5})\b/gi)].map((match) => Number(match[1]));
  return set.length > 0 && !set.includes(port);
}

/** The container ports a container declares, once per (port, protocol). */
function containerPortsOf(info: ContainerInfo): Declared[] {
  const out = new Map<string, Declared>();
  for (const port of portsOf(info)) {
    const number: unknown = port.value.containerPort;
    if (typeof number !== 'number' || listensElsewhere(info, number)) continue;
    const protocol = typeof port.value.protocol === 'string' ? port.value.protocol : 'TCP';
    const key = `${number}/${protocol}`;
    if (!out.has(key)) out.set(key, { key, label: key, info, path: [...port.path, 'containerPort'] });
  }
  return [...out.values()];
}

export default defineRule({
  meta: {
    id: 'container-port-conflict',
    description: 'Disallow the same containerPort and protocol in two containers that run at the same time',
    severity: 'error',
    docs: 'rules/container-port-conflict.md',
    tags: ['kubernetes', 'network', 'sidecar', 'reliability'],
    messages: {
      conflict:
        '{{container}} declares port {{port}}, which {{other}} also declares, and the containers of a pod share one network namespace and run at the same time. Certain: the pod declares one port twice, so what a Service or probe reaches on it is ambiguous (the API server only warns). Likely: if both processes listen where they declare, only one can bind it and the other fails with "address already in use". Move one of them to another port, or remove the declaration that is not true.',
    },
  },
  check(pod, context) {
    // A claim about how the pod runs: it holds for an object read back from a cluster too (docs/precision.md).
    if (!mayClaim(pod, 'runtime')) return;
    // Apps and native sidecars run together; a regular init container runs next to the native
    // sidecars declared before it. Ephemeral containers declare no ports.
    const running = new Map<string, Declared>();
    for (const info of pod.containers) {
      if (info.role === 'ephemeral') continue;
      for (const port of containerPortsOf(info)) {
        const first = running.get(port.key);
        // A port of an injected proxy is injected-port-conflict's, with the proxy's whole port set.
        if (first && (info.injected !== undefined || first.info.injected !== undefined)) continue;
        if (first) {
          context.report({
            path: port.path,
            messageId: 'conflict',
            data: { container: describeContainer(info), other: describeContainer(first.info), port: port.label },
            container: info,
          });
        } else if (info.role !== 'init') running.set(port.key, port);
      }
    }
  },
});
