import { DomainError, type FieldIssue } from './errors.js';
import { GRADES, type Grade } from './grade.js';

/**
 * Rules of the security standard's versions: how a version is named, that
 * each grade contains the one below, and what changed between two versions.
 */

/** A version name: short, and safe in a URL path without escaping ("2026.1", "2027-draft"). */
const VERSION = /^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/;

export function checkStandardVersion(version: string): string {
  // `current` and `diff` are words of the standard's addresses (/standards/current, /standards/diff).
  if (!VERSION.test(version) || version === 'current' || version === 'diff') {
    throw new DomainError('validation', `standard version ${JSON.stringify(version)} is not a valid name`, {
      issues: [{ pointer: '/version', code: 'standard-version' }],
    });
  }
  return version;
}

/**
 * Grade 1 ⊆ Grade 2 ⊆ Grade 3, by control id. A standard that breaks it is
 * refused, naming every control at fault and the grade that lacks it.
 */
export function checkGradesNested(controls: Readonly<Record<Grade, readonly string[]>>): void {
  const issues: FieldIssue[] = [];
  for (const lower of [1, 2] as const) {
    const higher = (lower + 1) as Grade;
    const present = new Set(controls[higher]);
    const missing = controls[lower].filter((id) => !present.has(id));
    if (missing.length > 0) {
      issues.push({
        pointer: `/grades/${higher}`,
        code: 'grade-not-nested',
        params: { lower, higher, count: missing.length, controls: missing.join(', ') },
      });
    }
  }
  if (issues.length > 0) {
    throw new DomainError('validation', `grades are not nested: ${issues.map((i) => i.params?.controls).join('; ')}`, { issues });
  }
}

/** One control as a version of the standard has it in one grade, reduced to what a diff compares. */
export interface ControlFingerprint {
  readonly id: string;
  /** A digest of the control's whole resolved content (statement, parameters, parts). */
  readonly digest: string;
}

export interface GradeDiff {
  readonly grade: Grade;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** What changed from one version to another, grade by grade, in the newer version's order. */
export function diffStandardVersions(
  from: Readonly<Record<Grade, readonly ControlFingerprint[]>>,
  to: Readonly<Record<Grade, readonly ControlFingerprint[]>>,
): GradeDiff[] {
  return GRADES.map((grade) => {
    const before = new Map(from[grade].map((c) => [c.id, c.digest]));
    const after = new Map(to[grade].map((c) => [c.id, c.digest]));
    return {
      grade,
      added: to[grade].filter((c) => !before.has(c.id)).map((c) => c.id),
      removed: from[grade].filter((c) => !after.has(c.id)).map((c) => c.id),
      changed: to[grade].filter((c) => before.has(c.id) && before.get(c.id) !== c.digest).map((c) => c.id),
    };
  });
}
