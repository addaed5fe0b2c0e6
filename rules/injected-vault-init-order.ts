import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { volumeMountsOf } from '../src/model/container-fields.js';
import { VAULT_SECRETS_PATH } from '../src/model/injectors/index.js';
import { annotationFix } from '../src/fix/builders.js';
import { injectedContainer } from '../src/model/effective-pod.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import type { Path } from '../src/types.js';

/**
 * Where an init container shows that it reads Vault's rendered secrets: its command, or a mount of
 * /vault/secrets in the manifest (the injector mounts it into every init container itself).
 */
function readsSecrets(info: ContainerInfo): Path | undefined {
  if (info.script.includes(VAULT_SECRETS_PATH)) return [...info.path, Array.isArray(info.container.command) && info.container.command.join(' ').includes(VAULT_SECRETS_PATH) ? 'command' : 'args'];
  const added = new Set((info.injectedFields ?? []).map((path) => path.join('/')));
  const mount = volumeMountsOf(info).find((item) => !added.has(`volumeMounts/${item.index}`) && typeof item.value.mountPath === 'string' && item.value.mountPath.startsWith(VAULT_SECRETS_PATH));
  return mount === undefined ? undefined : [...mount.path, 'mountPath'];
}

export default defineRule({
  meta: {
    id: 'injected-vault-init-order',
    description: 'Require vault-agent-init to run before the init containers that read Vault secrets',
    severity: 'error',
    docs: 'rules/injected-vault-init-order.md',
    seesInjected: true,
    fixable: true,
    tags: ['kubernetes', 'sidecar', 'secrets', 'reliability', 'injectors'],
    messages: {
      before:
        '{{container}} reads {{path}}, but the Vault Agent Injector appends vault-agent-init after the pod\'s own init containers, so the secrets are not there yet when it runs. Fix: add the annotation vault.hashicorp.com/agent-init-first: "true", which runs vault-agent-init first.',
    },
  },
  check(pod, context) {
    // A claim about how the pod runs: it holds for an object read back from a cluster too (docs/precision.md).
    if (!mayClaim(pod, 'runtime')) return;
    const init = injectedContainer(pod.containers, 'vault', 'agent-init');
    if (init?.injected === undefined) return;
    const order = pod.containers.indexOf(init);
    pod.containers.forEach((info, position) => {
      if (position > order || info.injected !== undefined || (info.role !== 'init' && info.role !== 'sidecar')) return;
      const path = readsSecrets(info);
      if (path === undefined) return;
      const fix = annotationFix(pod.object, pod.metadataPath, 'vault.hashicorp.com/agent-init-first', 'true');
      context.report({
        path,
        messageId: 'before',
        data: { container: describeContainer(info), path: VAULT_SECRETS_PATH },
        container: info,
        injectedBy: init.injected,
        ...(fix !== undefined ? { fix } : {}),
      });
    });
  },
});
