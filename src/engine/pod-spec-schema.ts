/**
 * Schema validation of a pod spec with the kubernetes-models validators (ajv-generated from the
 * Kubernetes OpenAPI). The validators are loaded on first use: they add tens of milliseconds of
 * start-up that runs without a pod spec (`--help`, `--list-rules`, empty inputs) need not pay.
 * Errors come back one per field, in plain words, with the field's path below the pod spec.
 */
import { createRequire } from 'node:module';
import { pointerToPath } from '../load/field-path.js';
import type { Path } from '../types.js';

export type SchemaProblemKind = 'required' | 'type' | 'enum' | 'format' | 'other';

export interface SchemaProblem {
  readonly kind: SchemaProblemKind;
  /** Path below the pod spec: the field itself, or for `required` the object that lacks it. */
  readonly path: Path;
  /** What is wrong, as the end of a sentence: `must be an integer, not the string "80"`. */
  readonly problem: string;
  /** The missing property of a `required` problem. */
  readonly missing?: string;
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

type Validator = (data: unknown) => void;

let validator: Validator | undefined;

function loadValidator(): Validator {
  if (!validator) {
    const require = createRequire(import.meta.url);
    const { PodSpec } = require('kubernetes-models/v1/PodSpec') as {
      PodSpec: new (data: unknown) => { validate(): void };
    };
    validator = (data) => new PodSpec(data).validate();
  }
  return validator;
}

/**
 * What the API server sees, from the loader's plain YAML 1.1 values:
 * - an unquoted `2024-01-01` is a Date here, but kubectl's YAML reader keeps such a scalar a string
 *   when the target is untyped, so the API server sees a string: Dates become strings;
 * - a key with an empty or null value (`effect:`) decodes to the field's zero value, as if it were
 *   absent: such keys are dropped (a required one is then reported as missing).
 */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== null && item !== undefined) out[key] = normalise(item);
    return out;
  }
  return value;
}

/** The value at a field path below `root`, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

const ARTICLE_TYPES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  array: 'a list',
  object: 'a map',
  null: 'null',
};

function typeName(type: unknown): string {
  return ARTICLE_TYPES[String(type)] ?? String(type);
}

/** `the string "80"`, `the number 80`, `a list`… for messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

function joinAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

const FORMATS: Record<string, string> = {
  int32: 'a 32-bit integer',
  int64: 'a 64-bit integer',
  quantity: 'a Kubernetes quantity such as "500m", "2" or "1Gi"',
  byte: 'base64 data',
};

/** True when the value has the type the format constrains: then the form, not the type, is wrong. */
function formatApplies(format: string, value: unknown): boolean {
  if (format === 'int32' || format === 'int64') return Number.isInteger(value);
  return typeof value === 'string';
}

function typeProblem(types: readonly unknown[], value: unknown): string {
  const wanted = joinAlternatives([...new Set(types.map(typeName))]);
  let problem = `must be ${wanted}, not ${describeValue(value)}`;
  if (typeof value === 'string' && /^-?\d+$/.test(value) && types.includes('integer')) problem += ' (remove the quotes)';
  else if ((typeof value === 'number' || typeof value === 'boolean') && types.length === 1 && types[0] === 'string') problem += ' (quote it)';
  return problem;
}

/** One problem per field: ajv reports a failed `oneOf` (int-or-string, quantity) as several errors. */
function problemsAt(errors: readonly AjvError[], path: Path, value: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  for (const error of errors.filter((item) => item.keyword === 'required')) {
    const missing = String(error.params.missingProperty);
    out.push({ kind: 'required', path, problem: `lacks the required field "${missing}"`, missing });
  }
  const rest = errors.filter((item) => item.keyword !== 'required');
  if (rest.length === 0) return out;
  const types = rest.filter((item) => item.keyword === 'type').map((item) => item.params.type);
  const format = rest.find((item) => item.keyword === 'format');
  const enumError = rest.find((item) => item.keyword === 'enum');
  if (enumError) {
    const allowed = (enumError.params.allowedValues as unknown[] | undefined) ?? [];
    out.push({ kind: 'enum', path, problem: `must be ${joinAlternatives(allowed.map((item) => JSON.stringify(item)))}, not ${describeValue(value)}` });
  } else if (format && formatApplies(String(format.params.format), value)) {
    // A value of the right type in the wrong form: "1 Gi", 3000000000 for an int32.
    const name = String(format.params.format);
    out.push({ kind: 'format', path, problem: `must be ${FORMATS[name] ?? `in the format ${name}`}, not ${describeValue(value)}` });
  } else if (types.length > 0) {
    out.push({ kind: 'type', path, problem: typeProblem(types, value) });
  } else {
    const first = rest[0];
    out.push({ kind: 'other', path, problem: first?.message ?? `is invalid (${first?.keyword ?? 'schema'})` });
  }
  return out;
}

/** Validate a pod spec (a plain toJS value); the problems in document order of their paths. */
export function validatePodSpec(spec: unknown): SchemaProblem[] {
  const data = normalise(spec);
  try {
    loadValidator()(data);
    return [];
  } catch (thrown) {
    const errors = (thrown as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) throw thrown;
    const byPath = new Map<string, AjvError[]>();
    for (const error of errors as AjvError[]) {
      const list = byPath.get(error.instancePath) ?? [];
      list.push(error);
      byPath.set(error.instancePath, list);
    }
    const problems: SchemaProblem[] = [];
    for (const [pointer, list] of byPath) {
      const path = pointerToPath(pointer);
      problems.push(...problemsAt(list, path, valueAt(data, path)));
    }
    return problems;
  }
}
