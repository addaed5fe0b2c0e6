/**
 * What the injector modules share to read a pod: its labels and annotations (and its namespace's),
 * the value parsers the vendors use (Go's `strconv.ParseBool`, dapr/kit's `IsTruthy`), the names of
 * the containers already there, and the `InjectedBy` mark with the words messages use for a trigger.
 */
import { isRecord } from '../../load/values.js';
import { parseInjectorVersion } from './profile.js';
import type { InjectedBy, InjectionInput, InjectorProfile, InjectorVersion, Trigger } from './profile.js';

/** Go's `strconv.ParseBool`: `1 t T TRUE true True` / `0 f F FALSE false False`; anything else is an error (undefined). */
export function parseGoBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** dapr/kit `strings.IsTruthy`: `y yes true t on 1`, any case, spaces trimmed. */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ['y', 'yes', 'true', 't', 'on', '1'].includes(value.trim().toLowerCase());
}

/** The names of the containers of every list, as the pod stands now (earlier webhooks' included). */
export function containerNames(spec: Record<string, unknown>, lists: readonly string[] = ['initContainers', 'containers']): string[] {
  return lists.flatMap((list) => {
    const entries = spec[list];
    return Array.isArray(entries) ? entries.filter(isRecord).map((entry) => String(entry.name ?? '')) : [];
  });
}

/** The images of the containers of a list. */
export function containerImages(spec: Record<string, unknown>, list: 'initContainers' | 'containers'): string[] {
  const entries = spec[list];
  return Array.isArray(entries) ? entries.filter(isRecord).map((entry) => (typeof entry.image === 'string' ? entry.image : '')) : [];
}

export function podTrigger(input: InjectionInput, field: 'labels' | 'annotations', key: string): Trigger | undefined {
  const value = input[field][key];
  return value === undefined ? undefined : { on: 'pod', field, key, value };
}

export function namespaceTrigger(input: InjectionInput, field: 'labels' | 'annotations', key: string): Trigger | undefined {
  const meta = input.namespaceMeta;
  const value = meta?.[field][key];
  if (meta === undefined || value === undefined) return undefined;
  return { on: 'namespace', field, key, value, namespace: input.namespace, ...(meta.fromConfig ? { fromConfig: true } : {}), ...(meta.file !== undefined ? { file: meta.file } : {}) };
}

/** The namespace's value for a key (labels first), when the namespace is known. */
export function namespaceValue(input: InjectionInput, field: 'labels' | 'annotations', key: string): string | undefined {
  return input.namespaceMeta?.[field][key];
}

function describeTrigger(trigger: Trigger, podWord: string): string {
  const kind = trigger.field === 'labels' ? 'label' : 'annotation';
  if (trigger.on === 'namespace') {
    const where = trigger.fromConfig ? ", from the config's namespaces" : trigger.file !== undefined ? `, from its Namespace in ${trigger.file}` : '';
    return `namespace ${trigger.namespace ?? ''} has ${trigger.key}=${trigger.value}${where}`;
  }
  return `${podWord} has ${kind} ${trigger.key}: "${trigger.value}"`;
}

/** The profile's version, or the module's default, parsed. */
export function versionOf(profile: InjectorProfile, defaultVersion: string): { readonly text: string; readonly parsed: InjectorVersion | undefined } {
  const text = profile.version ?? defaultVersion;
  return { text, parsed: parseInjectorVersion(text) };
}

export function injectedBy(profile: InjectorProfile, product: string, defaultVersion: string, trigger: Trigger, native: boolean, input: InjectionInput): InjectedBy {
  const { text } = versionOf(profile, defaultVersion);
  return {
    injector: profile.name,
    label: `${product} ${text}`,
    version: text,
    trigger,
    because: describeTrigger(trigger, input.isPod === true ? 'the pod' : 'the pod template'),
    native,
    ...(profile.cni === true ? { cni: true } : {}),
  };
}
