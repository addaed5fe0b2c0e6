import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';

const POLICIES = new Set(['Always', 'OnFailure', 'Never']);
/** Kinds whose controller runs the pods forever and validates the template's restartPolicy. */
const SERVICE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Rollout', 'DeploymentConfig']);
const BATCH_KINDS = new Set(['Job', 'CronJob']);

export default defineRule({
  meta: {
    id: 'workload-restart-policy-invalid',
    description: "Disallow a pod restartPolicy that the workload's controller rejects",
    severity: 'error',
    docs: 'rules/workload-restart-policy-invalid.md',
    tags: ['kubernetes', 'correctness', 'sidecar'],
    messages: {
      service:
        'the pod template of a {{kind}} sets restartPolicy "{{value}}", but a {{kind}} keeps its pods running and accepts only Always; the API server rejects it. Remove restartPolicy (it defaults to Always); for a container that should run once, use an init container.',
      batch:
        'the pod template of a {{kind}} sets restartPolicy "Always", but a {{kind}} runs its pods to completion and accepts only OnFailure or Never; the API server rejects it. Set restartPolicy: Never or OnFailure; to keep a helper running next to the job, make it a native sidecar (initContainers with restartPolicy: Always).',
      batchMissing:
        'the pod template of a {{kind}} sets no restartPolicy, so it defaults to Always, which a {{kind}} does not accept (only OnFailure or Never); the API server rejects it. Add restartPolicy: Never or OnFailure.',
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): no claim that the API server rejects it.
    if (!mayClaim(pod, 'rejected-value')) return;
    const kind = pod.owner.kind;
    const value: unknown = pod.spec.restartPolicy;
    const path = [...pod.path, 'restartPolicy'];
    if (SERVICE_KINDS.has(kind)) {
      if (typeof value === 'string' && POLICIES.has(value) && value !== 'Always') context.report({ path, messageId: 'service', data: { kind, value } });
    } else if (BATCH_KINDS.has(kind)) {
      // A fragment (patch, overlay) may leave restartPolicy to the manifest it patches.
      if (value === undefined && mayClaim(pod, 'rejected-missing')) context.report({ path: pod.path, messageId: 'batchMissing', data: { kind } });
      else if (value === 'Always') context.report({ path, messageId: 'batch', data: { kind } });
    }
  },
});
