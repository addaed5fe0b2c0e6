/**
 * Stable identities for findings, for SARIF `partialFingerprints`: derived from the rule, the file,
 * the object (`kind/namespace/name`), the container and the field path, never from line or column,
 * so a finding keeps its identity when unrelated lines are inserted or removed.
 */
import { createHash } from 'node:crypto';
import { formatPath } from '../load/field-path.js';
import type { Finding, ObjectRef } from '../types.js';

/** The key under `partialFingerprints`; bump the version when the derivation changes. */
export const FINGERPRINT_KEY = 'sidecarLintFinding/v1';

export function objectIdentity(ref: ObjectRef): string {
  return [ref.kind, ref.namespace ?? '', ref.name].join('/');
}

/** Parse messages name positions (`at line 4, column 9`); drop the numbers so the identity holds. */
function positionFree(message: string): string {
  return message.replace(/\d+/g, '#');
}

export function identityOf(finding: Finding, file: string): string {
  const parts = [finding.ruleId, file];
  if (finding.object) parts.push(objectIdentity(finding.object));
  else parts.push(`document:${finding.documentIndex}`, positionFree(finding.message));
  parts.push(finding.container ?? '', finding.path ? formatPath(finding.path) : '');
  return parts.join('\u0000');
}

/**
 * One fingerprint per finding, in order. Findings that share an identity (a rule reporting the same
 * field twice) are told apart by their rank among those twins, so no two results collide.
 */
export function fingerprintsOf(findings: readonly { finding: Finding; file: string }[]): string[] {
  const seen = new Map<string, number>();
  return findings.map(({ finding, file }) => {
    const identity = identityOf(finding, file);
    const rank = seen.get(identity) ?? 0;
    seen.set(identity, rank + 1);
    const digest = createHash('sha256').update(identity).digest('hex').slice(0, 32);
    return `${digest}:${rank + 1}`;
  });
}
