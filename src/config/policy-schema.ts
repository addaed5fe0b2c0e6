/** The shape of config `policies:` entries: their types and the JSON Schema the config is checked against. */
import type { JsonSchema } from '../engine/rule.js';
import type { LabelSelector } from './selector.js';
import type { SeveritySetting } from '../types.js';

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
