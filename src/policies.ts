/**
 * Declarative policies (config `policies:`): a JSON Schema (draft 2020-12, ajv) applied to the pod
 * spec, to each container of the matched roles, or to the whole object of every matching workload.
 * Each policy is compiled once into a synthetic rule with the built-in contract, so the engine,
 * `--list-rules`, suppressions and the formatters treat it like any other rule.
 *
 *   policies:
 *     - id: sidecar-registry
 *       message: 'sidecar "{container}" must come from registry.example.com ({error}).'
 *       severity: error
 *       target: container
 *       match: { kinds: [Deployment], namespaces: [prod], roles: [sidecar] }
 *       schema: { properties: { image: { pattern: '^registry\.example\.com/' } } }
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { ContainerInfo } from './containers.js';
import { ConfigError } from './config.js';
import { formatPath, pointerToPath } from './path.js';
import type { AnyRule, JsonSchema, Pod, RuleContext } from './rule.js';
import { matchesAnyGlob, matchesSelector } from './selector.js';
import type { LabelSelector } from './selector.js';
import type { Path, SeveritySetting } from './types.js';
import { isRecord } from './values.js';

export type PolicyTarget = 'pod' | 'container' | 'object';
/** Container roles a policy can select; `classic-sidecar` is an app container that looks like a helper. */
export type PolicyRole = 'app' | 'init' | 'sidecar' | 'ephemeral' | 'classic-sidecar';

export interface PolicyMatch {
  readonly kinds?: readonly string[];
  readonly namespaces?: readonly string[];
  /** Globs on `metadata.name`. */
  readonly names?: string | readonly string[];
  /** Matched against the object's labels merged with its pod template's labels. */
  readonly labelSelector?: LabelSelector;
  /** `target: container` only: which containers the schema applies to (default: all). */
  readonly roles?: readonly PolicyRole[];
  /** `target: container` only: globs on the container name. */
  readonly containerNames?: string | readonly string[];
}

export interface PolicyConfig {
  readonly id: string;
  readonly message: string;
  readonly severity?: SeveritySetting;
  readonly target?: PolicyTarget;
  readonly match?: PolicyMatch;
  /** An inline JSON Schema, or the path of a JSON/YAML file holding one (relative to the config file). */
  readonly schema: JsonSchema | string;
  readonly description?: string;
  /** A URL, or a path relative to the config file. */
  readonly docs?: string;
}

const STRING_LIST = { type: 'array', items: { type: 'string', minLength: 1 } };
const GLOBS = { oneOf: [{ type: 'string', minLength: 1 }, STRING_LIST] };

