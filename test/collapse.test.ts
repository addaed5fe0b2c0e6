/** Repeated placeholders: one pod-spec-schema finding per placeholder value and file, with the count of the others. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';

const FILE = join(import.meta.dirname, '..', 'fixtures', 'precision', 'placeholders.yaml');
const SNIPPET = join(import.meta.dirname, '..', 'fixtures', 'precision', 'doc-placeholders.yaml');

describe('a placeholder repeated across a rendered file', () => {
  it('is reported once, at its first place, with how many more times it appears', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const findings = lintText('placeholders.yaml', readFileSync(FILE, 'utf8'), config);
    expect(findings.map((finding) => [finding.ruleId, finding.region.start.line, finding.region.start.column, finding.message])).toEqual([
      [
        'pod-spec-schema',
        14,
        15,
        'Deployment/api: container "api" field ports[0].containerPort must be an integer, not the string "{{ .Values.port }}"; the API server rejects the pod. The same placeholder "{{ .Values.port }}" is rejected 2 more times in this file (not reported again): render the file before linting it.',
      ],
      [
        'pod-spec-schema',
        15,
        15,
        'Deployment/api: container "api" field ports[1].containerPort must be an integer, not the string "<ADD PORT HERE>"; the API server rejects the pod.',
      ],
    ]);
  });

  it('leaves a wrong value that is not a placeholder reported at every place', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const text = readFileSync(FILE, 'utf8').replaceAll('"{{ .Values.port }}"', '"8080"');
    const lines = lintText('p.yaml', text, config).map((finding) => finding.region.start.line);
    expect(lines).toEqual([14, 15, 29, 30]);
  });

  it('in a documentation snippet, is one finding per placeholder whichever rules meet it (not a name with uppercase letters and a missing image on one line)', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const findings = lintText('doc-placeholders.yaml', readFileSync(SNIPPET, 'utf8'), config).filter((finding) => finding.severity === 'error');
    expect(findings.map((finding) => [finding.ruleId, finding.region.start.line, finding.region.start.column])).toEqual([
      ['container-name-invalid', 15, 11],
      ['pod-spec-schema', 17, 15],
    ]);
    expect(findings[0]?.message).toBe(
      'Deployment/<YOUR-APPLICATION-NAME>: a container is named with the placeholder "<YOUR-APPLICATION-NAME>", not a name: the API server rejects the pod as written. Fill in a DNS-1123 label (at most 63 lowercase letters, digits and "-"). The same placeholder "<YOUR-APPLICATION-NAME>" is rejected 1 more time in this file (not reported again): fill in the placeholders before applying it.',
    );
  });
});
