/**
 * Suppressions, and which of them were used.
 *
 * Annotations on the owning object or its pod template:
 *   sidecar-lint.io/ignore: "rule-a,rule-b"          (or "all")
 *   sidecar-lint.io/ignore.<container-name>: "rule-a" (findings about that container only)
 * Comments in the YAML source: see directives.ts.
 *
 * Each listed rule id is tracked on its own, so `--report-unused-suppressions` can point at the one
 * entry that suppressed nothing.
 */
import { IGNORE_ANNOTATION } from '../load/directives.js';
import type { CommentDirective } from '../load/directives.js';
import { formatPath } from '../load/field-path.js';
import type { Finding, ObjectRef, Path, Region } from '../types.js';

export const UNUSED_SUPPRESSION = 'unused-suppression';
const ALL = 'all';

/** Findings no suppression may hide: a rule that crashed, a document that could not be read. */
function isSuppressible(finding: Finding): boolean {
  return finding.ruleId !== 'internal-error' && finding.fatal !== true;
}

function listed(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export interface AnnotationSuppression {
  readonly key: string;
  /** Set for `sidecar-lint.io/ignore.<container>`. */
  readonly container?: string;
  readonly ruleIds: readonly string[];
  readonly documentIndex: number;
  /** Path of the annotation from the document root. */
  readonly path: Path;
  /** The object whose metadata (or pod template metadata) carries it. */
  readonly object: ObjectRef;
}

/** The ignore annotations of one metadata map at `metadataPath` (from the document root) of `object`. */
export function annotationSuppressions(
  annotations: Readonly<Record<string, string>>,
  metadataPath: Path,
  documentIndex: number,
  object: ObjectRef,
): AnnotationSuppression[] {
  const found: AnnotationSuppression[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    const container = key.startsWith(`${IGNORE_ANNOTATION}.`) ? key.slice(IGNORE_ANNOTATION.length + 1) : undefined;
    if (key !== IGNORE_ANNOTATION && !container) continue;
    found.push({
      key,
      ...(container ? { container } : {}),
      ruleIds: listed(value),
      documentIndex,
      path: [...metadataPath, 'annotations', key],
      object,
    });
  }
  return found;
}

export interface UnusedSuppression {
  readonly message: string;
  /** Either a region in the source, or a field path for the engine to resolve. */
  readonly region?: Region;
  readonly path?: Path;
  readonly documentIndex: number;
  readonly annotation?: AnnotationSuppression;
}

/** Records which listed ids of which suppressions hid a finding. */
export class SuppressionTracker {
  private readonly used = new Set<string>();
  private readonly annotations = new Map<string, AnnotationSuppression>();

  private static annotationKey(suppression: AnnotationSuppression): string {
    return `${suppression.documentIndex}:${formatPath(suppression.path)}`;
  }

  addAnnotations(suppressions: readonly AnnotationSuppression[]): void {
    for (const suppression of suppressions) this.annotations.set(SuppressionTracker.annotationKey(suppression), suppression);
  }

  /** True when one of `suppressions` hides the finding; every entry that does is marked used. */
  matchAnnotations(finding: Finding, suppressions: readonly AnnotationSuppression[]): boolean {
    if (!isSuppressible(finding)) return false;
    let hit = false;
    for (const suppression of suppressions) {
      if (suppression.container !== undefined && suppression.container !== finding.container) continue;
      for (const id of suppression.ruleIds) {
        if (id !== ALL && id !== finding.ruleId) continue;
        this.used.add(`${SuppressionTracker.annotationKey(suppression)}#${id}`);
        hit = true;
      }
    }
    return hit;
  }

  /** True when a comment directive hides the finding; every directive entry that does is marked used. */
  matchDirectives(finding: Finding, directives: readonly CommentDirective[]): boolean {
    if (!isSuppressible(finding)) return false;
    let hit = false;
    directives.forEach((directive, index) => {
      const applies =
        directive.kind === 'disable-next-line'
          ? finding.region.start.line === directive.targetLine
          : finding.documentIndex === directive.documentIndex && finding.region.start.line >= directive.start.line;
      if (!applies) return;
      if (directive.rules.length === 0) {
        this.used.add(`#${index}`);
        hit = true;
        return;
      }
      for (const rule of directive.rules) {
        if (rule.id !== finding.ruleId) continue;
        this.used.add(`#${index}#${rule.id}`);
        hit = true;
      }
    });
    return hit;
  }

  /** Annotation entries and comment directives that hid nothing, in source order. */
  unused(directives: readonly CommentDirective[]): UnusedSuppression[] {
    const out: UnusedSuppression[] = [];
    for (const [key, suppression] of this.annotations) {
      const ids = suppression.ruleIds.length === 0 ? [''] : suppression.ruleIds;
      for (const id of ids) {
        if (id !== '' && this.used.has(`${key}#${id}`)) continue;
        const scope = suppression.container !== undefined ? `container "${suppression.container}"` : 'this object';
        out.push({
          message:
            id === ''
              ? `annotation ${suppression.key} lists no rule, so it suppresses nothing; remove it.`
              : `annotation ${suppression.key} lists "${id}", but no ${id === ALL ? '' : `${id} `}finding about ${scope} was suppressed by it; remove "${id}" from it.`,
          path: suppression.path,
          documentIndex: suppression.documentIndex,
          annotation: suppression,
        });
      }
    }
    directives.forEach((directive, index) => {
      const name = `sidecar-lint-${directive.kind}`;
      const at = (column: number, length: number): Region => ({
        start: { line: directive.start.line, column },
        end: { line: directive.start.line, column: column + length },
      });
      const whole = at(directive.start.column, name.length + 2);
      const unusedOf = (message: string, region: Region): void => {
        out.push({ message, region, documentIndex: directive.documentIndex });
      };
      if (directive.kind === 'disable-next-line' && directive.targetLine === undefined) {
        if (!this.used.has(`#${index}`)) unusedOf(`${name} is followed by no line it could apply to; remove the comment.`, whole);
        return;
      }
      const where = directive.kind === 'disable-next-line' ? `on line ${directive.targetLine}` : 'after it in this YAML document';
      if (directive.rules.length === 0) {
        if (!this.used.has(`#${index}`)) unusedOf(`${name} suppressed no finding ${where}; remove the comment.`, whole);
        return;
      }
      for (const rule of directive.rules) {
        if (this.used.has(`#${index}#${rule.id}`)) continue;
        unusedOf(
          `${name} lists "${rule.id}", but it suppressed no ${rule.id} finding ${where}; remove "${rule.id}" from the comment.`,
          at(rule.column, rule.id.length),
        );
      }
    });
    return out;
  }
}
