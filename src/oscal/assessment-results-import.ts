import type { AssessmentResultsDocument } from './assessment-model.js';
import { isOscalError } from './errors.js';
import { controlOf, problem, readResult, type ImportedFinding, type ImportedResult, type ImportProblem, type UnmappedCode } from './result-reading.js';
import { validateOscal } from './validate-schema.js';

export type { ImportedFinding, ImportedResult, ImportProblem, UnmappedCode } from './result-reading.js';

/**
 * Results recorded elsewhere (an auditing body's own tool) brought in as an
 * OSCAL assessment-results document. The document must be valid against the
 * schema of the OSCAL version it declares (1.0.x to 1.2.x), and every control
 * it determines must be a control of the assessment's grade; otherwise it is
 * refused with issues that point into it (RFC 6901). Then, for each OSCAL
 * finding (a determination of a control's objective or statement):
 *
 * - the control is the target-id up to its first "_" (ac-2_obj.a → ac-2);
 * - the result is the objective status, satisfied or not-satisfied, or
 *   not-applicable where the target's implementation-status (or our `result`
 *   prop) says so and the status is satisfied;
 * - methods, narrative (description, then remarks), the time it was recorded
 *   (the latest `collected`, else the result's `end` or `start`) and evidence
 *   come from its related observations;
 *   evidence is read only when it carries our sha256, media-type and size
 *   props, since a file is known by its digest;
 * - each related risk is one of our findings for that control: its level
 *   (risk-level.ts), title, description, open or closed (every OSCAL status
 *   but "closed" is still open), `recorded-on` and `due-on` (our props; else
 *   the first risk-log entry, or when its control was observed, or the
 *   result's `end` or `start`, and the `deadline`, as days in `timeZone`), and
 *   the provider's response (a planned or completed remediation).
 *
 * Several findings for one control are combined (not satisfied if any is
 * not; not applicable if all are). With several results, a later result's
 * determination of a control replaces an earlier one. What cannot be mapped is
 * left out and reported in `unmapped`, never guessed.
 */

export type ImportIssueCode = 'oscal.unknown-model' | 'oscal.unsupported-oscal-version' | 'wrong-model' | 'oscal-schema' | 'control-outside-grade';

export type AssessmentResultsImport =
  | { readonly ok: false; readonly issues: readonly ImportProblem<ImportIssueCode>[] }
  | {
      readonly ok: true;
      readonly oscalVersion: string;
      /** In the document's order. */
      readonly results: readonly ImportedResult[];
      readonly findings: readonly ImportedFinding[];
      /** Controls of the grade the document gives no result for, in the grade's order. */
      readonly notAssessed: readonly string[];
      readonly unmapped: readonly ImportProblem<UnmappedCode>[];
    };

export interface ImportOptions {
  /** The programme's IANA time zone, to read a `deadline` as a day. */
  readonly timeZone: string;
}

const ROOT = '/assessment-results';

export async function fromAssessmentResults(document: unknown, gradeControlIds: readonly string[], options: ImportOptions): Promise<AssessmentResultsImport> {
  const checked = await checkSchema(document);
  if (!checked.ok) return checked;
  const ar = (document as AssessmentResultsDocument)['assessment-results'];
  const grade = new Map(gradeControlIds.map((id) => [id.toLowerCase(), id]));
  const outside = ar.results.flatMap((result, r) =>
    (result.findings ?? []).flatMap((finding, f) => {
      const controlId = controlOf(finding);
      const pointer = `${ROOT}/results/${r}/findings/${f}/target/target-id`;
      return grade.has(controlId) ? [] : [problem(pointer, 'control-outside-grade', { control: controlId, target: finding.target['target-id'] })];
    }),
  );
  if (outside.length > 0) return { ok: false, issues: outside };

  const unmapped: ImportProblem<UnmappedCode>[] = [];
  const results = new Map<string, ImportedResult>();
  const findings = new Map<string, ImportedFinding>();
  ar.results.forEach((result, r) => {
    const read = readResult(result, `${ROOT}/results/${r}`, grade, options.timeZone, unmapped);
    for (const control of read.results) {
      if (results.has(control.controlId)) unmapped.push(problem(`${ROOT}/results/${r}`, 'superseded', { control: control.controlId }));
      results.set(control.controlId, control);
    }
    for (const [uuid, finding] of read.findings) findings.set(uuid, finding);
  });
  return {
    ok: true,
    oscalVersion: checked.oscalVersion,
    results: [...results.values()],
    findings: [...findings.values()],
    notAssessed: gradeControlIds.filter((id) => !results.has(id)),
    unmapped: unmapped.sort((a, b) => comparePointers(a.pointer, b.pointer)),
  };
}

async function checkSchema(document: unknown): Promise<{ ok: true; oscalVersion: string } | { ok: false; issues: ImportProblem<ImportIssueCode>[] }> {
  try {
    const validation = await validateOscal(document);
    if (validation.model !== 'assessment-results') {
      return { ok: false, issues: [problem('', 'wrong-model', { expected: 'assessment-results', found: validation.model })] };
    }
    const [first] = validation.issues;
    if (first) return { ok: false, issues: [problem(first.pointer, 'oscal-schema', { message: first.message, schema: validation.schemaVersion })] };
    return { ok: true, oscalVersion: validation.oscalVersion };
  } catch (error) {
    if (isOscalError(error) && (error.code === 'unknown-model' || error.code === 'unsupported-oscal-version')) {
      return { ok: false, issues: [problem('', `oscal.${error.code}`, { message: error.message })] };
    }
    throw error;
  }
}

/** By place: segment by segment, array indexes as numbers, so that what one result or one item says comes together, in the items' order. */
function comparePointers(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const [x, y] = [left[i] ?? '', right[i] ?? ''];
    if (x === y) continue;
    return /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x < y ? -1 : 1;
  }
  return left.length - right.length;
}
