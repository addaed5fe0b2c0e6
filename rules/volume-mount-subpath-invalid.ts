import { describeContainer } from '../src/model/containers.js';
import { isRecord, volumeMountsOf } from '../src/model/container-fields.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import { formatKubeVersion, hasFeature } from '../src/model/kube-version.js';

/** Why a subPath is not a local descending path, or undefined. */
function pathProblem(value: string): string | undefined {
  if (value.startsWith('/')) return 'is an absolute path';
  if (value.split('/').includes('..')) return 'contains a ".." segment';
  return undefined;
}

export default defineRule({
  meta: {
    id: 'volume-mount-subpath-invalid',
    description: 'Disallow subPath and subPathExpr values the API server rejects',
    severity: 'error',
    docs: 'rules/volume-mount-subpath-invalid.md',
    versionAware: true,
    tags: ['kubernetes', 'correctness', 'volumes'],
    messages: {
      path:
        '{{container}} mounts volume "{{volume}}" with {{field}} "{{value}}", which {{problem}}; {{field}} must be a relative path inside the volume without "..", so the API server rejects the pod.',
      both:
        '{{container}} mounts volume "{{volume}}" with both subPath and subPathExpr; they are mutually exclusive, so the API server rejects the pod. Keep one of them.',
      imageVolume:
        '{{container}} mounts image volume "{{volume}}" with {{field}}, which Kubernetes {{version}} does not allow on image volumes (supported from 1.33); the API server rejects the pod. Mount the whole image volume, or target Kubernetes 1.33 or later.',
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): no claim that the API server rejects it.
    if (!mayClaim(pod, 'rejected-value')) return;
    for (const info of pod.containers) {
      for (const mount of volumeMountsOf(info)) {
        const volume = typeof mount.value.name === 'string' ? mount.value.name : '?';
        const base = { container: describeContainer(info), volume };
        const present: ('subPath' | 'subPathExpr')[] = [];
        for (const field of ['subPath', 'subPathExpr'] as const) {
          const value: unknown = mount.value[field];
          if (typeof value !== 'string' || value === '') continue;
          present.push(field);
          const problem = pathProblem(value);
          if (problem) context.report({ path: [...mount.path, field], messageId: 'path', data: { ...base, field, value, problem }, container: info });
        }
        if (present.length === 2) context.report({ path: [...mount.path, 'subPathExpr'], messageId: 'both', data: base, container: info });
        const declared = pod.volumes.get(volume)?.volume as unknown;
        const field = present[0];
        if (field && isRecord(declared) && isRecord(declared.image) && !hasFeature(context.kubernetesVersion, 'imageVolumeSubPath')) {
          context.report({
            path: [...mount.path, field],
            messageId: 'imageVolume',
            data: { ...base, field, version: formatKubeVersion(context.kubernetesVersion) },
            container: info,
          });
        }
      }
    }
  },
});
