import { createHash } from 'node:crypto';
import {
  assessmentProgress,
  assessmentReport,
  blockerIssue,
  checkControlResult,
  checkEvidenceFile,
  checkFinding,
  DomainError,
  signOffBlockers,
  type Application,
  type Assessment,
  type AssessmentProgress,
  type CalendarDate,
  type ControlResult,
  type ControlResultInput,
  type Finding,
  type FindingInput,
  type Organisation,
  type Page,
  type SignOffBlocker,
} from '../domain/index.js';
import { canonicalJson } from '../oscal/index.js';
import { actingPerson, authorizeAssessment, checkRecordable, findAssessment, type AssessmentInCase } from './assessment-access.js';
import type { AssessmentKeyset, AssessmentListItem, EvidenceDownload, EvidenceRef } from './assessment-ports.js';
import { onAssessmentSignedOff } from './lifecycle.js';
import { changeCase } from './applications.js';
import { recordAudit, type CommandContext } from './audit.js';
import { checkEngagement } from './auditing-bodies.js';
import { isUuid } from './ids.js';
import { authorizeOrganisation, getOrganisation } from './organisations.js';
import { checkPageRequest, readPage, type PageRequest } from './paging.js';
import { recordRefusal } from './policy.js';
import type { ControlListItem, ServiceRef, Store, User } from './ports.js';

/**
 * Assessments (issue 5, "Assessments"), the auditing body's side: the body
 * names the lead auditor, its auditors record each control's result with
 * evidence and findings, and the lead auditor signs off, which records the
 * report's digest and moves the case on. Only the engaged body's people
 * write; the programme office reads; the provider reads once signed off.
 */

/** An assessment with everything its pages and the API show. */
export interface AssessmentView extends AssessmentInCase {
  readonly service: ServiceRef;
  readonly body: Organisation;
  readonly leadAuditor: Pick<User, 'id' | 'displayName' | 'email'> | undefined;
  /** The grade's controls, in the standard's order. */
  readonly controls: readonly ControlListItem[];
  readonly results: readonly ControlResult[];
  readonly findings: readonly Finding[];
  readonly evidence: readonly EvidenceRef[];
  readonly progress: AssessmentProgress;
}

export interface BodyAssessmentItem extends AssessmentListItem {
  readonly service: ServiceRef;
}

export interface BodyAssessments extends Page<BodyAssessmentItem> {
  readonly body: Organisation;
}

