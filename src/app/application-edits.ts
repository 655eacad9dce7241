import {
  applyCommand,
  DomainError,
  validateApplication,
  type Application,
  type ApplicationDetails,
  type ApplicationInput,
  type CertificationCase,
} from '../domain/index.js';
import { sspCompleteness, type CompletenessReport, type SspDocument } from '../oscal/index.js';
import { actingRole, checkReferences, findApplication, getApplication, isEditable, type ApplicationView } from './applications.js';
import { recordAudit, type CommandContext } from './audit.js';
import { authorize } from './policy.js';
import type { Store } from './ports.js';

/**
 * Changing an application before the office has it (issue 5,
 * "Applications"): a draft, or one the office returned, takes new fields
 * from its provider's compliance people and admins, with the same checks as
 * drafting. Once submitted it is the office's, and nothing in it changes
 * until the office returns it.
 */

export interface ApplicationEdit {
  readonly application: Application;
  /**
   * The plan's report checked again, when the grade or the version of the
   * standard changed and a plan was uploaded: the plan answers the controls
   * of one grade of one version, so its old report would say nothing true.
   */
  readonly recheckedReport: CompletenessReport | undefined;
}

/** One application for the form that changes it: only for those who may change it, and only while they may. */
export async function getApplicationToEdit(store: Store, context: CommandContext, applicationId: string): Promise<ApplicationView> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'application.draft', { organisationId: found.providerId });
  checkChangeable(found);
  return getApplication(store, context, found.id);
}

/** An application's own fields as a form or client would give them. */
export function applicationInputOf(application: Application): ApplicationInput {
  return {
    serviceId: application.serviceId,
    grade: String(application.grade),
    standardVersion: application.standardVersion,
    scope: application.scope,
    auditedFrom: application.auditedPeriod.start,
    auditedUntil: application.auditedPeriod.end,
    bodyId: application.bodyId,
  };
}

/**
 * Changes a draft's or returned application's fields: those given replace
 * the application's, the others stay as they are. A new grade goes
 * through the case (the `amend` command); a new grade or version checks the
 * kept plan again in the same transaction, so the report never answers
 * another grade than the application's. The trail keeps the fields before
 * and after.
 */
export async function editApplication(store: Store, context: CommandContext, applicationId: string, changes: Partial<ApplicationInput>): Promise<ApplicationEdit> {
  const found = await findApplication(store, applicationId);
  await authorize(store, context, 'application.draft', { organisationId: found.providerId });
  checkChangeable(found);
  const details = validateApplication({ ...applicationInputOf(found), ...definedOnly(changes) });
  await checkReferences(store, found.providerId, details);
  return store.transaction(async (tx) => {
    const before = await findApplication(tx, found.id, { forUpdate: true });
    checkChangeable(before);
    const regraded = details.grade !== before.grade;
    const nextCase = regraded ? amended(before.case, details) : before.case;
    const after = await tx.applications.updateDetails(before.id, details, nextCase, context.now);
    if (regraded) {
      // The grade is part of the case, so its history says when it changed (the state does not).
      await tx.applications.appendEvent({
        applicationId: before.id,
        occurredAt: context.now,
        command: 'amend',
        from: before.case.state,
        to: after.case.state,
        actorRole: actingRole(context),
        reason: null,
      });
    }
    const recheckedReport = regraded || details.standardVersion !== before.standardVersion ? await recheckSsp(tx, after) : undefined;
    await recordAudit(tx, context, {
      action: 'application.edit',
      objectType: 'application',
      objectId: before.id,
      change: {
        before: detailsOf(before),
        after: detailsOf(after),
        ...(recheckedReport ? { ssp: { complete: recheckedReport.complete, counts: recheckedReport.counts } } : {}),
      },
    });
    return { application: after, recheckedReport };
  });
}

/** Refused with a message that says why: the office has the application, or is done with it. */
function checkChangeable(application: Application): void {
  if (!isEditable(application.case)) {
    throw new DomainError('conflict', `application ${application.id} is ${application.case.state}, and no longer the provider's to change`, {
      issues: [{ pointer: '/state', code: 'application.not-editable' }],
    });
  }
}

function amended(current: CertificationCase, details: ApplicationDetails): CertificationCase {
  const transition = applyCommand(current, { type: 'amend', grade: details.grade });
  if (!transition.ok) {
    throw new DomainError('conflict', `amend refused: ${transition.refusal}`, { issues: [{ pointer: '/state', code: `case.${transition.refusal}` }] });
  }
  return transition.next;
}

/**
 * Checks the kept plan against the application's (new) grade and version,
 * and keeps the new report beside the same document: the plan itself, its
 * digest and when it was uploaded do not change.
 */
async function recheckSsp(tx: Store, application: Application): Promise<CompletenessReport | undefined> {
  const [ssp, document] = await Promise.all([tx.applications.findSsp(application.id), tx.applications.findSspDocument(application.id)]);
  if (!ssp || document === undefined) return undefined;
  const controlIds = (await tx.standards.fingerprints(application.standardVersion))[application.grade].map((control) => control.id);
  // The document was checked against its OSCAL schema when it was uploaded.
  const report = sspCompleteness(JSON.parse(document) as SspDocument, controlIds);
  await tx.applications.putSsp({ ...ssp, report, document });
  return report;
}

/** The fields given, without those present but undefined (which would otherwise blank the application's). */
function definedOnly(changes: Partial<ApplicationInput>): Partial<ApplicationInput> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}

function detailsOf(application: Application): ApplicationDetails {
  const { serviceId, grade, standardVersion, scope, auditedPeriod, bodyId } = application;
  return { serviceId, grade, standardVersion, scope, auditedPeriod, bodyId };
}
