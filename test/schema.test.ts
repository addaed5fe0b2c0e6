/** Pod spec schema validation: one problem per field, in plain words, with YAML read as kubectl reads it. */
import { describe, expect, it } from 'vitest';
import { validatePodSpec } from '../src/engine/pod-spec-schema.js';

const container = (extra: Record<string, unknown>) => ({ containers: [{ name: 'app', image: 'app:1', ...extra }] });

describe('validatePodSpec', () => {
  it('accepts a valid spec, numbers as quantities and names as int-or-string ports', () => {
    const spec = container({
      resources: { requests: { cpu: 1, memory: '64Mi' } },
      livenessProbe: { httpGet: { port: 'http' } },
      readinessProbe: { tcpSocket: { port: 8080 } },
    });
    expect(validatePodSpec(spec)).toEqual([]);
  });

  it('reports a failed int-or-string once, at the field', () => {
    expect(validatePodSpec(container({ livenessProbe: { tcpSocket: { port: 80.5 } } }))).toEqual([
      { kind: 'type', path: ['containers', 0, 'livenessProbe', 'tcpSocket', 'port'], problem: 'must be a string or an integer, not the number 80.5' },
    ]);
  });

  it('says how to fix a quoted number and an unquoted string', () => {
    const problems = validatePodSpec(container({ ports: [{ containerPort: '80' }], env: [{ name: 'A', value: true }] }));
    expect(problems.map((problem) => problem.problem).sort()).toEqual([
      'must be a string, not the boolean true (quote it)',
      'must be an integer, not the string "80" (remove the quotes)',
    ]);
  });

  it('reports a malformed quantity as a format problem, not as a type problem', () => {
    const [problem] = validatePodSpec(container({ resources: { limits: { memory: '1 Gi' } } }));
    expect(problem).toMatchObject({ kind: 'format', path: ['containers', 0, 'resources', 'limits', 'memory'] });
  });

  it('reports a missing field at the object that lacks it', () => {
    expect(validatePodSpec({ containers: [{ image: 'a' }] })).toEqual([
      { kind: 'required', path: ['containers', 0], problem: 'lacks the required field "name"', missing: 'name' },
    ]);
  });

  it('treats a null value as an absent field and a Date as a string, as the API server sees them', () => {
    const spec = { ...container({ env: [{ name: 'D', value: new Date('2024-05-01') }] }), tolerations: [{ operator: 'Exists', effect: null }] };
    expect(validatePodSpec(spec)).toEqual([]);
    expect(validatePodSpec({ containers: [{ name: 'a', image: 'b', ports: [{ containerPort: null }] }] })).toEqual([
      { kind: 'required', path: ['containers', 0, 'ports', 0], problem: 'lacks the required field "containerPort"', missing: 'containerPort' },
    ]);
  });

  it('reports invalid enum values with the allowed ones', () => {
    expect(validatePodSpec({ ...container({}), restartPolicy: 'always' })).toEqual([
      { kind: 'enum', path: ['restartPolicy'], problem: 'must be "Always", "Never" or "OnFailure", not the string "always"' },
    ]);
  });
});
