import { createHash } from 'node:crypto';
import {
  applyCommand,
  checkReason,
  DomainError,
  newCase,
  validateApplication,
  type Application,
  type ApplicationDetails,
  type ApplicationInput,
  type CalendarDate,
  type CertificationCase,
  type CertificationCommand,
  type FieldIssue,
  type Organisation,
} from '../domain/index.js';
import { parseBoundedJson, sspCompleteness, type SspDocument } from '../oscal/index.js';
import type { StoredSsp } from './application-ports.js';
import { openAssessment } from './assessment-opening.js';
import { recordAudit, type CommandContext } from './audit.js';
import { checkEngagement } from './auditing-bodies.js';
import { isUuid } from './ids.js';
import { checkOscalInput, oscalInputError } from './oscal-input.js';
import { authorizeOrganisation, getOrganisation } from './organisations.js';
import { authorize } from './policy.js';
import type { ServiceRef, Store } from './ports.js';
import { serviceGradeCeiling } from './services.js';

/**
 * Applications for certification (issue 5, "Applications"): a provider
 * drafts one, uploads its system security plan, and submits it once the plan
 * answers every control of the grade; the office's officers then return it
 * with reasons or accept it into assessment. Every change of state goes
 * through the certification case (src/domain/certification.ts).
 */

/** The largest plan accepted: FedRAMP's High baseline SSPs, the largest published, are a few megabytes. */
export const SSP_MAX_BYTES = 20 * 1024 * 1024;
const SSP_MAX_DEPTH = 100;

/** An application with what it names, for its pages. */
export interface ApplicationView {
  readonly application: Application;
  readonly provider: Organisation;
  readonly service: ServiceRef;
  readonly body: Organisation;
  readonly ssp: StoredSsp | undefined;
}

export interface SspUpload {
  /** The file's name as uploaded, to name it in messages. */
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** Drafts an application of a provider; returns it as stored, with its audit record. */
export async function draftApplication(store: Store, providerId: string, input: ApplicationInput, context: CommandContext): Promise<Application> {
  const { scope, organisation } = await authorizeOrganisation(store, context, 'application.draft', providerId);
  if (organisation.kind !== 'provider') {
    throw new DomainError('validation', `${organisation.id} is not a provider`, { issues: [{ pointer: '/providerId', code: 'not-a-provider' }] });
  }
  const details = validateApplication(input);
  await checkReferences(store, scope.organisationId, details);
  return store.transaction(async (tx) => {
    const stored = await tx.applications.insert(scope.organisationId, details, newCase(details.grade), context.now);
    await recordAudit(tx, context, { action: 'application.draft', objectType: 'application', objectId: stored.id, change: stored });
    return stored;
  });
}

/**
 * Checks a system security plan and keeps it with its completeness report
 * against the application's grade, replacing any earlier plan. A plan that is
 * not valid OSCAL SSP JSON is refused and nothing is stored; an incomplete
 * one is kept, since its report is what tells the provider what to add.
 */
export async function uploadSsp(store: Store, context: CommandContext, applicationId: string, upload: SspUpload): Promise<StoredSsp> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'application.draft', { organisationId: found.providerId });
  checkEditable(found);
  const document = await parseSsp(upload);
  const { oscalVersion } = await checkOscalInput(document, 'system-security-plan', upload.fileName, '/ssp');
  const controlIds = (await store.standards.fingerprints(found.standardVersion))[found.grade].map((control) => control.id);
  const report = sspCompleteness(document as SspDocument, controlIds);
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  return store.transaction(async (tx) => {
    checkEditable(await findApplication(tx, found.id, { forUpdate: true }));
    const text = new TextDecoder().decode(upload.bytes);
    const stored = await tx.applications.putSsp({ applicationId: found.id, sha256, size: upload.bytes.byteLength, oscalVersion, report, document: text, uploadedAt: context.now });
    await recordAudit(tx, context, {
      action: 'application.upload-ssp',
      objectType: 'application',
      objectId: found.id,
      change: { sha256, size: stored.size, complete: report.complete, counts: report.counts },
    });
    return stored;
  });
}

