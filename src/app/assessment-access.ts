import { DomainError, type Action, type Application, type Assessment } from '../domain/index.js';
import type { CommandContext } from './audit.js';
import { isUuid } from './ids.js';
import { authorize, principalOf, recordRefusal } from './policy.js';
import type { Store } from './ports.js';

/**
 * Who may reach an assessment, shared by the use cases of assessments and of
 * findings. An assessment is the engaged body's work: the policy is asked
 * about the body, except when a provider reads, when it is asked about the
 * provider whose service it is. Nobody outside the body reads an open one
 * but the programme office; the provider reads its own once signed off.
 */

export interface AssessmentInCase {
  readonly assessment: Assessment;
  readonly application: Application;
}

/** An assessment and its application; any id that names none is not found. */
export async function findAssessment(store: Store, assessmentId: string, options: { readonly forUpdate?: boolean } = {}): Promise<AssessmentInCase> {
  const assessment = isUuid(assessmentId) ? await store.assessments.findById(assessmentId.toLowerCase(), options) : undefined;
  if (!assessment) throw new DomainError('not-found', `no assessment ${assessmentId}`);
  const application = await store.applications.findById(assessment.applicationId);
  if (!application) throw new DomainError('not-found', `no application ${assessment.applicationId}`);
  return { assessment, application };
}

/** Checks the policy for `action` on the assessment, and the rule that keeps an open one inside the body and the office. */
export async function authorizeAssessment(store: Store, context: CommandContext, action: Action, found: AssessmentInCase): Promise<void> {
  const { assessment, application } = found;
  const provider = principalOf(context)?.organisationKind === 'provider';
  await authorize(store, context, action, { organisationId: provider && action === 'assessment.read' ? application.providerId : assessment.bodyId });
  if (provider && assessment.state === 'open') {
    await recordRefusal(store, context, action, { type: 'assessment', id: assessment.id }, 'open');
    throw new DomainError('forbidden', `${action} refused: assessment ${assessment.id} is still open`);
  }
}

/** The person acting: results, evidence, findings and sign-offs name who made them. */
export function actingPerson(context: CommandContext): string {
  const userId = context.actor.userId;
  if (userId === undefined) throw new DomainError('forbidden', 'only a person may do this');
  return userId;
}

/** Work is recorded only on an open assessment whose lead auditor has been named. */
export function checkRecordable(assessment: Assessment): void {
  if (assessment.state !== 'open') {
    throw new DomainError('conflict', `assessment ${assessment.id} is ${assessment.state}`, { issues: [{ pointer: '/assessment', code: 'sign-off.not-open' }] });
  }
  if (assessment.leadAuditorId === null) {
    throw new DomainError('conflict', `assessment ${assessment.id} has no lead auditor`, { issues: [{ pointer: '/assessment', code: 'sign-off.no-lead-auditor' }] });
  }
}
