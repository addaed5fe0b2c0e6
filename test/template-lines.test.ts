/**
 * Finding a field's line in a Helm template by its indentation structure alone: list items by a
 * literal name, by the one templated name, by index only in a list without {{ }} lines; no guess.
 */
import { describe, expect, it } from 'vitest';
import { readTemplate } from '../src/render/named-templates.js';
import { findInTemplate } from '../src/render/template-lines.js';
import { templateTrees } from '../src/render/template-trees.js';
import type { TemplateTree } from '../src/render/template-trees.js';
import type { Path } from '../src/types.js';

const trees = (text: string) => templateTrees(readTemplate('t.yaml', text));

/** Line and column of a path's key, or undefined when the template does not write it as such. */
function at(tree: TemplateTree, path: Path, rendered: unknown): { line: number; column: number } | undefined {
  const found = findInTemplate(tree, path, rendered);
  return 'miss' in found ? undefined : { line: found.line, column: found.column };
}

const TEMPLATE = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}
spec:
  containers:
    - name: app
      image: app:1
      ports:
        - containerPort: 80
        - containerPort: 81
    {{- range .Values.sidecars }}
    - name: {{ .name }}
      image: {{ .image }}
      env:
        {{- toYaml .env | nindent 8 }}
    {{- end }}
  volumes:
  {{- if .Values.logs }}
  - name: logs
    emptyDir: {}
  {{- end }}
`;

const rendered = {
  spec: {
    containers: [
      { name: 'app', image: 'app:1', ports: [{ containerPort: 80 }, { containerPort: 81 }] },
      { name: 'shipper', image: 'busybox', env: [{ name: 'A', value: '1' }] },
    ],
    volumes: [{ name: 'logs', emptyDir: {} }],
  },
};

describe('findInTemplate', () => {
  const [tree] = trees(TEMPLATE);

  it('follows keys and named items to the key line, 1-based', () => {
    expect(at(tree!, ['spec', 'containers', 0, 'image'], rendered)).toEqual({ line: 8, column: 7 });
    expect(at(tree!, ['metadata', 'name'], rendered)).toEqual({ line: 4, column: 3 });
  });

  it('takes the one item with a templated name for a name no item writes', () => {
    expect(at(tree!, ['spec', 'containers', 1, 'image'], rendered)).toEqual({ line: 14, column: 7 });
    expect(at(tree!, ['spec', 'containers', 1], rendered)).toEqual({ line: 13, column: 7 });
  });

  it('matches unnamed items by index only where no {{ }} line is inside the list', () => {
    expect(at(tree!, ['spec', 'containers', 0, 'ports', 1, 'containerPort'], rendered)).toEqual({ line: 11, column: 11 });
  });

  it('gives no answer for what a {{ }} expression wrote', () => {
    expect(at(tree!, ['spec', 'containers', 1, 'env', 0, 'value'], rendered)).toBeUndefined();
  });

  it("reads a list written at its key's indentation, inside an if", () => {
    expect(at(tree!, ['spec', 'volumes', 0, 'emptyDir'], rendered)).toEqual({ line: 21, column: 5 });
  });

  it('refuses two items of the same literal name', () => {
    const [twice] = trees('items:\n  - name: a\n    x: 1\n  - name: a\n    x: 2\n');
    expect(at(twice!, ['items', 0, 'x'], { items: [{ name: 'a', x: 1 }] })).toBeUndefined();
  });
});
