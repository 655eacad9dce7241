import { DomainError, type Application, type Assessment, type AssessmentKind } from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import type { Store } from './ports.js';

/**
 * Opens an assessment of an application's case for the body it engages, over
 * the application's audited period, counting the controls of its grade in
 * its version of the standard. Call it inside the transaction of the change
 * that starts the work (acceptance into assessment opens the initial one),
 * so that the two are written together or not at all. Its own module so that
 * applications.ts can call it without depending on the rest of assessments.
 */
export async function openAssessment(tx: Store, context: CommandContext, application: Application, kind: AssessmentKind): Promise<Assessment> {
  const version = await tx.standards.find(application.standardVersion);
  if (!version) throw new DomainError('not-found', `no version ${application.standardVersion} of the standard`);
  const opened = await tx.assessments.insert({
    applicationId: application.id,
    kind,
    bodyId: application.bodyId,
    period: application.auditedPeriod,
    controlsTotal: version.controlCounts[application.grade],
    createdAt: context.now,
  });
  await recordAudit(tx, context, { action: 'assessment.open', objectType: 'assessment', objectId: opened.id, change: opened });
  return opened;
}
