import {
  authorisedOn,
  calendarDateAt,
  checkFollowUp,
  checkReason,
  commandsFrom,
  DomainError,
  lapseOf,
  type Application,
  type AuditedPeriod,
  type CertificationCommand,
  type DecisionFacts,
  type FollowUpInput,
} from '../domain/index.js';
import { supplyChainNotYetAssessed, type SupplyChainConditions } from './supply-chain-conditions.js';
import { changeCase, type CaseChangeOptions } from './applications.js';
import { recordAudit, type CommandContext } from './audit.js';
import { checkEngagement } from './auditing-bodies.js';
import { isUuid } from './ids.js';
import type { CaseAssessment } from './lifecycle-ports.js';
import { authorize, principalOf } from './policy.js';
import type { Store } from './ports.js';
import { flagDependents } from './service-review-flags.js';

/**
 * A certification's life after it is granted (issue 5, "Life after
 * certification"; DOMAIN.md, "A certification's life"): the office suspends
 * it with a reason, and its approvers reinstate or revoke it and decide
 * renewals; the provider requests its regular inspections and the
 * assessment of a renewal, files the renewal before expiry, or withdraws.
 * Every change goes through the case's state machine (applyCommand) by
 * `changeCase`, with its case event and audit record; a change that makes
 * the service lapse flags every service that runs on it, in the same
 * transaction. The time-driven changes are the daily job's
 * (./certification-job.ts).
 *
 * `timeZone` is the programme's: the day a person acts is the day there.
 */

/** An officer or approver suspends a certification (or one pending renewal) at once, with the reason that is published. */
export async function suspendCertification(store: Store, context: CommandContext, applicationId: string, rawReason: string): Promise<Application> {
  const found = await findCase(store, applicationId);
  await authorize(store, context, 'certification.suspend', { organisationId: found.providerId });
  const reason = checkReason(rawReason);
  return changeLiveCase(store, context, found.id, 'certification.suspend', async () => ({ type: 'suspend', cause: 'manual', reason }));
}

/**
 * An approver lifts a suspension, with the reason that is published beside
 * the suspension's: never the officer who reviewed the case (four eyes), and
 * not past the certificate's validity or while its inspection is still
 * overdue (the domain refuses each, saying which).
 */
export async function reinstateCertification(store: Store, context: CommandContext, applicationId: string, timeZone: string, rawReason: string): Promise<Application> {
  const found = await findCase(store, applicationId);
  await authorize(store, context, 'certification.decide', { organisationId: found.providerId });
  const by = decider(context);
  const reason = checkReason(rawReason);
  return changeLiveCase(store, context, found.id, 'certification.reinstate', async () => ({ type: 'reinstate', by, today: calendarDateAt(context.now, timeZone) }), { reason });
}

/** An approver revokes a suspended certification, with the reason that is published. Final. */
export async function revokeCertification(store: Store, context: CommandContext, applicationId: string, rawReason: string): Promise<Application> {
  const found = await findCase(store, applicationId);
  await authorize(store, context, 'certification.decide', { organisationId: found.providerId });
  const reason = checkReason(rawReason);
  return changeLiveCase(store, context, found.id, 'certification.revoke', async () => ({ type: 'revoke', reason }));
}

/** The provider gives up its certification. Final. */
export async function withdrawCertification(store: Store, context: CommandContext, applicationId: string): Promise<Application> {
  const found = await findCase(store, applicationId);
  await authorize(store, context, 'certification.maintain', { organisationId: found.providerId });
  return changeLiveCase(store, context, found.id, 'certification.withdraw', async () => ({ type: 'withdraw' }));
}

/** The provider files a renewal; filed before the certificate expires, it keeps it valid until an approver decides. */
export async function fileRenewal(store: Store, context: CommandContext, applicationId: string, timeZone: string): Promise<Application> {
  const found = await findCase(store, applicationId);
  await authorize(store, context, 'certification.maintain', { organisationId: found.providerId });
  return changeLiveCase(store, context, found.id, 'certification.file-renewal', async () => ({ type: 'file-renewal', today: calendarDateAt(context.now, timeZone) }));
}

export interface RenewalDecisionInput {
  /** `renew` or `refuse`. */
  readonly outcome: string;
  /** Why a renewal is refused (published); not needed to renew. */
  readonly reason: string;
}

/**
 * An approver decides a pending renewal. Renewing stands on the latest
 * signed-off renewal assessment that covers a period after the current one:
 * its period becomes the certificate's, and the decision needs what a first
 * certification needs (every control assessed, no open critical or high
 * finding, the body authorised on the day of sign-off, Grade 3's conditions).
 * The certificate is renewed in the same transaction. Refusing needs a
 * reason, and the certification expires.
 */