export interface EvidenceUpload {
  /** The file's name as uploaded. */
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

export interface UploadedEvidence {
  readonly sha256: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly size: number;
  /** The same bytes were already kept (by this or another assessment): the file was not stored again. */
  readonly reused: boolean;
}

/** One assessment, for the engaged body, the office, and (once signed off) the provider. */
export async function getAssessment(store: Store, context: CommandContext, assessmentId: string): Promise<AssessmentView> {
  const found = await findAssessment(store, assessmentId);
  await authorizeAssessment(store, context, 'assessment.read', found);
  return viewOf(store, found);
}

/** A body's assessments, newest first, a page at a time. */
export async function listBodyAssessments(store: Store, context: CommandContext, bodyId: string, query: PageRequest): Promise<BodyAssessments> {
  const { scope, organisation } = await authorizeOrganisation(store, context, 'assessment.read', bodyId);
  if (organisation.kind !== 'auditing-body') throw new DomainError('not-found', `${organisation.id} is not an auditing body`);
  const { limit } = checkPageRequest(query);
  const page = await readPage(limit, query.cursor, isAssessmentKeyset, keysetOf, (window) => store.assessments.listByBody(scope, window));
  const services = new Map((await store.services.refs([...new Set(page.items.map((item) => item.serviceId))])).map((ref) => [ref.id, ref]));
  const items = page.items.flatMap((item) => {
    const service = services.get(item.serviceId);
    return service ? [{ ...item, service }] : [];
  });
  return { ...page, items, body: organisation };
}

/** The people of the body who may lead the assessment: active lead auditors. */
export async function leadAuditorChoices(store: Store, context: CommandContext, assessmentId: string): Promise<User[]> {
  const found = await findAssessment(store, assessmentId);
  await authorizeAssessment(store, context, 'assessment.name-lead', found);
  const { scope } = await authorizeOrganisation(store, context, 'assessment.name-lead', found.assessment.bodyId);
  const leads: User[] = [];
  let after: string | undefined;
  // Read every page: a body has tens of people, not thousands.
  for (;;) {
    const slice = await store.users.listByOrganisation(scope, {}, { limit: 100, after });
    leads.push(...slice.items.filter(isLeadAuditor));
    if (!slice.hasMore) return leads;
    after = slice.items.at(-1)?.email;
  }
}

/**
 * The body's admin or a lead auditor names who leads the assessment: an
 * active lead auditor of the body, who may lead it on `day` — the body still
 * authorised and independent, and the person not having led the last three
 * signed-off assessments of the service (DOMAIN.md's rotation rule).
 */
export async function nameLeadAuditor(store: Store, context: CommandContext, assessmentId: string, leadAuditorId: string, day: CalendarDate): Promise<Assessment> {
  const found = await findAssessment(store, assessmentId);
  await authorizeAssessment(store, context, 'assessment.name-lead', found);
  const { application } = found;
  return store.transaction(async (tx) => {
    const { assessment } = await findAssessment(tx, found.assessment.id, { forUpdate: true });
    if (assessment.state !== 'open') throw new DomainError('conflict', `assessment ${assessment.id} is signed off`, { issues: [{ pointer: '/assessment', code: 'sign-off.not-open' }] });
    const person = isUuid(leadAuditorId) ? await tx.users.findById(leadAuditorId.toLowerCase()) : undefined;
    if (!person || person.organisationId !== assessment.bodyId || !isLeadAuditor(person)) {
      throw new DomainError('validation', `${leadAuditorId} is not a lead auditor of the body`, { issues: [{ pointer: '/leadAuditorId', code: 'not-a-lead-auditor' }] });
    }
    const previousLeads = await tx.assessments.previousLeads(application.serviceId);
    const refusals = await checkEngagement(tx, { bodyId: assessment.bodyId, providerId: application.providerId, grade: application.grade, day, leadAuditorId: person.id, previousLeads });
    if (refusals.length > 0) {
      throw new DomainError('conflict', `${person.id} may not lead: ${refusals.join(', ')}`, {
        issues: refusals.map((refusal) => ({ pointer: '/leadAuditorId', code: `engagement.${refusal}` })),
      });
    }
    const named = await tx.assessments.setLeadAuditor(assessment.id, person.id);
    await recordAudit(tx, context, { action: 'assessment.name-lead', objectType: 'assessment', objectId: assessment.id, change: { from: assessment.leadAuditorId, to: person.id } });
    return named;
  });
}

/** An auditor of the engaged body records (or replaces) the result of one control of the grade. */
export async function recordControlResult(store: Store, context: CommandContext, assessmentId: string, controlId: string, input: ControlResultInput): Promise<ControlResult> {
  const found = await findAssessment(store, assessmentId);
  await authorizeAssessment(store, context, 'assessment.record', found);
  const person = actingPerson(context);
  const checked = checkControlResult(controlId.trim().toLowerCase(), input, await gradeControlIds(store, found.application));
  return store.transaction(async (tx) => {
    const { assessment } = await findAssessment(tx, found.assessment.id, { forUpdate: true });
    checkRecordable(assessment);
    const stored = await tx.assessments.putResult(assessment.id, { ...checked, recordedBy: person, recordedAt: context.now });
    await recordAudit(tx, context, { action: 'assessment.record-result', objectType: 'assessment', objectId: assessment.id, change: stored });
    return stored;
  });
}

/** One control's result among several recorded at once. */
export interface ControlResultEntry {
  readonly controlId: string;
  readonly input: ControlResultInput;
}

/**
 * An auditor of the engaged body records (or replaces) the results of several
 * controls of the grade at once, as a worksheet gives them: every one is
 * checked first (the first that is not valid is named by its place in the
 * list, and a control given twice is refused), then all are kept together
 * with one audit record naming them, or none is. A day's worksheet of a
 * hundred controls costs a few statements, not a few hundred.
 */
export async function recordControlResults(store: Store, context: CommandContext, assessmentId: string, entries: readonly ControlResultEntry[]): Promise<ControlResult[]> {
  const found = await findAssessment(store, assessmentId);
  await authorizeAssessment(store, context, 'assessment.record', found);
  const person = actingPerson(context);
  const gradeControls = await gradeControlIds(store, found.application);
  const checked = entries.map((entry, index) => {
    try {
      return checkControlResult(entry.controlId.trim().toLowerCase(), entry.input, gradeControls);
    } catch (error) {
      if (error instanceof DomainError) {
        throw new DomainError(error.code, `result ${index}: ${error.message}`, { issues: error.issues.map((issue) => ({ ...issue, pointer: `/results/${index}${issue.pointer}` })) });
      }
      throw error;
    }
  });
  const seen = new Set<string>();
  checked.forEach((result, index) => {
    if (seen.has(result.controlId)) {
      throw new DomainError('validation', `${result.controlId} is given more than once`, {
        issues: [{ pointer: `/results/${index}/controlId`, code: 'duplicate', params: { value: result.controlId } }],
      });
    }
    seen.add(result.controlId);
  });
  return store.transaction(async (tx) => {
    const { assessment } = await findAssessment(tx, found.assessment.id, { forUpdate: true });
    checkRecordable(assessment);
    const stored = await tx.assessments.putResults(
      assessment.id,
      checked.map((result) => ({ ...result, recordedBy: person, recordedAt: context.now })),
    );
    await recordAudit(tx, context, { action: 'assessment.record-results', objectType: 'assessment', objectId: assessment.id, change: stored });
    return stored;
  });
}

/**
 * An auditor of the engaged body keeps a file as evidence for a control. The
 * file is checked by its bytes (src/domain/evidence-file.ts) and kept once by
 * its SHA-256: the same bytes uploaded again, here or in another assessment,
 * reuse the file already kept.
 */
export async function uploadEvidence(store: Store, context: CommandContext, assessmentId: string, controlId: string, upload: EvidenceUpload): Promise<UploadedEvidence> {
  const found = await findAssessment(store, assessmentId);
  await authorizeAssessment(store, context, 'assessment.record', found);
  const person = actingPerson(context);
  const control = checkGradeControl(controlId, await gradeControlIds(store, found.application));
  const checked = checkEvidenceFile(upload.bytes, upload.fileName);
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  return store.transaction(async (tx) => {
    const { assessment } = await findAssessment(tx, found.assessment.id, { forUpdate: true });
    checkRecordable(assessment);
    const { file, reused } = await tx.assessments.putEvidenceFile({ sha256, size: checked.size, mediaType: checked.mediaType, content: upload.bytes, storedAt: context.now });
    await tx.assessments.citeEvidence({ assessmentId: assessment.id, controlId: control, sha256, fileName: checked.fileName, uploadedBy: person, uploadedAt: context.now });
    const uploaded = { sha256, fileName: checked.fileName, mediaType: file.mediaType, size: file.size, reused };
    await recordAudit(tx, context, { action: 'assessment.upload-evidence', objectType: 'assessment', objectId: assessment.id, change: { controlId: control, ...uploaded } });
    return uploaded;
  });
}

/** An auditor of the engaged body records a finding on a control; its remediation falls due by risk from `day`. */
export async function recordFinding(store: Store, context: CommandContext, assessmentId: string, input: FindingInput, day: CalendarDate): Promise<Finding> {
  const found = await findAssessment(store, assessmentId);
  await authorizeAssessment(store, context, 'assessment.record', found);
  const person = actingPerson(context);
  const checked = checkFinding(input, await gradeControlIds(store, found.application), day);
  return store.transaction(async (tx) => {
    const { assessment, application } = await findAssessment(tx, found.assessment.id, { forUpdate: true });
    checkRecordable(assessment);
    const stored = await tx.assessments.insertFinding({ ...checked, assessmentId: assessment.id, applicationId: application.id, recordedBy: person, createdAt: context.now });
    await recordAudit(tx, context, { action: 'finding.record', objectType: 'finding', objectId: stored.id, change: stored });
    return stored;
  });
}

/** What still blocks the sign-off on `day`: empty when the lead auditor may sign. */
export async function signOffState(store: Store, context: CommandContext, assessmentId: string, day: CalendarDate): Promise<{ view: AssessmentView; blockers: SignOffBlocker[] }> {
  const view = await getAssessment(store, context, assessmentId);
  return { view, blockers: await blockersOn(store, view, day) };
}

/**
 * The lead auditor named for the assessment signs it off on `day`: refused
 * while anything blocks it. The report's digest (SHA-256 of its canonical
 * JSON) is kept with the sign-off, and an initial assessment moves its case
 * to assessed, all in one transaction.
 */
export async function signOffAssessment(store: Store, context: CommandContext, assessmentId: string, day: CalendarDate): Promise<Assessment> {
  const found = await findAssessment(store, assessmentId);
  await authorizeAssessment(store, context, 'assessment.sign-off', found);
  const person = actingPerson(context);
  if (found.assessment.leadAuditorId !== person) {
    await recordRefusal(store, context, 'assessment.sign-off', { type: 'assessment', id: found.assessment.id }, 'not-the-lead-auditor');
    throw new DomainError('forbidden', `${person} is not the lead auditor of assessment ${found.assessment.id}`);
  }
  return store.transaction(async (tx) => {
    const { assessment, application } = await findAssessment(tx, found.assessment.id, { forUpdate: true });
    // Another lead named since the check above: no longer this person's to sign.
    if (assessment.leadAuditorId !== person) throw new DomainError('forbidden', `${person} is no longer the lead auditor of assessment ${assessment.id}`);
    const blockers = await blockersOn(tx, { assessment, application }, day);
    if (blockers.length > 0) {
      throw new DomainError('conflict', `sign-off of ${assessment.id} blocked: ${blockers.map((b) => b.code).join(', ')}`, { issues: blockers.map(blockerIssue) });
    }
    const [results, findings, evidence] = await Promise.all([tx.assessments.listResults(assessment.id), tx.assessments.listFindings(assessment.id), tx.assessments.listEvidence(assessment.id)]);
    const report = assessmentReport({ assessment, application, results, findings, evidence, signedOffBy: person, signedOffAt: context.now });
    const reportSha256 = createHash('sha256').update(canonicalJson(report)).digest('hex');
    const signed = await tx.assessments.signOff(assessment.id, { at: context.now, by: person, reportSha256 });
    await recordAudit(tx, context, { action: 'assessment.sign-off', objectType: 'assessment', objectId: assessment.id, change: { reportSha256, controlsDone: assessment.controlsDone } });
    // The initial assessment makes the case assessed; a regular inspection or a renewal's assessment records the inspection of a certified case.
    if (assessment.kind === 'initial') {
      await changeCase(tx, context, application.id, 'application.sign-off', async (_inner, current) => ({
        command: { type: 'sign-off', period: assessment.period, controlsTotal: assessment.controlsTotal, controlsAssessed: assessment.controlsDone },
        returnReason: current.returnReason,
        submittedAt: current.submittedAt,
      }));
    } else {
      await onAssessmentSignedOff(tx, context, { id: assessment.id, applicationId: application.id, kind: assessment.kind, period: assessment.period });
    }
    return signed;
  });
}

/** An evidence file cited in the assessment, for those who may read the assessment. */
export async function downloadEvidence(store: Store, context: CommandContext, assessmentId: string, sha256: string): Promise<EvidenceDownload> {
  const found = await findAssessment(store, assessmentId);
  await authorizeAssessment(store, context, 'assessment.read', found);
  const digest = sha256.toLowerCase();
  const file = /^[0-9a-f]{64}$/.test(digest) ? await store.assessments.findEvidence(found.assessment.id, digest) : undefined;
  if (!file) throw new DomainError('not-found', `no evidence ${sha256} in assessment ${found.assessment.id}`);
  return file;
}

async function viewOf(store: Store, found: AssessmentInCase): Promise<AssessmentView> {
  const { assessment, application } = found;
  const [[service], body, lead, controls, results, findings, evidence] = await Promise.all([
    store.services.refs([application.serviceId]),
    getOrganisation(store, assessment.bodyId),
    assessment.leadAuditorId === null ? undefined : store.users.findById(assessment.leadAuditorId),
    gradeControls(store, application),
    store.assessments.listResults(assessment.id),
    store.assessments.listFindings(assessment.id),
    store.assessments.listEvidence(assessment.id),
  ]);
  if (!service) throw new DomainError('not-found', `no service ${application.serviceId}`);
  const leadAuditor = lead && { id: lead.id, displayName: lead.displayName, email: lead.email };
  const progress = assessmentProgress(controls.map((c) => c.id), results);
  return { assessment, application, service, body, leadAuditor, controls, results, findings, evidence, progress };
}

async function blockersOn(store: Store, found: AssessmentInCase, day: CalendarDate): Promise<SignOffBlocker[]> {
  const authorisations = await store.auditingBodies.listAuthorisations([found.assessment.bodyId]);
  return signOffBlockers({ assessment: found.assessment, grade: found.application.grade, authorisations, day });
}

/** The grade's controls in the standard's order, read a page at a time (Grade 3 of the default standard has 391). */
async function gradeControls(store: Store, application: Application): Promise<ControlListItem[]> {
  const controls: ControlListItem[] = [];
  let after: number | undefined;
  for (;;) {
    const slice = await store.standards.listControls(application.standardVersion, application.grade, {}, { limit: 500, after });
    controls.push(...slice.items);
    if (!slice.hasMore) return controls;
    after = slice.items.at(-1)?.position;
  }
}

async function gradeControlIds(store: Store, application: Application): Promise<string[]> {
  return (await store.standards.fingerprints(application.standardVersion))[application.grade].map((control) => control.id);
}

function checkGradeControl(raw: string, gradeControls: readonly string[]): string {
  const controlId = raw.trim().toLowerCase();
  if (!gradeControls.includes(controlId)) {
    throw new DomainError('validation', `${controlId} is not a control of the grade`, { issues: [{ pointer: '/controlId', code: 'not-in-grade', params: { value: controlId } }] });
  }
  return controlId;
}

function isLeadAuditor(user: User): boolean {
  return user.status === 'active' && user.roles.includes('lead-auditor');
}

function keysetOf(item: AssessmentListItem): AssessmentKeyset {
  return { createdAt: item.assessment.createdAt.toISOString(), id: item.assessment.id };
}

function isAssessmentKeyset(value: unknown): value is AssessmentKeyset {
  if (typeof value !== 'object' || value === null) return false;
  const { createdAt, id } = value as Record<string, unknown>;
  return typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && /^\d{4}-\d{2}-\d{2}T/.test(createdAt) && typeof id === 'string' && isUuid(id);
}
