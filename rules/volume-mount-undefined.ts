import { describeContainer } from '../src/model/containers.js';
import { volumeMountsOf } from '../src/model/container-fields.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import { placeholderIn } from '../src/model/placeholders.js';

export default defineRule({
  meta: {
    id: 'volume-mount-undefined',
    description: 'Disallow volume mounts that name no volume of the pod',
    severity: 'error',
    docs: 'rules/volume-mount-undefined.md',
    tags: ['kubernetes', 'correctness', 'volumes'],
    messages: {
      undefined:
        '{{container}} mounts volume "{{volume}}", but neither spec.volumes nor volumeClaimTemplates declares a volume of that name; the API server rejects the pod. Declare the volume or fix the name.',
      placeholder:
        '{{container}} mounts the placeholder "{{volume}}", not a volume name: no volume of the pod has it, so the API server rejects the pod as written. Fill in the name of a volume the pod declares.',
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): what it lacks may come from elsewhere.
    if (!mayClaim(pod, 'rejected-missing')) return;
    // A WorkflowTemplate's templates mount volumes that the Workflow calling them declares.
    if (pod.workload === 'argo' && pod.owner.kind !== 'Workflow' && pod.owner.kind !== 'CronWorkflow') return;
    for (const info of pod.containers) {
      for (const mount of volumeMountsOf(info)) {
        const name = mount.value.name;
        if (typeof name !== 'string' || pod.volumes.has(name) || pod.volumeClaimTemplates.has(name)) continue;
        // Argo substitutes {{inputs.parameters.x}} when it creates the pod.
        if (pod.workload === 'argo' && name.includes('{{')) continue;
        const placeholder = placeholderIn(name);
        context.report({
          path: [...mount.path, 'name'],
          messageId: placeholder === undefined ? 'undefined' : 'placeholder',
          data: { container: describeContainer(info), volume: name },
          container: info,
          ...(placeholder !== undefined ? { placeholder } : {}),
        });
      }
    }
  },
});