export async function decideRenewal(
  store: Store,
  context: CommandContext,
  applicationId: string,
  input: RenewalDecisionInput,
  timeZone: string,
  supplyChain: SupplyChainConditions = supplyChainNotYetAssessed,
): Promise<Application> {
  const found = await findCase(store, applicationId);
  await authorize(store, context, 'certification.decide', { organisationId: found.providerId });
  const outcome = input.outcome.trim();
  if (outcome !== 'renew' && outcome !== 'refuse') {
    const issue = outcome === '' ? { pointer: '/outcome', code: 'required' } : { pointer: '/outcome', code: 'one-of', params: { allowed: 'renew, refuse' } };
    throw new DomainError('validation', `no such outcome: ${outcome}`, { issues: [issue] });
  }
  const by = decider(context);
  if (outcome === 'refuse') {
    const reason = checkReason(input.reason);
    return changeLiveCase(store, context, found.id, 'certification.refuse-renewal', async () => ({ type: 'refuse-renewal', by, reason }));
  }
  return changeLiveCase(
    store,
    context,
    found.id,
    'certification.renew',
    async (tx, current) => {
      const assessment = await renewalAssessment(tx, current);
      return { type: 'renew', by, period: assessment.period, facts: await decisionFacts(tx, current, assessment, timeZone, supplyChain) };
    },
    {
      after: async (tx, renewed) => {
        // The same registration number, with the new audited period and validity (DOMAIN.md: nothing published is edited in place, but a certificate's status is its case's).
        if (!renewed.case.auditedPeriod || !renewed.case.validUntil) throw new Error(`renewed case ${renewed.id} has no period or validity`);
        await tx.certificates.renew(renewed.id, { auditedPeriod: renewed.case.auditedPeriod, validUntil: renewed.case.validUntil, approverId: by });
      },
    },
  );
}

/**
 * The provider requests a regular inspection, or the assessment a renewal
 * will be decided on, from an auditing body: authorised for the grade on
 * the day and independent of the provider (the lead auditor, and so
 * rotation, is named by the body when it starts). One assessment of a case
 * is open at a time. Returns the new, open assessment.
 */
export async function requestAssessment(store: Store, context: CommandContext, applicationId: string, input: FollowUpInput, timeZone: string): Promise<CaseAssessment> {
  const found = await findCase(store, applicationId);
  await authorize(store, context, 'certification.maintain', { organisationId: found.providerId });
  const day = calendarDateAt(context.now, timeZone);
  return store.transaction(async (tx) => {
    const current = await findCase(tx, found.id, { forUpdate: true });
    const request = checkFollowUp(input, current.case);
    const body = await tx.organisations.findById(request.bodyId);
    if (body?.kind !== 'auditing-body') throw new DomainError('validation', `no auditing body ${request.bodyId}`, { issues: [{ pointer: '/bodyId', code: 'unknown-choice' }] });
    if ((await tx.lifecycle.listAssessments(current.id)).some((assessment) => assessment.state === 'open')) {
      throw new DomainError('conflict', `case ${current.id} has an open assessment`, { issues: [{ pointer: '/kind', code: 'assessment-open' }] });
    }
    const refusals = await checkEngagement(tx, { bodyId: body.id, providerId: current.providerId, grade: current.grade, day, leadAuditorId: '', previousLeads: [] });
    if (refusals.length > 0) {
      throw new DomainError('conflict', `the body may not be engaged: ${refusals.join(', ')}`, { issues: refusals.map((refusal) => ({ pointer: '/bodyId', code: `engagement.${refusal}` })) });
    }
    const controlsTotal = (await tx.standards.fingerprints(current.standardVersion))[current.grade].length;
    const assessment = await tx.lifecycle.insertAssessment({ applicationId: current.id, kind: request.kind, bodyId: body.id, period: request.period, controlsTotal, at: context.now });
    await recordAudit(tx, context, { action: 'certification.request-assessment', objectType: 'application', objectId: current.id, change: assessment });
    return assessment;
  });
}

/** What `onAssessmentSignedOff` needs of a signed-off assessment (the assessments' own type has these fields). */
export interface SignedOffFollowUp {
  readonly id: string;
  readonly applicationId: string;
  readonly kind: 'initial' | 'inspection' | 'renewal';
  readonly period: AuditedPeriod;
}

/**
 * What a lead auditor's sign-off means for a certified case: an inspection,
 * or a renewal's assessment (a full assessment of the grade, which covers the
 * year's surveillance too), records the inspection, so the next one falls due
 * a year after its period. Call it in the transaction of the sign-off, which
 * has checked the lead auditor's right to sign. An initial assessment is the
 * case's own sign-off command and changes nothing here; nor does a sign-off
 * once the case has lapsed for good. Returns the case if it changed.
 */
