/**
 * Where js-yaml and libyaml disagree, and the linter deliberately follows neither or follows
 * go-yaml v2 (the API server's reader, a port of libyaml with its own changes). Each entry says
 * which inputs and why; the differential tests accept exactly these.
 */
import type { OracleRead } from './reader-oracle.js';

export interface KnownDifference {
  readonly name: string;
  readonly why: string;
  /** True for a difference the linter should not have (mostly: js-yaml accepts what libyaml and go-yaml reject). */
  readonly open?: boolean;
  matches(text: string, problem: string, oracle: OracleRead): boolean;
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    name: 'colon inside a plain scalar in a flow collection',
    why:
      'libyaml rejects `[001:db8::]` ("found unexpected \':\'"); go-yaml v2 removed that check from its port of the ' +
      'scanner, so the API server reads the scalar, and so do js-yaml and the linter (Istio keeps such a ServiceEntry ' +
      'as valid test data).',
    matches: (text, problem) => problem.startsWith('libyaml rejects') && problem.includes('while scanning a plain scalar') && /[[{,][^\n]*[^\s:]:\S/.test(text),
  },
  {
    name: 'a comment right after a block scalar header (`|#`)',
    why:
      'YAML wants a space before the `#`, and js-yaml rejects `|#`; libyaml reads it as `|` and a comment. The ' +
      'linter reports a parse error where the API server reads the document: rare, and said plainly at the line.',
    matches: (text, problem) => problem.includes('a line break is expected') && /[|>][-+0-9]*#/.test(text),
  },
  {
    name: 'a document that is one multi-line plain scalar',
    why:
      'libyaml (and go-yaml) read a root plain scalar whose continuation lines start with `- ` or `? ` as one string; ' +
      'js-yaml stops at such a line. Such a document is a string, never a Kubernetes object, so nothing is linted either way.',
    matches: (_text, problem, oracle) => {
      const index = /we reject document (\d+)/.exec(problem)?.[1];
      return problem.startsWith('libyaml reads it all') && index !== undefined && typeof oracle.docs[Number(index)] === 'string';
    },
  },
  {
    name: 'a lone `-` in a flow collection (`[apply, -f, -]`)',
    why:
      'open: libyaml and go-yaml read the string "-"; YAML has no plain scalar `-` before `,`, `]` or `}`, and js-yaml ' +
      '4 and 5 (and `yaml`) refuse it. The linter reports a parse error at the dash that says to quote it.',
    open: true,
    matches: (text, problem) => problem.startsWith('libyaml reads it all; we reject') && /[[{,][ \t]*-[ \t]*[,\]}]/.test(text),
  },
  ...openLeniency('a tab where libyaml allows only spaces (after `-`, in indentation, on a block scalar line)', /^[ \t-]*\t/),
  ...openLeniency('a `}` or `]` at the start of a block line', /^\s*[\]}]/),
  ...openLeniency('a `:` starting an entry of a flow collection', /(?:[[{,]|\s):/),
  ...openLeniency('a quote at the start of a block line (a quoted key running across lines)', /^\s*["']/),
  ...openLeniency('text after the closing quote of a quoted scalar that runs across lines', /["']/, 'while parsing a block mapping'),
];

/** The line libyaml names in a rejection message, as the mutation test writes it. */
function rejectedLine(problem: string): string | undefined {
  const quoted = /^libyaml rejects document \d+ \(line \d+ ("(?:[^"\\]|\\.)*")/.exec(problem)?.[1];
  return quoted === undefined ? undefined : (JSON.parse(quoted) as string);
}

/**
 * Inputs js-yaml reads although libyaml (and go-yaml, its port) rejects them: the linter then lints
 * a file the API server would refuse. Known and open; listed so that any other difference fails.
 */
function openLeniency(name: string, line: RegExp, libyamlSays = ''): KnownDifference[] {
  return [
    {
      name,
      why: 'open: js-yaml accepts it, libyaml and go-yaml reject it; the linter should report a parse error and does not yet.',
      open: true,
      matches: (_text, problem) =>
        /we (?:accept every document|reject only from document)/.test(problem) && problem.includes(libyamlSays) && line.test(rejectedLine(problem) ?? ''),
    },
  ];
}

export function knownDifference(text: string, problem: string, oracle: OracleRead): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find((difference) => difference.matches(text, problem, oracle));
}
