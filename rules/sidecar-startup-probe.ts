import { describeContainer } from '../src/model/containers.js';
import { defineRule } from '../src/engine/rule.js';
import { isOnRequestPath, readinessNeededBy } from '../src/model/sidecars.js';

export default defineRule({
  meta: {
    id: 'sidecar-startup-probe',
    description: 'Require a startupProbe or postStart hook on native sidecars that other containers start after',
    severity: 'warning',
    docs: 'rules/sidecar-startup-probe.md',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    messages: {
      proxy:
        '{{container}} has neither a startupProbe nor a postStart hook, so the containers after it ({{next}}) start as soon as its process exists, before it is ready ({{need}}): their first connections can fail. Add a startupProbe that passes when the proxy is ready to serve.',
      missing:
        '{{container}} has neither a startupProbe nor a postStart hook, so the containers after it ({{next}}) start as soon as its process exists, not when it is ready, and they need it ({{need}}). Add a startupProbe that passes when it is ready.',
    },
  },
  check(pod, context) {
    const ordered = pod.containers.filter((info) => info.role === 'init' || info.role === 'sidecar' || info.role === 'app');
    ordered.forEach((info, position) => {
      if (info.role !== 'sidecar') return;
      const lifecycle = info.container.lifecycle;
      if (info.container.startupProbe !== undefined || lifecycle?.postStart !== undefined) return;
      const later = ordered.slice(position + 1);
      if (later.length === 0) return;
      // Only when something shows that later containers need it ready (src/model/README.md).
      const need = readinessNeededBy(info, later);
      if (!need) return;
      const shown = later.slice(0, 2).map(describeContainer);
      const next = later.length > 2 ? `${shown.join(', ')} and ${later.length - 2} more` : shown.join(' and ');
      context.report({
        path: info.path,
        messageId: isOnRequestPath(info) ? 'proxy' : 'missing',
        data: { container: describeContainer(info), next, need },
        container: info,
      });
    });
  },
});
