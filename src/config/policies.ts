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
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatLimit, MAX_SHARED_FILE_BYTES, parseYamlText, readTextWithin } from './config-text.js';
import type { ContainerInfo } from '../model/containers.js';
import { ConfigError } from './config.js';
import { formatPath, pointerToPath } from '../load/field-path.js';
import { describeThrown } from '../engine/rule.js';
import type { AnyRule, JsonSchema, Pod, RuleContext } from '../engine/rule.js';
import { matchesContainer, matchesWorkload } from './policy-match.js';
import { MESSAGE_PLACEHOLDERS } from './policy-schema.js';
import type { PolicyConfig } from './policy-schema.js';
import type { Path } from '../types.js';
import { loadRe2 } from './re2.js';
import { reallyInside } from '../load/inside.js';

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

type PolicyRegExp = typeof import('./policy-regexp.js');

/** ajv and the linear-time regex engine are loaded only when the config has policies. */
async function createPolicyAjv(): Promise<{ ajv: PolicyAjv; regexp: PolicyRegExp }> {
  const [module, regexp] = await Promise.all([import('ajv/dist/2020.js'), import('./policy-regexp.js')]);
  const Ajv2020 = (module as unknown as { default: new (options: object) => PolicyAjv }).default;
  // strictSchema: a misspelt keyword (`requird`) or an unsupported `format` is an error, not a silent pass.
  // code.regExp: `pattern` and `patternProperties` run on RE2, never on the backtracking RegExp.
  const ajv = new Ajv2020({ allErrors: true, strict: false, strictSchema: true, strictNumbers: true, code: { regExp: regexp.linearRegExp } });
  return { ajv, regexp };
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
  let text: string | undefined;
  try {
    text = readTextWithin(file, MAX_SHARED_FILE_BYTES);
  } catch (error) {
    throw fail(`cannot read schema file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (text === undefined) throw fail(`cannot read schema file ${file}: it is larger than ${formatLimit(MAX_SHARED_FILE_BYTES)}`);
  const parsed = parseYamlText(text);
  if ('error' in parsed) throw fail(`schema file ${file} is not valid JSON or YAML: line ${parsed.line}, column ${parsed.column}: ${parsed.error}`);
  const value = parsed.value;
  if (typeof value !== 'boolean' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw fail(`schema file ${file} must hold a JSON Schema object`);
  }
  return value as JsonSchema | boolean;
}

function compileSchema(
  { ajv, regexp }: { ajv: PolicyAjv; regexp: PolicyRegExp },
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
    if (error instanceof regexp.UnsupportedPattern) {
      const pointer = regexp.patternPointer(schema, error.pattern);
      throw fail(
        `${pointer === undefined ? '' : `${at(pointer)}: `}${error.message}; policy patterns run on RE2, in linear time, which has no backreferences or lookaround`,
      );
    }
    throw fail(`invalid JSON Schema at ${at('')}: ${describeThrown(error)}`);
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
  // Name globs of `match:` run on re2js too (selector.ts).
  const [engine] = await Promise.all([createPolicyAjv(), loadRe2()]);
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
    // A schema file is read and its errors quoted: one outside the repository is not read at all.
    if (schemaFile !== undefined && !reallyInside(schemaFile, options.baseDir)) throw fail(`schema file ${policy.schema as string} is not inside the config file's folder: a policy's schema must be in the repository it belongs to`);
    const schema = schemaFile ? loadSchemaFile(schemaFile, fail) : (policy.schema as JsonSchema);
    const at = (pointer: string): string => {
      if (schemaFile) return `${policy.schema as string}#${pointer}`;
      const path = formatPath(pointerToPath(pointer));
      return `policies[${index}].schema${path === '' ? '' : path.startsWith('[') ? path : `.${path}`}`;
    };
    const validate = compileSchema(engine, schema, at, fail);
    // A docs link is a URL; a path is taken relative to the config file, like schema files.
    const docs = policy.docs === undefined ? options.defaultDocs : /^[a-z][a-z0-9+.-]*:/i.test(policy.docs) ? policy.docs : pathToFileURL(resolve(options.baseDir, policy.docs)).href;
    rules.push(policyRule(policy, validate, docs, options.where));
  }
  return rules;
}

export function policyBaseDir(configFile: string | undefined, cwd: string): string {
  return configFile ? dirname(configFile) : cwd;
}