/** Submits a draft or returned application to the office; refused while its plan is missing or incomplete. */
export async function submitApplication(store: Store, context: CommandContext, applicationId: string): Promise<Application> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'application.draft', { organisationId: found.providerId });
  return changeCase(store, context, found.id, 'application.submit', async (tx) => {
    const ssp = await tx.applications.findSsp(found.id);
    return { command: { type: 'submit', sspComplete: ssp?.report.complete ?? false }, returnReason: null, submittedAt: context.now };
  });
}

/** An officer returns a submitted application to its provider, saying why. */
export async function returnApplication(store: Store, context: CommandContext, applicationId: string, rawReason: string): Promise<Application> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'application.check', { organisationId: found.providerId });
  const reason = checkReason(rawReason);
  return changeCase(store, context, found.id, 'application.return', async (_tx, current) => ({
    command: { type: 'return', reason },
    returnReason: reason,
    submittedAt: current.submittedAt,
  }));
}

/**
 * An officer accepts a submitted application into assessment, if the body it
 * engages may assess it on `day` (the programme's today): authorised for the
 * grade and independent of the provider. The initial assessment opens in the
 * same transaction. The lead auditor is named on the assessment afterwards,
 * so rotation is checked then (src/app/assessments.ts).
 */
export async function acceptApplication(store: Store, context: CommandContext, applicationId: string, day: CalendarDate): Promise<Application> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'application.check', { organisationId: found.providerId });
  return store.transaction(async (tx) => {
    const accepted = await changeCase(tx, context, found.id, 'application.accept', async (inner, current) => {
      const refusals = await checkEngagement(inner, { bodyId: current.bodyId, providerId: current.providerId, grade: current.grade, day, leadAuditorId: '', previousLeads: [] });
      if (refusals.length > 0) {
        throw new DomainError('conflict', `the body may not be engaged: ${refusals.join(', ')}`, {
          issues: refusals.map((refusal) => ({ pointer: '/bodyId', code: `engagement.${refusal}` })),
        });
      }
      return { command: { type: 'accept', bodyEligible: true }, returnReason: current.returnReason, submittedAt: current.submittedAt };
    });
    await openAssessment(tx, context, accepted, 'initial');
    return accepted;
  });
}

/** One application with its plan's report, for its provider's people and the office. */
export async function getApplication(store: Store, context: CommandContext, applicationId: string): Promise<ApplicationView> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'application.read', { organisationId: found.providerId });
  const [provider, [service], body, ssp] = await Promise.all([
    getOrganisation(store, found.providerId),
    store.services.refs([found.serviceId]),
    getOrganisation(store, found.bodyId),
    store.applications.findSsp(found.id),
  ]);
  if (!service) throw new DomainError('not-found', `no service ${found.serviceId}`);
  return { application: found, provider, service, body, ssp };
}

/**
 * The service must be the provider's own, and its grade ceiling must allow
 * the grade; the version of the standard must exist; the body must be an
 * auditing body. All problems are reported at once.
 */
export async function checkReferences(store: Store, providerId: string, details: ApplicationDetails): Promise<void> {
  const [service, version, body] = await Promise.all([
    store.services.findById(details.serviceId),
    store.standards.find(details.standardVersion),
    store.organisations.findById(details.bodyId),
  ]);
  const issues: FieldIssue[] = [];
  if (service?.providerId !== providerId) issues.push({ pointer: '/serviceId', code: 'unknown-choice' });
  else {
    const ceiling = await serviceGradeCeiling(store, service.id);
    if (details.grade > ceiling) issues.push({ pointer: '/grade', code: 'above-ceiling', params: { ceiling } });
  }
  if (!version) issues.push({ pointer: '/standardVersion', code: 'unknown-choice' });
  if (body?.kind !== 'auditing-body') issues.push({ pointer: '/bodyId', code: 'unknown-choice' });
  if (issues.length > 0) throw new DomainError('validation', `application is invalid: ${issues.map((i) => `${i.pointer} ${i.code}`).join(', ')}`, { issues });
}

