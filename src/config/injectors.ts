/**
 * The `injectors:` and `namespaces:` sections of the config, and `--injector name@version`: checked
 * with messages that name the field, and turned into the engine's `InjectionSettings`.
 *
 *   injectors:
 *     - istio: { version: "1.27", nativeSidecars: auto }   # auto | true | false
 *     - linkerd: { version: "2.19", cni: true }            # Linkerd CNI (Istio too)
 *     - vault: { webhook: "vault-agent-injector-cfg" }     # the webhook's name, when the install renamed it
 *     - appmesh: { xray: true }                            # the controller adds xray-daemon
 *     - dapr                                              # a bare name, or name@version
 *   namespaces:
 *     payments: { istio-injection: enabled }
 */
import { DEFAULT_VERSIONS, INJECTOR_NAMES, parseInjectorFlag, parseInjectorVersion, PRODUCTS, webhookName, webhookOrder } from '../model/injectors/index.js';
import type { InjectionSettings, InjectorName, InjectorProfile, NativeSetting } from '../model/injectors/index.js';
import type { JsonSchema } from '../engine/rule.js';

const PROFILE_SETTINGS: JsonSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    version: { type: ['string', 'number'] },
    nativeSidecars: { enum: ['auto', true, false] },
    cni: { type: 'boolean' },
    xray: { type: 'boolean' },
    webhook: { type: 'string', minLength: 1, maxLength: 253 },
  },
};

/** The JSON schema of the two sections (part of the config schema in config.ts). */
export const INJECTION_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  injectors: {
    type: 'array',
    // A name (`istio@1.27`) or a map of one name to its settings; names are checked in profileOf, with a clearer message.
    items: { type: ['string', 'object'], minLength: 1, minProperties: 1, additionalProperties: PROFILE_SETTINGS },
  },
  namespaces: {
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
  },
};

/** How one entry of `injectors:` is wrong, or its profile. */
function profileOf(entry: unknown, where: string): InjectorProfile | string {
  if (typeof entry === 'string') {
    const parsed = parseInjectorFlag(entry);
    return 'problem' in parsed ? `${where}: ${parsed.problem}` : parsed;
  }
  const entries = Object.entries(entry as Record<string, unknown>);
  if (entries.length > 1) return `${where}: one injector per entry, got ${entries.map(([key]) => key).join(', ')}`;
  const [name, settings] = entries[0] ?? [];
  if (name === undefined || !(INJECTOR_NAMES as readonly string[]).includes(name)) return `${where}: unknown injector "${String(name)}": use one of ${INJECTOR_NAMES.join(', ')}`;
  const given = (settings ?? {}) as { version?: unknown; nativeSidecars?: NativeSetting; cni?: boolean; xray?: boolean; webhook?: string };
  const injector = name as InjectorName;
  // A setting the injector does not have would change nothing: say so rather than ignore it.
  if (given.cni !== undefined && injector !== 'istio' && injector !== 'linkerd') return `${where}.${name}.cni: only istio and linkerd have a CNI mode`;
  if (given.xray !== undefined && injector !== 'appmesh') return `${where}.${name}.xray: only appmesh adds an X-Ray daemon`;
  if (given.nativeSidecars === true && (injector === 'vault' || injector === 'appmesh')) return `${where}.${name}.nativeSidecars: ${PRODUCTS[injector]} injects no native sidecars (classic only)`;
  if (given.webhook !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(given.webhook)) return `${where}.${name}.webhook: "${given.webhook}" is not a Kubernetes object name (lowercase letters, digits, '-' and '.')`;
  const example = DEFAULT_VERSIONS[injector] ?? '1.0';
  if (typeof given.version === 'number') {
    return `${where}.${name}.version: write the version in quotes ("${example}"): as a number, 1.20 would read as 1.2`;
  }
  if (typeof given.version === 'string' && parseInjectorVersion(given.version) === undefined) {
    return `${where}.${name}.version: "${given.version}" is not a version: expected MAJOR.MINOR, for example "${example}"`;
  }
  return {
    name: injector,
    ...(typeof given.version === 'string' ? { version: given.version.trim().replace(/^v/, '') } : {}),
    nativeSidecars: given.nativeSidecars ?? 'auto',
    ...(given.cni !== undefined ? { cni: given.cni } : {}),
    ...(given.xray !== undefined ? { xray: given.xray } : {}),
    ...(given.webhook !== undefined ? { webhook: given.webhook } : {}),
  };
}

/**
 * The injection settings of a run: the config's profiles, with those of `--injector` in place of a
 * configured profile of the same name; undefined when no profile is enabled. Returns a problem
 * (naming the field) instead when an entry is wrong. The schema has checked the shapes.
 */
export function injectionSettings(
  injectors: readonly unknown[] | undefined,
  namespaces: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined,
  flags: readonly string[] = [],
): InjectionSettings | undefined | { readonly problem: string } {
  const profiles: InjectorProfile[] = [];
  for (const [index, entry] of (injectors ?? []).entries()) {
    const profile = profileOf(entry, `injectors[${index}]`);
    if (typeof profile === 'string') return { problem: profile };
    if (profiles.some((other) => other.name === profile.name)) return { problem: `injectors[${index}]: ${profile.name} is listed twice` };
    profiles.push(profile);
  }
  for (const flag of flags) {
    const parsed = parseInjectorFlag(flag);
    if ('problem' in parsed) return { problem: `--injector ${flag}: ${parsed.problem}` };
    const existing = profiles.findIndex((other) => other.name === parsed.name);
    // The flag's version over the config's; the config's native setting stays.
    if (existing >= 0) profiles[existing] = { ...profiles[existing]!, ...(parsed.version !== undefined ? { version: parsed.version } : {}) };
    else profiles.push(parsed);
  }
  if (profiles.length === 0) return undefined;
  const labels: Record<string, Record<string, string>> = {};
  for (const [name, map] of Object.entries(namespaces ?? {})) {
    labels[name] = Object.fromEntries(Object.entries(map).map(([key, value]) => [key, String(value)]));
  }
  return { injectors: profiles, namespaces: labels };
}

export interface DescribedProfile {
  readonly name: string;
  readonly version: string;
  readonly nativeSidecars: NativeSetting;
  readonly cni?: boolean;
  readonly xray?: boolean;
  /** The MutatingWebhookConfiguration the API server orders it by. */
  readonly webhook: string;
}

/** `--print-config`'s view: each profile with its version (the default when none is given), in the order the webhooks run. */
export function describeInjection(settings: InjectionSettings | undefined): { injectors: DescribedProfile[]; namespaces: Readonly<Record<string, Readonly<Record<string, string>>>> } {
  return {
    injectors: webhookOrder(settings?.injectors ?? []).map((profile) => ({
      name: profile.name,
      version: profile.version ?? DEFAULT_VERSIONS[profile.name],
      nativeSidecars: profile.nativeSidecars,
      ...(profile.cni !== undefined ? { cni: profile.cni } : {}),
      ...(profile.xray !== undefined ? { xray: profile.xray } : {}),
      webhook: webhookName(profile),
    })),
    namespaces: settings?.namespaces ?? {},
  };
}
