import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { nativeSidecarMove } from '../src/fix/builders.js';
import { isRecord } from '../src/model/container-fields.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import type { RuleContext } from '../src/engine/rule.js';
import { atLeastVersion, FEATURES, featureGated, featureHistory, featureVersion, formatKubeVersion, hasFeature } from '../src/model/kube-version.js';

const POLICIES = new Set(['Always', 'OnFailure', 'Never']);
const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;

const RULES = FEATURES.restartPolicyRules;
const RESTART_ALL = FEATURES.restartAllContainers;

/** Container restartPolicy on regular containers and restartPolicyRules (KEP-5307), from the feature table. */
function restartRulesEnabled(context: RuleContext): boolean {
  return hasFeature(context.kubernetesVersion, 'restartPolicyRules');
}

/** What the target version says about the ContainerRestartRules gate, for messages below its on-by-default version. */
function gateNote(context: RuleContext): string {
  return featureGated(context.kubernetesVersion, 'restartPolicyRules')
    ? ` (unless the ${RULES.gate} feature gate is on; container restart rules: ${featureHistory('restartPolicyRules')})`
    : ` (container restart rules, KEP-${RULES.kep}: ${featureHistory('restartPolicyRules')})`;
}

export default defineRule({
  meta: {
    id: 'container-restart-policy-invalid',
    description: 'Disallow container restartPolicy and restartPolicyRules the target Kubernetes version rejects',
    severity: 'error',
    docs: 'rules/container-restart-policy-invalid.md',
    versionAware: true,
    tags: ['kubernetes', 'correctness', 'sidecar'],
    fixable: true,
    messages: {
      onApp:
        '{{container}} sets restartPolicy "{{value}}", but Kubernetes {{version}} lets only init containers set restartPolicy, to Always, which makes them native sidecars{{gate}}; the API server rejects the pod. To run it as a sidecar, move it to initContainers with restartPolicy: Always.',
      onInit:
        '{{container}} sets restartPolicy "{{value}}", but the only value Kubernetes {{version}} accepts on an init container is Always (a native sidecar){{gate}}; the API server rejects the pod.',
      badValue:
        '{{container}} sets restartPolicy "{{value}}"; Kubernetes {{version}} accepts only Always, OnFailure or Never, so the API server rejects the pod.',
      onEphemeral: '{{container}} sets restartPolicy, which ephemeral containers may not set; the API server rejects it.',
      unknownField:
        '{{container}} sets restartPolicy "{{value}}", a field Kubernetes {{version}} does not have (it arrived in 1.28, for native sidecars only); the API server rejects or drops it. Remove it.',
      rulesUnsupported:
        `{{container}} sets restartPolicyRules, which Kubernetes {{version}} does not accept{{gate}}; the API server rejects the pod or drops the field. Remove the rules, or target Kubernetes ${featureVersion('restartPolicyRules')} or later.`,
      rulesWithoutPolicy:
        '{{container}} sets restartPolicyRules without its own restartPolicy; Kubernetes {{version}} requires an explicit container restartPolicy when restart rules are used, so the API server rejects the pod. Add restartPolicy (usually Never or OnFailure) to the container.',
      rulesOnSidecar:
        '{{container}} sets restartPolicyRules, which native sidecars may not set (they are always restarted); the API server rejects the pod. Remove the rules.',
      rulesOnEphemeral: '{{container}} sets restartPolicyRules, which ephemeral containers may not set; the API server rejects it.',
      rulesNotList: '{{container}} sets restartPolicyRules to something other than a list; the API server rejects the pod.',
      tooManyRules:
        '{{container}} sets {{count}} restartPolicyRules; at most 20 are allowed, so the API server rejects the pod. Merge rules with the same action into one rule listing several exit codes.',
      badAction:
        '{{container}} has a restart rule with action "{{value}}"; Kubernetes {{version}} accepts only {{actions}} here, so the API server rejects the pod.',
      restartAllGated: `{{container}} has a restart rule with action RestartAllContainers, which Kubernetes {{version}} accepts only with the ${RESTART_ALL.gate} feature gate on (KEP-${RESTART_ALL.kep}: ${featureHistory('restartAllContainers')}); without it the API server rejects the pod. Use action Restart, or target Kubernetes ${featureVersion('restartAllContainers')} or later.`,
      badOperator:
        '{{container}} has a restart rule with exitCodes.operator "{{value}}"; the operator must be In or NotIn, so the API server rejects the pod.',
      tooManyValues:
        '{{container}} has a restart rule listing {{count}} exit codes; at most 255 are allowed, so the API server rejects the pod.',
    },
  },
  check(pod, context) {
    // Not a manifest to apply as written (docs/precision.md): no claim that the API server rejects it.
    if (!mayClaim(pod, 'rejected-value')) return;
    const version = formatKubeVersion(context.kubernetesVersion);
    const enabled = restartRulesEnabled(context);
    const gate = enabled ? '' : gateNote(context);
    for (const info of pod.containers) {
      const value: unknown = info.container.restartPolicy;
      const base = { container: describeContainer(info), version, gate };
      if (value !== undefined && value !== null) {
        const data = { ...base, value: String(value) };
        const path = [...info.path, 'restartPolicy'];
        if (info.role === 'ephemeral') context.report({ path, messageId: 'onEphemeral', data, container: info });
        else if (!atLeastVersion(context.kubernetesVersion, FEATURES.nativeSidecars.alpha)) {
          // Native sidecars on old versions are native-sidecar-unsupported's finding.
          if (info.role !== 'sidecar') context.report({ path, messageId: 'unknownField', data, container: info });
        }
        else if (typeof value !== 'string' || !POLICIES.has(value)) {
          if (info.role !== 'sidecar') context.report({ path, messageId: enabled ? 'badValue' : info.role === 'app' ? 'onApp' : 'onInit', data, container: info });
        } else if (!enabled && info.role === 'app') {
          // Only Always shows the intent (a sidecar): that one is moved by --fix; other values have no safe repair.
          const fix = value === 'Always' ? nativeSidecarMove(info, context.kubernetesVersion) : undefined;
          context.report({ path, messageId: 'onApp', data, container: info, fix });
        }
        else if (!enabled && info.role === 'init') context.report({ path, messageId: 'onInit', data, container: info });
      }
      checkRules(info, context, base, enabled);
    }
  },
});

