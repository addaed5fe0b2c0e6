/** The fixer's edit operations on their own: exact bytes, and the guard that refuses unsafe edits. */
import { describe, expect, it } from 'vitest';
import { applyFix } from '../src/fix/apply-fix.js';
import type { FixOperation } from '../src/types.js';

const CONTAINER = ['spec', 'containers', 0];

function fixed(text: string, operation: FixOperation, documentIndex = 0): string {
  const outcome = applyFix(text, documentIndex, operation);
  if ('refused' in outcome) throw new Error(`refused: ${outcome.refused}`);
  return outcome.text;
}

describe('replace-in-scalar', () => {
  const tailF: FixOperation = { kind: 'replace-in-scalar', path: [...CONTAINER, 'command', 2], from: /\btail -f\b/g, to: 'tail -F' };

  it('edits inside a double-quoted flow item and keeps everything else', () => {
    const text = `kind: Pod # c\nspec:\n  containers:\n    - name: a\n      command: ["sh", "-c", "tail -f /x & tail -f /y"]   # follow\n`;
    expect(fixed(text, tailF)).toBe(text.replace('tail -f /x & tail -f /y', 'tail -F /x & tail -F /y'));
  });

  it('edits a plain and a block literal scalar in place', () => {
    const plain = `spec:\n  containers:\n  - command:\n    - sh\n    - -c\n    - tail -f /x\n`;
    expect(fixed(plain, tailF)).toBe(plain.replace('tail -f', 'tail -F'));
    const block = `spec:\n  containers:\n    - command:\n        - sh\n        - -c\n        - |\n            set -e\n            tail -f /x\n\n`;
    expect(fixed(block, tailF)).toBe(block.replace('tail -f', 'tail -F'));
  });

  it('changes only the changed character when the match runs over an escape', () => {
    const text = `spec:\n  containers:\n    - command: ["sh", "-c", "tail \\x2df /x"]\n`;
    expect(fixed(text, tailF)).toBe(`spec:\n  containers:\n    - command: ["sh", "-c", "tail \\x2dF /x"]\n`);
  });

  it('refuses, rather than re-render the string, when the character to change is an escape', () => {
    const text = `spec:\n  containers:\n    - command: ["sh", "-c", "tail -\\x66 /x \\u00e9"]\n`;
    expect(applyFix(text, 0, tailF)).toEqual({ refused: 'the text to change is written as an escape or across lines in the source' });
  });

  it('refuses a path through an alias', () => {
    const text = `cmd: &cmd ["sh", "-c", "tail -f /x"]\nspec:\n  containers:\n    - command: *cmd\n`;
    expect(applyFix(text, 0, tailF)).toEqual({ refused: 'the path goes through a YAML alias' });
  });
});

describe('set', () => {
  const readOnly: FixOperation = { kind: 'set', path: [...CONTAINER, 'volumeMounts', 0], key: 'readOnly', value: true };

  it('adds a key after the last line of a block map, at its indentation', () => {
    const text = `spec:\n  containers:\n    - volumeMounts:\n        - name: logs   # shared\n          mountPath: /logs\n\n      image: x\n`;
    expect(fixed(text, readOnly)).toBe(`spec:\n  containers:\n    - volumeMounts:\n        - name: logs   # shared\n          mountPath: /logs\n          readOnly: true\n\n      image: x\n`);
  });

  it('adds a key to a flow map, JSON-quoted in a JSON file', () => {
    const yaml = `spec:\n  containers:\n    - volumeMounts: [{ name: logs, mountPath: /logs }]\n`;
    expect(fixed(yaml, readOnly)).toBe(`spec:\n  containers:\n    - volumeMounts: [{ name: logs, mountPath: /logs, readOnly: true }]\n`);
    const json = `{"spec": {"containers": [{"volumeMounts": [{"name": "logs", "mountPath": "/logs"}]}]}}\n`;
    expect(fixed(json, readOnly)).toBe(`{"spec": {"containers": [{"volumeMounts": [{"name": "logs", "mountPath": "/logs", "readOnly": true}]}]}}\n`);
  });

  it('replaces an existing value in place', () => {
    const text = `spec:\n  containers:\n    - volumeMounts:\n        - { name: logs, readOnly: false, mountPath: /logs }\n`;
    expect(fixed(text, readOnly)).toBe(text.replace('false', 'true'));
  });

  it('refuses an edit that would change another value (a kept block scalar eats the new line)', () => {
    const text = `spec:\n  containers:\n    - volumeMounts:\n        - name: logs\n          note: |+\n            keep\n\n`;
    expect(applyFix(text, 0, readOnly)).toEqual({ refused: 'the edit would change more than the fixed field' });
  });

  it('only touches the document it was given', () => {
    const text = `a: 1\n---\nspec:\n  containers:\n    - volumeMounts:\n        - name: logs\n`;
    expect(fixed(text, readOnly, 1)).toBe(`a: 1\n---\nspec:\n  containers:\n    - volumeMounts:\n        - name: logs\n          readOnly: true\n`);
  });
});

