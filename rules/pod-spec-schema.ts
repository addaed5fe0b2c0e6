import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { mayClaim } from '../src/model/not-applied.js';
import { placeholderIn } from '../src/model/placeholders.js';
import { formatPath } from '../src/load/field-path.js';
import { defineRule } from '../src/engine/rule.js';
import type { Pod } from '../src/engine/rule.js';
import { validatePodSpec, valueAt } from '../src/engine/pod-spec-schema.js';
import type { Path } from '../src/types.js';

function containerAt(pod: Pod, path: Path): ContainerInfo | undefined {
  return pod.containers.find((info) => {
    const relative = info.path.slice(pod.path.length);
    return relative.every((segment, index) => path[index] === segment);
  });
}

/** `container "app" field ports[0].containerPort`, `container "app"`, `pod spec field restartPolicy`, `the pod spec`. */
function subjectOf(pod: Pod, path: Path, info: ContainerInfo | undefined): string {
  if (info) {
    const inside = path.slice(info.path.length - pod.path.length);
    return inside.length === 0 ? describeContainer(info) : `${describeContainer(info)} field ${formatPath(inside)}`;
  }
  return path.length === 0 ? 'the pod spec' : `pod spec field ${formatPath(path)}`;
}

export default defineRule({
  meta: {
    id: 'pod-spec-schema',
    description: 'Disallow pod specs that do not match the Kubernetes schema (wrong types, missing required fields, invalid enum values)',
    severity: 'error',
    docs: 'rules/pod-spec-schema.md',
    tags: ['kubernetes', 'correctness', 'schema'],
    messages: {
      schema: '{{subject}} {{problem}}; the API server rejects the pod.',
      noContainers: 'the pod spec has no entry in containers; a pod needs at least one regular container, so the API server rejects it. Add the application container (a native sidecar alone is not enough).',
      noImage: '{{container}} has no image; the API server rejects the pod. Set image to the container image reference.',
      emptyImage: '{{container}} has an empty image; the API server rejects the pod. Set the image reference.',
    },
  },
  check(pod, context) {
    // An Argo template's pod is assembled from the template (Argo validates it, and names the main container).
    if (pod.workload === 'argo') return;
    // Not a manifest to apply as written (docs/precision.md): an object read back from a cluster was
    // accepted; a fragment (patch, test input) or a custom resource that fills in names and images
    // itself (Knative Service) may lack required fields, but its wrong types and values are still wrong.
    if (!mayClaim(pod, 'rejected-value')) return;
    const judgesMissing = mayClaim(pod, 'rejected-missing') && pod.workload !== 'other';
    for (const problem of validatePodSpec(pod.spec)) {
      if (!judgesMissing && problem.kind === 'required') continue;
      const path = [...pod.path, ...problem.path];
      const info = containerAt(pod, problem.path);
      // What a container named by a placeholder lacks is that placeholder's finding (one per file).
      const placeholder = problem.kind === 'required' ? (info ? placeholderIn(info.container.name) : undefined) : placeholderIn(valueAt(pod.spec, problem.path));
      context.report({
        path,
        messageId: 'schema',
        data: { subject: subjectOf(pod, problem.path, info), problem: problem.problem },
        ...(info ? { container: info } : {}),
        ...(placeholder !== undefined ? { placeholder } : {}),
      });
    }
    if (!judgesMissing) return;
    if (Array.isArray(pod.spec.containers) && pod.spec.containers.length === 0) {
      context.report({ path: [...pod.path, 'containers'], messageId: 'noContainers' });
    }
    // The schema leaves image optional; the API server requires it (" " passes: OpenShift templates use it as a token).
    for (const info of pod.containers) {
      const image: unknown = info.container.image;
      const data = { container: describeContainer(info) };
      const named = placeholderIn(info.container.name);
      const placeholder = named !== undefined ? { placeholder: named } : {};
      if (image === undefined) context.report({ path: info.path, messageId: 'noImage', data, container: info, ...placeholder });
      else if (image === '') {
        context.report({ path: [...info.path, 'image'], messageId: 'emptyImage', data, container: info, ...placeholder });
      }
    }
  },
});

