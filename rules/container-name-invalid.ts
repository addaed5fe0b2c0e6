import { describeContainer } from '../src/model/containers.js';
import { defineRule } from '../src/engine/rule.js';

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
    },
  },
  check(pod, context) {
    for (const info of pod.containers) {
      const name: unknown = info.container.name;
      if (typeof name !== 'string') continue; // missing or not a string: pod-spec-schema reports it
      const problem = labelProblem(name);
      if (!problem) continue;
      context.report({ path: [...info.path, 'name'], messageId: 'invalid', data: { container: describeContainer(info), problem }, container: info });
    }
  },
});