export async function onAssessmentSignedOff(tx: Store, context: CommandContext, assessment: SignedOffFollowUp): Promise<Application | undefined> {
  if (assessment.kind === 'initial') return undefined;
  const current = await findCase(tx, assessment.applicationId, { forUpdate: true });
  if (!commandsFrom(current.case.state).includes('record-inspection')) return undefined;
  return changeLiveCase(tx, context, current.id, 'certification.record-inspection', async () => ({ type: 'record-inspection', period: assessment.period }));
}

interface LiveChangeOptions extends CaseChangeOptions {
  /** More to write in the change's transaction, once the case has changed. */
  readonly after?: ((tx: Store, changed: Application) => Promise<void>) | undefined;
}

/**
 * Applies one command to a case through `changeCase`, and when the service
 * lapses by it, flags every service that runs on it, in the same
 * transaction. Returns the case and how many services were flagged.
 */
export async function changeLiveCase(
  store: Store,
  context: CommandContext,
  applicationId: string,
  action: string,
  command: (tx: Store, current: Application) => Promise<CertificationCommand>,
  options: LiveChangeOptions = {},
): Promise<Application> {
  return (await changeLiveCaseCounting(store, context, applicationId, action, command, options)).application;
}

/** `changeLiveCase`, also saying how many services the change flagged for review (the daily job reports it). */
export async function changeLiveCaseCounting(
  store: Store,
  context: CommandContext,
  applicationId: string,
  action: string,
  command: (tx: Store, current: Application) => Promise<CertificationCommand>,
  options: LiveChangeOptions = {},
): Promise<{ application: Application; flagged: number }> {
  return store.transaction(async (tx) => {
    let before: Application | undefined;
    const application = await changeCase(
      tx,
      context,
      applicationId,
      action,
      async (inner, current) => {
        before = current;
        return { command: await command(inner, current), returnReason: current.returnReason, submittedAt: current.submittedAt };
      },
      options,
    );
    const lapse = before && lapseOf(before.case.state, application.case.state);
    const flagged = lapse ? await flagDependents(tx, context, application, lapse) : 0;
    await options.after?.(tx, application);
    return { application, flagged };
  });
}

/** The latest signed-off renewal assessment covering a period after the certificate's, or a conflict saying there is none. */
async function renewalAssessment(tx: Store, current: Application): Promise<CaseAssessment> {
  const end = current.case.auditedPeriod?.end;
  const found = (await tx.lifecycle.listAssessments(current.id)).find(
    (assessment) => assessment.kind === 'renewal' && assessment.state === 'signed-off' && (end === undefined || assessment.period.end > end),
  );
  if (!found) throw new DomainError('conflict', `case ${current.id} has no signed-off renewal assessment`, { issues: [{ pointer: '/outcome', code: 'renewal-not-assessed' }] });
  return found;
}

/**
 * What a renewal is decided on, from the renewal's assessment; Grade 3's
 * supply-chain and data-centre conditions come from the same port as the
 * first decision's (src/app/supply-chain-conditions.ts).
 */
async function decisionFacts(tx: Store, current: Application, assessment: CaseAssessment, timeZone: string, supplyChain: SupplyChainConditions): Promise<DecisionFacts> {
  const [controlsAssessed, openCriticalOrHighFindings, authorisations, supplyChainCondition] = await Promise.all([
    tx.lifecycle.countControlResults(assessment.id),
    tx.lifecycle.countOpenBlockingFindings(current.id),
    tx.auditingBodies.listAuthorisations([assessment.bodyId]),
    current.grade === 3 ? supplyChain.forService(current.serviceId) : Promise.resolve('met' as const),
  ]);
  const signedOn = calendarDateAt(assessment.signedOffAt ?? assessment.createdAt, timeZone);
  return {
    controlsTotal: assessment.controlsTotal,
    controlsAssessed,
    openCriticalOrHighFindings,
    bodyAuthorisedOnSignOff: authorisedOn(authorisations, current.grade, signedOn) === undefined,
    supplyChain: supplyChainCondition,
  };
}

/** The person deciding: a decision on a certification is always someone's, whom the four-eyes rule can compare. */
function decider(context: CommandContext): string {
  const userId = principalOf(context)?.userId ?? context.actor.userId;
  if (!userId) throw new DomainError('forbidden', 'a decision on a certification needs a signed-in person');
  return userId;
}

/** A case by its application's id; `forUpdate` locks it until the transaction ends. */
export async function findCase(store: Store, applicationId: string, options: { forUpdate?: boolean } = {}): Promise<Application> {
  const found = isUuid(applicationId) ? await store.applications.findById(applicationId.toLowerCase(), options) : undefined;
  if (!found) throw new DomainError('not-found', `no certification ${applicationId}`);
  return found;
}
