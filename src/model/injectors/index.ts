/**
 * Injector profiles: what the admission webhooks of Istio, Linkerd, the Vault Agent Injector, Dapr,
 * the OpenTelemetry Operator and AWS App Mesh add to a pod when it is created, each injector a module
 * of its own, composed in the order the API server calls them.
 *
 * The API server calls mutating webhook configurations one after another, sorted by their names
 * (kubernetes/apiserver pkg/admission/configuration/mutating_webhook_manager.go@24a394e l.121-125,
 * l.161-162), each on the pod as the earlier ones left it; a webhook whose reinvocationPolicy is
 * IfNeeded is called once more when a later one changed the pod (pkg/admission/plugin/webhook/mutating/
 * dispatcher.go l.106-200). With the vendors' names: appmesh-controller-… < dapr-sidecar-injector <
 * istio-sidecar-injector < linkerd-proxy-injector-webhook-config < opentelemetry-operator-… <
 * vault-agent-injector-cfg. Facts and sources: docs/injectors.md and each module's header.
 */
import type { KubeVersion } from '../kube-version.js';
import { appmesh } from './appmesh.js';
import { dapr } from './dapr.js';
import { istio } from './istio.js';
import { linkerd } from './linkerd.js';
import { mergePlans } from './merge.js';
import { opentelemetry } from './opentelemetry.js';
import { INJECTOR_NAMES, parseInjectorVersion } from './profile.js';
import type { AnnotationChange, InjectedBy, InjectionInput, InjectionPlan, InjectorModule, InjectorName, InjectorProfile, JobRemedy } from './profile.js';
import { vault } from './vault.js';

export * from './profile.js';
export { ISTIO_NATIVE_ANNOTATION, ISTIO_UID } from './istio.js';
export { LINKERD_UID, linkerdNativeAnnotation } from './linkerd.js';
export { VAULT_SECRETS_PATH } from './vault.js';
export { asksOpenTelemetry } from './opentelemetry.js';

export const INJECTORS: Readonly<Record<InjectorName, InjectorModule>> = { istio, linkerd, vault, dapr, opentelemetry, appmesh };

export const PRODUCTS: Readonly<Record<InjectorName, string>> = Object.fromEntries(INJECTOR_NAMES.map((name) => [name, INJECTORS[name].product])) as Record<InjectorName, string>;

/** The version a profile without one is taken at: each module's current release. */
export const DEFAULT_VERSIONS: Readonly<Record<InjectorName, string>> = Object.fromEntries(INJECTOR_NAMES.map((name) => [name, INJECTORS[name].defaultVersion])) as Record<InjectorName, string>;

/** The name the API server orders a profile's webhook by: the profile's `webhook`, else the vendor's. */
export function webhookName(profile: InjectorProfile): string {
  return profile.webhook ?? INJECTORS[profile.name].webhook.name;
}

/** The profiles in the order the API server calls their webhooks (by name, in code-unit order as Go compares strings). */
export function webhookOrder(profiles: readonly InjectorProfile[]): InjectorProfile[] {
  return [...profiles].sort((a, b) => {
    const left = webhookName(a);
    const right = webhookName(b);
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/**
 * What the enabled profiles add to this pod spec, in the order their webhooks run: each sees the pod
 * as the earlier ones left it; one reinvocation round for the IfNeeded webhooks that ran before a change.
 */
export function planInjections(profiles: readonly InjectorProfile[], input: InjectionInput): InjectionPlan[] {
  const plans: InjectionPlan[] = [];
  const ordered = webhookOrder(profiles);
  const call = (profile: InjectorProfile): boolean => {
    // The pod as the webhooks before it left it: their containers, volumes, labels and annotations.
    const spec = plans.length === 0 ? input.spec : mergePlans(input.spec, plans).spec;
    const labels = plans.reduce<Readonly<Record<string, string>>>((all, plan) => ({ ...all, ...plan.labels }), input.labels);
    const annotations = plans.reduce<Readonly<Record<string, string>>>((all, plan) => ({ ...all, ...plan.annotations }), input.annotations);
    const plan = INJECTORS[profile.name].plan(profile, { ...input, spec, labels, annotations });
    if (plan === undefined) return false;
    plans.push(plan);
    return true;
  };
  // dispatcher.go l.190-200: a change asks the IfNeeded webhooks called before it to run again, once.
  const invoked: InjectorProfile[] = [];
  const reinvoke = new Set<InjectorProfile>();
  for (const profile of ordered) {
    if (call(profile)) {
      for (const earlier of invoked) reinvoke.add(earlier);
      invoked.length = 0;
    }
    if (INJECTORS[profile.name].webhook.reinvocation === 'IfNeeded') invoked.push(profile);
  }
  for (const profile of ordered) if (reinvoke.has(profile)) call(profile);
  return plans;
}

/** `istio@1.27`, `linkerd@2.19`, `vault` → a profile (auto native mode), or a reason it is none. */
export function parseInjectorFlag(text: string): InjectorProfile | { readonly problem: string } {
  const [name = '', version, ...rest] = text.trim().split('@');
  if (rest.length > 0) return { problem: `"${text}" has more than one @` };
  if (!(INJECTOR_NAMES as readonly string[]).includes(name)) return { problem: `unknown injector "${name}": use one of ${INJECTOR_NAMES.join(', ')}` };
  const injector = name as InjectorName;
  if (version !== undefined && parseInjectorVersion(version) === undefined) return { problem: `"${version}" is not a version: expected MAJOR.MINOR, for example ${name}@${DEFAULT_VERSIONS[injector]}` };
  return { name: injector, ...(version !== undefined ? { version: version.trim().replace(/^v/, '') } : {}), nativeSidecars: 'auto' };
}

/** The pod annotation that makes this injector inject its proxy or agent as a native sidecar, if there is one. */
export function nativeAnnotation(by: InjectedBy, kube: KubeVersion): AnnotationChange | undefined {
  return INJECTORS[by.injector].nativeAnnotation(by, kube);
}

/** How to let a Job complete with the long-running `container` this injector adds. */
export function jobRemedy(by: InjectedBy, kube: KubeVersion, container: string): JobRemedy {
  return INJECTORS[by.injector].jobRemedy(by, kube, container);
}