function checkRules(info: ContainerInfo, context: RuleContext, base: Readonly<Record<string, string>>, enabled: boolean): void {
  const rules: unknown = (info.container as unknown as Record<string, unknown>).restartPolicyRules;
  if (rules === undefined || rules === null) return;
  const path = [...info.path, 'restartPolicyRules'];
  const report = (messageId: string, at = path, data: Record<string, string | number> = {}): void =>
    context.report({ path: at, messageId, data: { ...base, ...data }, container: info });
  if (info.role === 'ephemeral') return report('rulesOnEphemeral');
  if (!enabled) return report('rulesUnsupported');
  if (info.role === 'sidecar') return report('rulesOnSidecar');
  if (!Array.isArray(rules)) return report('rulesNotList');
  if (info.container.restartPolicy === undefined || info.container.restartPolicy === null) report('rulesWithoutPolicy');
  if (rules.length > MAX_RULES) report('tooManyRules', [...path, MAX_RULES], { count: rules.length });
  rules.forEach((rule: unknown, index) => {
    if (!isRecord(rule)) return;
    const rulePath = [...path, index];
    if (typeof rule.action === 'string' && rule.action !== 'Restart') {
      const at = [...rulePath, 'action'];
      const version = context.kubernetesVersion;
      if (rule.action === 'RestartAllContainers' && featureGated(version, 'restartAllContainers')) report('restartAllGated', at);
      else if (rule.action !== 'RestartAllContainers' || !hasFeature(version, 'restartAllContainers')) {
        report('badAction', at, { value: rule.action, actions: hasFeature(version, 'restartAllContainers') ? 'Restart or RestartAllContainers' : 'Restart' });
      }
    }
    const exitCodes = rule.exitCodes;
    if (!isRecord(exitCodes)) return;
    const operator: unknown = exitCodes.operator;
    if (operator !== 'In' && operator !== 'NotIn') report('badOperator', operator === undefined ? [...rulePath, 'exitCodes'] : [...rulePath, 'exitCodes', 'operator'], { value: String(operator ?? '') });
    if (Array.isArray(exitCodes.values) && exitCodes.values.length > MAX_EXIT_CODES) {
      report('tooManyValues', [...rulePath, 'exitCodes', 'values'], { count: exitCodes.values.length });
    }
  });
}
