import { describeContainer } from '../src/model/containers.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import { placeholderIn } from '../src/model/placeholders.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not a DNS-1123 label, or undefined when it is one. */
function labelProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name.length > 63) return `is ${name.length} characters long (at most 63 are allowed)`;
  if (DNS1123_LABEL.test(name)) return undefined;
  if (/[A-Z]/.test(name)) return 'contains uppercase letters';
  if (name.includes('.')) return 'contains dots';
  if (/[^-a-z0-9]/.test(name)) return 'contains characters other than lowercase letters, digits and "-"';
  return 'does not start and end with a letter or digit';
}

export default defineRule({
  meta: {
    id: 'container-name-invalid',
    description: 'Disallow container names that are not DNS-1123 labels',
    severity: 'error',
    docs: 'rules/container-name-invalid.md',
    tags: ['kubernetes', 'correctness'],
    messages: {
      invalid:
        '{{container}} has a name that {{problem}}; the API server rejects the pod. A container name must be a DNS-1123 label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit.',
      placeholder:
        'a container is named with the placeholder "{{name}}", not a name: the API server rejects the pod as written. Fill in a DNS-1123 label (at most 63 lowercase letters, digits and "-").',
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): no claim that the API server rejects it.
    if (!mayClaim(pod, 'rejected-value')) return;
    for (const info of pod.containers) {
      const name: unknown = info.container.name;
      if (typeof name !== 'string') continue; // missing or not a string: pod-spec-schema reports it
      const problem = labelProblem(name);
      if (!problem) continue;
      // `<YOUR-APPLICATION-NAME>` is no name with uppercase letters: it is one to fill in (reported once per file).
      const placeholder = placeholderIn(name);
      if (placeholder !== undefined) {
        context.report({ path: [...info.path, 'name'], messageId: 'placeholder', data: { name }, container: info, placeholder });
        continue;
      }
      context.report({ path: [...info.path, 'name'], messageId: 'invalid', data: { container: describeContainer(info), problem }, container: info });
    }
  },
});