/** The shape of `policies:` (the schemas themselves are checked against the draft 2020-12 meta-schema). */
export const POLICIES_SCHEMA: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'message', 'schema'],
    properties: {
      id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
      message: { type: 'string', minLength: 1 },
      severity: { enum: ['off', 'warning', 'error'] },
      target: { enum: ['pod', 'container', 'object'] },
      description: { type: 'string' },
      docs: { type: 'string' },
      schema: { oneOf: [{ type: 'object' }, { type: 'boolean' }, { type: 'string', minLength: 1 }] },
      match: {
        type: 'object',
        additionalProperties: false,
        properties: {
          kinds: STRING_LIST,
          namespaces: STRING_LIST,
          names: GLOBS,
          containerNames: GLOBS,
          roles: { type: 'array', items: { enum: ['app', 'init', 'sidecar', 'ephemeral', 'classic-sidecar'] } },
          labelSelector: {
            type: 'object',
            additionalProperties: false,
            properties: {
              matchLabels: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
              matchExpressions: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['key', 'operator'],
                  properties: {
                    key: { type: 'string', minLength: 1 },
                    operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
                    values: { type: 'array', items: { type: ['string', 'number', 'boolean'] } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Placeholders a policy message may use. */
export const MESSAGE_PLACEHOLDERS = ['container', 'name', 'namespace', 'kind', 'error', 'path', 'policy'] as const;

interface AjvError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}
type PolicyValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface PolicyAjv {
  compile(schema: JsonSchema | boolean): PolicyValidator;
  validateSchema(schema: JsonSchema | boolean): boolean;
  errors?: AjvError[] | null;
}

async function createPolicyAjv(): Promise<PolicyAjv> {
  const module = await import('ajv/dist/2020.js');
  const Ajv2020 = (module as unknown as { default: new (options: object) => PolicyAjv }).default;
  // strictSchema: a misspelt keyword (`requird`) or an unsupported `format` is an error, not a silent pass.
  return new Ajv2020({ allErrors: true, strict: false, strictSchema: true, strictNumbers: true });
}

export interface CompileOptions {
  /** How the config is named in messages: its path relative to the working directory. */
  readonly where: string;
  /** Folder that schema file paths are relative to (the config file's). */
  readonly baseDir: string;
  /** Docs link for policies that give none: the config file's URL. */
  readonly defaultDocs: string;
}

function configError(options: CompileOptions, index: number, policy: PolicyConfig, detail: string): ConfigError {
  return new ConfigError(`invalid config ${options.where}: policies[${index}] (${policy.id}): ${detail}`);
}

function loadSchemaFile(file: string, fail: (detail: string) => ConfigError): JsonSchema | boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fail(`cannot read schema file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    throw fail(`schema file ${file} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof value !== 'boolean' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw fail(`schema file ${file} must hold a JSON Schema object`);
  }
  return value as JsonSchema | boolean;
}

function compileSchema(
  ajv: PolicyAjv,
  schema: JsonSchema | boolean,
  at: (pointer: string) => string,
  fail: (detail: string) => ConfigError,
): PolicyValidator {
  if (!ajv.validateSchema(schema)) {
    const first = ajv.errors?.[0];
    throw fail(`invalid JSON Schema at ${at(first?.instancePath ?? '')}: ${first?.message ?? 'does not match the draft 2020-12 meta-schema'}`);
  }
  try {
    return ajv.compile(schema);
  } catch (error) {
    throw fail(`invalid JSON Schema at ${at('')}: ${(error as Error).message}`);
  }
}

/** Keywords whose failure is reported as one error: the attempts inside them are noise. */
const SUMMARY_KEYWORDS = new Set(['anyOf', 'oneOf', 'contains', 'not']);

/**
 * The errors worth reporting: a failed `anyOf`/`oneOf`/`contains` once, without the attempts
 * inside it; an `if`/`then` by the `then` errors alone.
 */
export function reportableErrors(errors: readonly AjvError[]): AjvError[] {
  const combinators = errors.filter((error) => SUMMARY_KEYWORDS.has(error.keyword)).map((error) => `${error.schemaPath}/`);
  const kept = errors.filter(
    (error) => error.keyword !== 'if' && !combinators.some((prefix) => error.schemaPath.startsWith(prefix)),
  );
  return kept.length > 0 ? kept : [...errors];
}

/** ajv's text, made specific where its default says "allowed values" without naming them. */
export function errorText(error: AjvError): string {
  const params = error.params;
  if (error.keyword === 'const') return `must be ${JSON.stringify(params.allowedValue)}`;
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    const name = params.additionalProperty ?? params.unevaluatedProperty;
    return `must not have property ${JSON.stringify(name)}`;
  }
  return error.message ?? `fails "${error.keyword}"`;
}

/** Where an error points, relative to the validated value: the offending key for unknown properties. */
function errorPath(error: AjvError): Path {
  const path = pointerToPath(error.instancePath);
  const extra = error.params.additionalProperty ?? error.params.unevaluatedProperty;
  return typeof extra === 'string' ? [...path, extra] : path;
}

function asList(value: string | readonly string[] | undefined): readonly string[] | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? [value] : value;
}

/** Labels of the pod template (`…template.metadata.labels`), empty for a bare Pod. */
function templateLabels(pod: Pod): Record<string, string> {
  if (pod.path.length < 2) return {};
  let current: unknown = pod.object;
  for (const segment of [...pod.path.slice(0, -1), 'metadata', 'labels']) {
    if (!isRecord(current)) return {};
    current = current[segment];
  }
  const labels: Record<string, string> = {};
  if (isRecord(current)) for (const [key, value] of Object.entries(current)) labels[key] = String(value);
  return labels;
}

export function matchesWorkload(match: PolicyMatch, pod: Pod): boolean {
  const { owner } = pod;
  if (match.kinds && !match.kinds.includes(owner.kind)) return false;
  // An object without a namespace lands in the namespace it is applied to; we assume `default`.
  if (match.namespaces && !match.namespaces.includes(owner.namespace ?? 'default')) return false;
  const names = asList(match.names);
  if (names && !matchesAnyGlob(names, owner.name)) return false;
  if (match.labelSelector && !matchesSelector(match.labelSelector, { ...owner.labels, ...templateLabels(pod) })) return false;
  return true;
}

export function matchesContainer(match: PolicyMatch, info: ContainerInfo): boolean {
  if (match.roles) {
    const roles: PolicyRole[] = [info.role];
    if (info.classicSidecar) roles.push('classic-sidecar');
    if (!match.roles.some((role) => roles.includes(role))) return false;
  }
  const names = asList(match.containerNames);
  return !names || matchesAnyGlob(names, info.name);
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function containerAt(pod: Pod, path: Path): ContainerInfo | undefined {
  return pod.containers.find((info) => info.path.length <= path.length && info.path.every((segment, index) => path[index] === segment));
}

function policyRule(policy: PolicyConfig, validate: PolicyValidator, docs: string, where: string): AnyRule {
  const target = policy.target ?? 'pod';
  const match = policy.match ?? {};
  return {
    meta: {
      id: policy.id,
      description: policy.description ?? `Enforce the ${policy.id} policy of ${where}`,
      severity: policy.severity ?? 'error',
      docs,
      messages: { violation: '{{text}}' },
      tags: ['policy'],
    },
    check(pod: Pod, context: RuleContext) {
      if (!matchesWorkload(match, pod)) return;
      const subjects: { value: unknown; path: Path; container?: ContainerInfo }[] =
        target === 'object'
          ? [{ value: pod.object, path: [] }]
          : target === 'pod'
            ? [{ value: pod.spec, path: pod.path }]
            : pod.containers
                .filter((info) => matchesContainer(match, info))
                .map((info) => ({ value: info.container, path: info.path, container: info }));
      const seen = new Set<string>();
      for (const subject of subjects) {
        if (validate(subject.value)) continue;
        for (const error of reportableErrors(validate.errors ?? [])) {
          const path = [...subject.path, ...errorPath(error)];
          const container = subject.container ?? containerAt(pod, path);
          const text = fill(policy.message, {
            container: container?.name ?? '',
            name: pod.owner.name,
            namespace: pod.owner.namespace ?? 'default',
            kind: pod.owner.kind,
            error: errorText(error),
            path: formatPath(path),
            policy: policy.id,
          });
          const key = `${JSON.stringify(path)}\u0000${text}`;
          if (seen.has(key)) continue;
          seen.add(key);
          context.report({ path, messageId: 'violation', data: { text }, ...(container ? { container } : {}) });
        }
      }
    },
  };
}

/**
 * Validate `policies:` and compile each schema once, into rules. Throws ConfigError naming the
 * policy and the schema path for an invalid schema.
 */
export async function compilePolicies(policies: readonly PolicyConfig[], options: CompileOptions): Promise<AnyRule[]> {
  if (policies.length === 0) return [];
  const ajv = await createPolicyAjv();
  const rules: AnyRule[] = [];
  const ids = new Set<string>();
  for (const [index, policy] of policies.entries()) {
    const fail = (detail: string) => configError(options, index, policy, detail);
    if (ids.has(policy.id)) throw fail(`duplicate policy id "${policy.id}"`);
    ids.add(policy.id);
    for (const [, key] of policy.message.matchAll(/\{([a-zA-Z]+)\}/g)) {
      if (!(MESSAGE_PLACEHOLDERS as readonly string[]).includes(key ?? '')) {
        throw fail(`message: unknown placeholder {${key}} (use ${MESSAGE_PLACEHOLDERS.map((name) => `{${name}}`).join(', ')})`);
      }
    }
    const target = policy.target ?? 'pod';
    if (target !== 'container' && (policy.match?.roles || policy.match?.containerNames)) {
      throw fail(`match.roles and match.containerNames apply only to target: container (this policy has target: ${target})`);
    }
    const schemaFile = typeof policy.schema === 'string' ? (isAbsolute(policy.schema) ? policy.schema : resolve(options.baseDir, policy.schema)) : undefined;
    const schema = schemaFile ? loadSchemaFile(schemaFile, fail) : (policy.schema as JsonSchema);
    const at = (pointer: string): string => {
      if (schemaFile) return `${policy.schema as string}#${pointer}`;
      const path = formatPath(pointerToPath(pointer));
      return `policies[${index}].schema${path === '' ? '' : path.startsWith('[') ? path : `.${path}`}`;
    };
    const validate = compileSchema(ajv, schema, at, fail);
    // A docs link is a URL; a path is taken relative to the config file, like schema files.
    const docs = policy.docs === undefined ? options.defaultDocs : /^[a-z][a-z0-9+.-]*:/i.test(policy.docs) ? policy.docs : pathToFileURL(resolve(options.baseDir, policy.docs)).href;
    rules.push(policyRule(policy, validate, docs, options.where));
  }
  return rules;
}

export function policyBaseDir(configFile: string | undefined, cwd: string): string {
  return configFile ? dirname(configFile) : cwd;
}
