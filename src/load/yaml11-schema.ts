/**
 * The scalars of YAML 1.1 as the API server reads them (go-yaml v2's rules, yaml11-scalars.ts) as a
 * js-yaml 4 schema. Merge keys (`<<`) and `!!binary` are YAML 1.1 types go-yaml also reads; js-yaml
 * provides both. Only the resolution rules are sidecar-lint's; reading YAML is js-yaml's.
 */
import jsyaml from 'js-yaml';
import { FALSE, floatOf, integerOf, NULLS, TRUE } from './yaml11-scalars.js';

/** js-yaml's own YAML 1.1 types (its type declarations do not list them). */
const { merge, binary } = (jsyaml as unknown as { types: { merge: jsyaml.Type; binary: jsyaml.Type } }).types;

const isNumber = (value: unknown): value is number => typeof value === 'number';

const nullType = new jsyaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || NULLS.has(data),
  construct: () => null,
  predicate: (value: unknown) => value === null,
  represent: () => 'null',
});

const boolType = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (TRUE.has(data) || FALSE.has(data)),
  construct: (data: string) => TRUE.has(data),
  predicate: (value: unknown) => typeof value === 'boolean',
  represent: (value: object) => String(value),
});

const intType = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && integerOf(data) !== undefined,
  construct: (data: string) => integerOf(data),
  predicate: (value: unknown) => isNumber(value) && Number.isInteger(value),
  represent: (value: object) => String(value),
});

const floatType = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && floatOf(data) !== undefined,
  construct: (data: string) => floatOf(data),
  predicate: (value: unknown) => isNumber(value) && !Number.isInteger(value),
  represent: (value: object) => String(value),
});

/** `!!binary`, empty scalars included (no bytes; js-yaml's own type would call a string method on null). */
const binaryType = new jsyaml.Type('tag:yaml.org,2002:binary', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || binary.resolve(data),
  construct: (data: string | null) => (data === null ? new Uint8Array() : binary.construct(data)),
});

/** go-yaml v2's YAML 1.1 resolution on js-yaml's reader (string, sequence and mapping come with it). */
export const KUBERNETES_YAML_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, merge],
  explicit: [binaryType],
});
