/**
 * The `injectors:` and `namespaces:` sections of the config, and `--injector name@version`: checked
 * with messages that name the field, and turned into the engine's `InjectionSettings`.
 *
 *   injectors:
 *     - istio: { version: "1.27", nativeSidecars: auto }   # auto | true | false
 *     - linkerd: { version: "2.19" }
 *     - vault: {}
 *     - dapr                                              # a bare name, or name@version
 *   namespaces:
 *     payments: { istio-injection: enabled }
 */
import { DEFAULT_VERSIONS, INJECTOR_NAMES, parseInjectorFlag, parseInjectorVersion } from '../model/injectors.js';
import type { InjectionSettings, InjectorName, InjectorProfile, NativeSetting } from '../model/injectors.js';
import type { JsonSchema } from '../engine/rule.js';

const PROFILE_SETTINGS: JsonSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    version: { type: ['string', 'number'] },
    nativeSidecars: { enum: ['auto', true, false] },
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
  const given = (settings ?? {}) as { version?: unknown; nativeSidecars?: NativeSetting };
  const injector = name as InjectorName;
  const example = DEFAULT_VERSIONS[injector] ?? '1.0';
  if (typeof given.version === 'number') {
    return `${where}.${name}.version: write the version in quotes ("${example}"): as a number, 1.20 would read as 1.2`;
  }
  if (typeof given.version === 'string' && parseInjectorVersion(given.version) === undefined) {
    return `${where}.${name}.version: "${given.version}" is not a version: expected MAJOR.MINOR, for example "${example}"`;
  }
  return { name: injector, ...(typeof given.version === 'string' ? { version: given.version.trim().replace(/^v/, '') } : {}), nativeSidecars: given.nativeSidecars ?? 'auto' };
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

/** `--print-config`'s view: each profile with its version (the default when none is given). */
export function describeInjection(settings: InjectionSettings | undefined): { injectors: { name: string; version: string | null; nativeSidecars: NativeSetting }[]; namespaces: Readonly<Record<string, Readonly<Record<string, string>>>> } {
  return {
    injectors: (settings?.injectors ?? []).map((profile) => ({ name: profile.name, version: profile.version ?? DEFAULT_VERSIONS[profile.name] ?? null, nativeSidecars: profile.nativeSidecars })),
    namespaces: settings?.namespaces ?? {},
  };
}
