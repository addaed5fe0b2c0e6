/**
 * The Vault Agent Injector, as hashicorp/vault-k8s v1.7.6 (fbc5b1f) does it. Paths below are in that
 * repository, under agent-inject/.
 *
 * - Which pods: the annotation `vault.hashicorp.com/agent-inject`, read with strconv.ParseBool
 *   (agent/agent.go l.575), not already `agent-inject-status: injected` (l.590-600).
 * - What and where (agent/agent.go l.607-737): `vault-agent-init` appended to the init containers as
 *   they stand when its webhook runs (first with `agent-init-first`), `vault-agent` appended to the
 *   containers (not with `agent-pre-populate-only`); the memory volume `vault-secrets` at /vault/secrets
 *   mounted into the containers `agent-inject-containers` names (default: every container present at
 *   admission, earlier webhooks' included; annotations.go l.538-544) and, with pre-populate, into every
 *   init container (l.698-707). uid 100, gid 1000 (agent.go l.23-24). Classic only: native sidecars
 *   exist only on the unmerged branch of hashicorp/vault-k8s#659.
 * - vault-agent-init logs in to Vault before it exits (agent/config.go l.233-255: `exit_after_auth`,
 *   `Address: a.Vault.Address`): it needs the network.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { InjectedContainer, InjectionInput, InjectionPlan, InjectorModule, InjectorProfile } from './profile.js';
import { containerNames, injectedBy, parseGoBool, podTrigger } from './triggers.js';

const PRODUCT = 'Vault Agent Injector';
const DEFAULT_VERSION = '1.7.6';

/** The default of `vault.hashicorp.com/secret-volume-path` (annotations.go l.467-469). */
export const VAULT_SECRETS_PATH = '/vault/secrets';

const KEY = 'vault.hashicorp.com/';

function plan(profile: InjectorProfile, input: InjectionInput): InjectionPlan | undefined {
  const names = containerNames(input.spec);
  if (names.includes('vault-agent') || names.includes('vault-agent-init') || input.annotations[`${KEY}agent-inject-status`] === 'injected') return undefined;
  const trigger = podTrigger(input, 'annotations', `${KEY}agent-inject`);
  // An unparsable value or a system namespace makes the webhook reject the pod (handler.go l.207-221): nothing injected either way.
  if (trigger === undefined || parseGoBool(trigger.value) !== true || ['kube-system', 'kube-public'].includes(input.namespace)) return undefined;
  const flag = (name: string, fallback: boolean) => parseGoBool(input.annotations[`${KEY}${name}`]) ?? fallback;
  const prePopulate = flag('agent-pre-populate', true);
  const prePopulateOnly = flag('agent-pre-populate-only', false);
  const initFirst = flag('agent-init-first', false);
  const secretsPath = input.annotations[`${KEY}secret-volume-path`] ?? VAULT_SECRETS_PATH;
  const listed = input.annotations[`${KEY}agent-inject-containers`];
  const apps = listed !== undefined ? listed.split(',').map((name) => name.trim()) : containerNames(input.spec, ['containers']);
  const secrets = { name: 'vault-secrets', mountPath: secretsPath };
  const agent = (name: string, home: string): IContainer => ({
    name,
    image: 'hashicorp/vault:2.0.4',
    command: ['/bin/sh', '-ec'],
    args: ['echo ${VAULT_CONFIG?} | base64 -d > /home/vault/config.json && vault agent -config=/home/vault/config.json'],
    env: [{ name: 'VAULT_LOG_LEVEL', value: 'info' }, { name: 'VAULT_LOG_FORMAT', value: 'standard' }, { name: 'VAULT_CONFIG', value: '(the agent configuration, base64)' }],
    resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
    securityContext: { runAsUser: 100, runAsGroup: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    volumeMounts: [{ name: home, mountPath: '/home/vault' }, secrets],
  });
  const containers: InjectedContainer[] = [];
  if (prePopulate) {
    containers.push({ container: agent('vault-agent-init', 'home-init'), list: 'initContainers', at: initFirst ? 'first' : 'last', role: 'agent-init', needsNetwork: 'it logs in to Vault and renders the secrets before it exits' });
  }
  if (!prePopulateOnly) containers.push({ container: agent('vault-agent', 'home-sidecar'), list: 'containers', at: 'last', role: 'agent' });
  const inits = prePopulate ? containerNames(input.spec, ['initContainers']) : [];
  return {
    by: injectedBy(profile, PRODUCT, DEFAULT_VERSION, trigger, false, input),
    containers,
    volumes: [
      ...(prePopulate ? [{ name: 'home-init', emptyDir: { medium: 'Memory' } }] : []),
      ...(prePopulateOnly ? [] : [{ name: 'home-sidecar', emptyDir: { medium: 'Memory' } }]),
      { name: 'vault-secrets', emptyDir: { medium: 'Memory' } },
    ],
    additions: [{ containers: [...apps, ...inits], volumeMounts: [secrets] }],
    annotations: { [`${KEY}agent-inject-status`]: 'injected' },
    ownedPorts: [],
  };
}

export const vault: InjectorModule = {
  name: 'vault',
  product: PRODUCT,
  defaultVersion: DEFAULT_VERSION,
  // deploy/injector-mutating-webhook.yaml l.8 (vault-helm: <release>-agent-injector-cfg); no reinvocationPolicy.
  webhook: { name: 'vault-agent-injector-cfg', reinvocation: 'Never' },
  plan,
  nativeAnnotation: () => undefined,
  jobRemedy: () => ({
    // hashicorp/vault-k8s#120: pre-populate only, the init container renders the secrets and no agent keeps running.
    text: 'Fix: add the annotation vault.hashicorp.com/agent-pre-populate-only: "true": only the init container vault-agent-init renders the secrets, and no agent keeps running (the injector has no native-sidecar mode: hashicorp/vault-k8s#620).',
    annotation: { key: 'vault.hashicorp.com/agent-pre-populate-only', value: 'true' },
  }),
};

