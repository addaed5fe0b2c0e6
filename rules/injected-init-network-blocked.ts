import { describeContainer } from '../src/model/containers.js';
import type { ContainerInfo } from '../src/model/containers.js';
import { networkUse } from '../src/model/network-use.js';
import { nativeAnnotation, PRODUCTS } from '../src/model/injectors/index.js';
import type { InjectedBy, InjectionPlan } from '../src/model/injectors/index.js';
import { annotationFix } from '../src/fix/builders.js';
import { isRecord } from '../src/load/values.js';
import { injectedContainer } from '../src/model/effective-pod.js';
import { defineRule } from '../src/engine/rule.js';
import { mayClaim } from '../src/model/not-applied.js';
import type { Pod } from '../src/engine/rule.js';
import type { KubeVersion } from '../src/model/kube-version.js';

/** How to let an init container's traffic through, in each mesh's terms (besides a native proxy). */
const BYPASS: Readonly<Record<string, string>> = {
  istio: 'run it as uid 1337 (whose traffic Istio\'s iptables rules leave alone), or exclude what it calls with the annotations traffic.sidecar.istio.io/excludeOutboundIPRanges or excludeOutboundPorts',
  linkerd: 'run it as uid 2102 (the proxy\'s, whose traffic Linkerd\'s iptables rules leave alone), or skip what it calls with the annotation config.linkerd.io/skip-outbound-ports',
  appmesh: 'exclude what it calls with the annotations appmesh.k8s.aws/egressIgnoredPorts or appmesh.k8s.aws/egressIgnoredIPs',
};

/** The same for vault-agent-init, which the pod cannot give a securityContext: skip the Vault address's port (8200 by default). */
const VAULT_BYPASS: Readonly<Record<string, string>> = {
  istio: 'let its traffic to Vault skip the proxy with the annotation traffic.sidecar.istio.io/excludeOutboundPorts: "8200" (the port of your Vault address; 8200 by default)',
  linkerd: 'let its traffic to Vault skip the proxy with the annotation config.linkerd.io/skip-outbound-ports: "8200" (the port of your Vault address; 8200 by default)',
  appmesh: 'let its traffic to Vault skip Envoy with the annotation appmesh.k8s.aws/egressIgnoredPorts: "8200" (the port of your Vault address; 8200 by default)',
};

/** An init container that runs while the pod's traffic is redirected to a proxy that is not running yet. */
interface Blocked {
  readonly info: ContainerInfo;
  readonly reason: string;
  readonly plan: InjectionPlan;
  /** What redirects the traffic: the mesh's init container that ran before, or its CNI plugin. */
  readonly redirector: ContainerInfo | undefined;
}

/**
 * Walk the init phase in start order: the traffic is redirected from the start with CNI, else once the
 * mesh's iptables init container has run; a native proxy that has started takes it from there.
 */
function blockedInits(pod: Pod): Blocked[] {
  const meshes = pod.injections.filter((plan) => BYPASS[plan.by.injector] !== undefined);
  if (meshes.length === 0) return [];
  let redirecting: { plan: InjectionPlan; redirector: ContainerInfo | undefined } | undefined;
  const cni = meshes.find((plan) => plan.by.cni === true);
  if (cni !== undefined) redirecting = { plan: cni, redirector: undefined };
  const blocked: Blocked[] = [];
  for (const info of pod.containers) {
    if (info.role !== 'init' && info.role !== 'sidecar') continue;
    const redirects = info.injected?.redirects === true ? meshes.find((plan) => plan.by.injector === info.injected?.injector) : undefined;
    if (info.role === 'sidecar' && redirecting !== undefined && info.injected?.injector === redirecting.plan.by.injector && info.injected.role === 'proxy') redirecting = undefined;
    if (info.role === 'init' && redirecting !== undefined) {
      const reason = info.injected?.needsNetwork ?? (info.injected === undefined ? networkUse(info.script) : undefined);
      const uid = isRecord(info.container.securityContext) ? info.container.securityContext.runAsUser : undefined;
      if (reason !== undefined && uid !== redirecting.plan.proxyUid) blocked.push({ info, reason, ...redirecting });
    }
    if (redirects !== undefined) redirecting = { plan: redirects, redirector: info };
  }
  return blocked;
}

function remedyFor(by: InjectedBy, pod: Pod, kube: KubeVersion, info: ContainerInfo, redirector: ContainerInfo | undefined) {
  const native = nativeAnnotation(by, kube);
  const bypass = (info.injected?.injector === 'vault' ? VAULT_BYPASS : BYPASS)[by.injector] ?? '';
  const options: string[] = [];
  let fix: ReturnType<typeof annotationFix>;
  // Vault's init container can go first instead: ahead of the iptables init container, not of a CNI plugin.
  if (info.injected?.injector === 'vault' && redirector !== undefined) {
    options.push(`add the annotation vault.hashicorp.com/agent-init-first: "true" (vault-agent-init then runs first, before ${describeContainer(redirector)})`);
    fix = annotationFix(pod.object, pod.metadataPath, 'vault.hashicorp.com/agent-init-first', 'true');
  }
  if (native !== undefined) {
    options.push(`add the annotation ${native.key}: "true" (${PRODUCTS[by.injector]} then starts the proxy before the pod's init containers)`);
    fix ??= annotationFix(pod.object, pod.metadataPath, native.key, native.value);
  }
  options.push(bypass);
  return { remedy: options.join(', or '), fix };
}

export default defineRule({
  meta: {
    id: 'injected-init-network-blocked',
    description: 'Disallow init containers that need the network while the injected mesh proxy is classic',
    severity: 'error',
    docs: 'rules/injected-init-network-blocked.md',
    versionAware: true,
    seesInjected: true,
    fixable: true,
    tags: ['kubernetes', 'sidecar', 'network', 'reliability', 'injectors'],
    messages: {
      afterInit:
        '{{container}} needs the network ({{reason}}), but it runs after {{meshInit}}, which {{injector}} adds before it and which redirects the pod\'s traffic to {{proxy}}, and a classic proxy starts only after every init container has finished: its connections fail until it gives up. Fix: {{remedy}}.',
      cni:
        '{{container}} needs the network ({{reason}}), but with {{injector}}\'s CNI plugin the pod\'s traffic is redirected to {{proxy}} before any init container runs, and a classic proxy starts only after every init container has finished: its connections fail until it gives up. Fix: {{remedy}}.',
    },
  },
  check(pod, context) {
    // A claim about how the pod runs: it holds for an object read back from a cluster too (docs/precision.md).
    if (!mayClaim(pod, 'runtime')) return;
    for (const { info, reason, plan, redirector } of blockedInits(pod)) {
      const proxy = injectedContainer(pod.containers, plan.by.injector, 'proxy');
      const { remedy, fix } = remedyFor(plan.by, pod, context.kubernetesVersion, info, redirector);
      const command = Array.isArray(info.container.command) ? 'command' : 'args';
      context.report({
        path: info.injected !== undefined ? info.path : [...info.path, command],
        messageId: redirector === undefined ? 'cni' : 'afterInit',
        data: {
          container: describeContainer(info),
          reason,
          meshInit: redirector === undefined ? '' : describeContainer(redirector),
          proxy: proxy === undefined ? `the ${plan.by.label} proxy` : `"${proxy.name}"`,
          injector: plan.by.label,
          remedy,
        },
        container: info,
        ...(info.injected === undefined ? { injectedBy: plan.by } : {}),
        ...(fix !== undefined ? { fix } : {}),
      });
    }
  },
});