/** One change of a case: the command, what the application keeps beside the case, and the reason its history records. */
export interface CaseStep {
  readonly command: CertificationCommand;
  readonly returnReason: string | null;
  readonly submittedAt: Date | null;
  /**
   * The reason the case's history records, for a command that carries none
   * of its own (a recommendation, a certification); by default the
   * command's own reason, if it has one.
   */
  readonly reason?: string | undefined;
}

export interface CaseChangeOptions {
  /** The role the case's public history names; by default the acting organisation's kind (`actingRole`). */
  readonly actorRole?: string | undefined;
  /** Why, for a command that carries no reason of its own (a reinstatement): the history records and publishes it. */
  readonly reason?: string | undefined;
}

/**
 * Applies one command to an application's case in one transaction, the row
 * locked so two officers acting at once take turns; a refusal is a conflict
 * naming why, and the trail keeps the state before and after. Given a
 * transaction's store, it joins that transaction, so that what goes with the
 * change (an assessment's sign-off, a certificate) commits with it or not at all.
 */
export async function changeCase(
  store: Store,
  context: CommandContext,
  applicationId: string,
  action: string,
  step: (tx: Store, current: Application) => Promise<CaseStep>,
  options: CaseChangeOptions = {},
): Promise<Application> {
  return store.transaction(async (tx) => {
    const current = await findApplication(tx, applicationId, { forUpdate: true });
    const { command, returnReason, submittedAt, reason: givenReason } = await step(tx, current);
    const transition = applyCommand(current.case, command);
    if (!transition.ok) {
      throw new DomainError('conflict', `${command.type} refused: ${transition.refusal}`, { issues: [{ pointer: '/state', code: `case.${transition.refusal}` }] });
    }
    const reason = givenReason?.trim() ?? options.reason?.trim() ?? ('reason' in command ? command.reason.trim() : null);
    const after = await tx.applications.changeCase(current.id, { case: transition.next, returnReason, submittedAt, at: context.now });
    await tx.applications.appendEvent({
      applicationId: current.id,
      occurredAt: context.now,
      command: command.type,
      from: current.case.state,
      to: after.case.state,
      actorRole: options.actorRole ?? actingRole(context),
      reason,
    });
    await recordAudit(tx, context, { action, objectType: 'application', objectId: current.id, change: { from: current.case.state, to: after.case.state, returnReason, reason } });
    return after;
  });
}

/**
 * The role a case's public history names for a change: the acting
 * organisation's kind (never a person), `operator` for the command line.
 */
export function actingRole(context: CommandContext): string {
  const { authority } = context;
  return authority.type === 'principal' ? authority.principal.organisationKind : authority.type;
}

/** Only a draft or a returned application takes a new plan. */
export function checkEditable(application: Application): void {
  if (!isEditable(application.case)) {
    throw new DomainError('conflict', `application ${application.id} is ${application.case.state}`, { issues: [{ pointer: '/state', code: 'case.wrong-state' }] });
  }
}

/** Whether the provider may still change what it submits (upload a plan, submit). */
export function isEditable(current: CertificationCase): boolean {
  return current.state === 'draft' || current.state === 'returned';
}

async function parseSsp(upload: SspUpload): Promise<unknown> {
  if (upload.bytes.byteLength === 0) throw new DomainError('validation', 'no plan uploaded', { issues: [{ pointer: '/ssp', code: 'required' }] });
  try {
    return parseBoundedJson(upload.bytes, upload.fileName, { maxBytes: SSP_MAX_BYTES, maxDepth: SSP_MAX_DEPTH });
  } catch (error) {
    throw oscalInputError(error, upload.fileName, '/ssp');
  }
}

/** An application by id; an id that is not one, or names none, is not found. */
export async function findApplication(store: Store, applicationId: string, options: { forUpdate?: boolean } = {}): Promise<Application> {
  const found = isUuid(applicationId) ? await store.applications.findById(applicationId.toLowerCase(), options) : undefined;
  if (!found) throw new DomainError('not-found', `no application ${applicationId}`);
  return found;
}
