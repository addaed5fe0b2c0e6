/**
 * Generated block YAML documents that sit on both sides of every rule of the subset the pre-scan
 * proves well-formed (src/load/wellformed.ts), and so of what src/load/direct-read.ts reads: mostly inside
 * it, with odd values, block scalars and a chaotic line now and then.
 */
import fc from 'fast-check';

// Pieces of lines, chosen to sit on both sides of every rule of the subset.
const KEYS = ['/a', 'a', 'b', 'kind', 'apiVersion', 'spec', 'template', 'jobTemplate', 'x.y/z', '$ref', '"a"', "'b c'", 'on', 'Y', 'null', '1', 'a b', '<<', '? a', '"a\\"b"'];
const VALUES = [
  '', ' ', ' v1', ' Pod', ' apps/v1', ' "Pod"', " 'v1'", ' a b', ' a: b', ' a:b', ' a #c', ' a#c', ' #c', ' |', ' |-', ' >+', ' |2', ' | x', ' >',
  ' []', ' [ ]', ' ["a", b]', ' [a, ]', ' [-]', ' [-c]', ' [a: b]', ' {}', ' { }', ' {a: 1}', ' {a: b, a: c}', ' {a:b}', ' [{a: 1}, b]', ' {a: [b, c]}',
  ' { a: x y }', ' {a: b #c}', ' {a: -}', ' {"a": 1, a: 2}', ' {on: 1}', ' {a: 1,}', ' [a, {b: c]', ' {a: b', ' {a: {b: {c: d}}}', ' [a  b]', ' {a: 1} x', ' &x a', ' *x', ' !t a', ' @a', ' `a', ' %a', ' - a', ' -a', ' ?a', ' ? a',
  " 'open", ' "open', ' "a\\qb"', ' "a\\x4"', ' "a\\u00e9"', " 'it''s'", ' "end\\', ' {{ x }}', '\ta', ' a\t', ':', ' :a',
];
/** Values inside the subset, so that generated documents are often proven. */
const GOOD_VALUES = ['', ' v1', ' Pod', ' "Pod"', " 'v1'", ' a b', ' a:b', ' a #c', ' []', ' ["a", b]', ' {}', ' -a', ' "a\\u00e9"', " 'it''s'", ' |', ' >-', ' |2', ' { cpu: 100m, memory: 128Mi }', ' [{name: a, value: echo A}]'];
const value = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...GOOD_VALUES) }, { weight: 1, arbitrary: fc.constantFrom(...VALUES) });
const CONTINUATIONS = ['more', 'more: text', 'x #y', '- item', 'close\'', 'close"', "it''s'", '`tick', ':x', '---', '...', '#c', 'a\tb'];
const INDENTS = ['', ' ', '  ', '   ', '    ', '      ', '\t'];

const line = fc.oneof(
  fc.tuple(fc.constantFrom(...INDENTS), fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([indent, key, value]) => `${indent}${key}:${value}`),
  fc.tuple(fc.constantFrom(...INDENTS), fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([indent, key, value]) => `${indent}- ${key}:${value}`),
  fc.tuple(fc.constantFrom(...INDENTS), fc.constantFrom(...VALUES)).map(([indent, value]) => `${indent}-${value}`),
  fc.tuple(fc.constantFrom(...INDENTS), fc.constantFrom(...CONTINUATIONS)).map(([indent, text]) => `${indent}${text}`),
  fc.constantFrom('', '  ', '      ', '# comment', '  # comment'),
);

/** A block scalar header and its text, indented one to five spaces, with blank and odd lines. */
const blockScalar = fc
  .tuple(
    fc.constantFrom(' |', ' >', ' |-', ' >+', ' |1', ' |2', ' >2-', ' |-3', ' |+2', ' |2+', ' |0', ' |-+', ' |22'),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom('text', 'a: b', '# not a comment', '', '- item', '\tx')), { maxLength: 4 }),
  )
  .map(([header, body]) => [`:${header}`, ...body.map(([indent, text]) => `${' '.repeat(indent)}${text}`)]);

/** Lines of a mapping at `indent`, nested blocks two deeper (or an indentless sequence). */
const blockLines = fc.letrec<{ map: string[]; seq: string[] }>((tie) => ({
  map: fc
    .array(
      fc.tuple(
        fc.constantFrom('a', 'b', 'c', 'd', 'e', 'kind', 'apiVersion', 'spec', 'template', 'name', '"q"', 'on'),
        fc.oneof({ weight: 3, arbitrary: value.map((text) => [`:${text}`]) }, { weight: 1, arbitrary: blockScalar }, { weight: 1, arbitrary: tie('map').map((inner) => [':', ...inner.map((text) => `  ${text}`)]) }, {
          weight: 1,
          arbitrary: fc.tuple(fc.boolean(), tie('seq')).map(([indentless, inner]) => [':', ...inner.map((text) => (indentless ? text : `  ${text}`))]),
        }),
      ),
      { minLength: 1, maxLength: 4, depthIdentifier: 'block' },
    )
    .map((entries) => entries.flatMap(([key, [first, ...rest]]) => [`${key}${first ?? ''}`, ...rest])),
  seq: fc
    .array(
      fc.oneof(
        value.map((text) => [`-${text}`]),
        tie('map').map(([first, ...rest]) => [`- ${first ?? ''}`, ...rest.map((text) => `  ${text}`)]),
        // `- - item`: a sequence in a sequence item, started on the item's line.
        tie('seq').map(([first, ...rest]) => [`- ${first ?? ''}`, ...rest.map((text) => `  ${text}`)]),
        fc.constantFrom(...CONTINUATIONS).map((text) => [`- a`, `  ${text}`]),
      ),
      { minLength: 1, maxLength: 3, depthIdentifier: 'block' },
    )
    .map((items) => items.flat()),
}));

/** A generated block document, sometimes with one chaotic line inserted. */
export const documentText = fc
  .tuple(blockLines.map, fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.nat(), line) }))
  .map(([parts, noise]) => {
    const all = [...parts];
    if (noise) all.splice(noise[0] % (all.length + 1), 0, noise[1]);
    return `${all.join('\n')}\n`;
  });