describe('move-container', () => {
  const move: FixOperation = { kind: 'move-container', path: ['spec', 'containers', 1], to: 'initContainers', position: 'start', set: { restartPolicy: 'Always' } };

  it('refuses flow-style container lists', () => {
    const text = `spec:\n  containers: [{ name: a }, { name: b }]\n`;
    expect(applyFix(text, 0, move)).toEqual({ refused: 'the containers are written in flow style' });
  });

  it('refuses to move the last container', () => {
    const text = `spec:\n  containers:\n    - name: a\n`;
    expect(applyFix(text, 0, { ...move, path: ['spec', 'containers', 0] })).toEqual({ refused: 'it is the only container of the pod' });
  });

  it('re-indents the container to the existing initContainers list', () => {
    const text = `spec:\n  initContainers:\n  - name: init\n  containers:\n      - name: a\n      - name: b\n        args:\n          - |\n            two\n              lines\n`;
    expect(fixed(text, move)).toBe(
      `spec:\n  initContainers:\n  - name: b\n    restartPolicy: Always\n    args:\n      - |\n        two\n          lines\n  - name: init\n  containers:\n      - name: a\n`,
    );
  });
});

describe('comments between sequence items', () => {
  it('go with the item they sit in or introduce', () => {
    const text = [
      'spec:',
      '  containers:',
      '    - name: a',
      '      image: a',
      '      # last words of a',
      '    # about b',
      '    - name: b   # b itself',
      '      image: b',
      '      # end of b',
      '    # about c',
      '    - name: c',
      '',
    ].join('\n');
    const move: FixOperation = { kind: 'move-container', path: ['spec', 'containers', 1], to: 'initContainers', position: 'end' };
    expect(fixed(text, move)).toBe(
      [
        'spec:',
        '  initContainers:',
        '    # about b',
        '    - name: b   # b itself',
        '      image: b',
        '      # end of b',
        '  containers:',
        '    - name: a',
        '      image: a',
        '      # last words of a',
        '    # about c',
        '    - name: c',
        '',
      ].join('\n'),
    );
  });
});

it('keeps a file without a final line break without one', () => {
  const move: FixOperation = { kind: 'move-container', path: ['spec', 'containers', 1], to: 'initContainers', position: 'start', set: { restartPolicy: 'Always' } };
  expect(fixed('spec:\n  containers:\n    - name: a\n    - name: b', move)).toBe('spec:\n  initContainers:\n    - name: b\n      restartPolicy: Always\n  containers:\n    - name: a');
  expect(fixed('spec:\r\n  containers:\r\n    - name: a\r\n    - name: b', move)).toBe('spec:\r\n  initContainers:\r\n    - name: b\r\n      restartPolicy: Always\r\n  containers:\r\n    - name: a');
});
