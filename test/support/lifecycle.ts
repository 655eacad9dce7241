import { sql } from 'kysely';
import type { CommandContext } from '../../src/app/index.js';
import type { Organisation } from '../../src/domain/index.js';
import type { User } from '../../src/app/ports.js';
import type { Parties } from './cases.js';
import type { TestDatabase } from './databases.js';

/**
 * What the tests of a certification's life after it is granted share: a
 * person's command context, and the auditing body's work on a requested
 * assessment (results for every control and the lead auditor's sign-off),
 * written as rows, since recording results and signing off are the
 * assessments' use cases, tested on their own.
 */

/** A person of an organisation acting through a browser session. */
export function as(user: User, organisation: Organisation, now: Date): CommandContext {
  return {
    actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `web:${user.email}` },
    authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
    now,
  };
}

/** Records a result for every control of the assessment's grade and signs it off, as of `now`. */
export async function signOffAssessment(database: TestDatabase, parties: Parties, assessmentId: string, now: Date): Promise<void> {
  const db = database.handle.db;
  const { application_id: applicationId } = await db.selectFrom('assessment').select('application_id').where('id', '=', assessmentId).executeTakeFirstOrThrow();
  const application = await database.store.applications.findById(applicationId);
  if (!application) throw new Error(`no application ${applicationId}`);
  const controls = await db.selectFrom('standard_control').select('control_id').where('version', '=', application.standardVersion).where('grade', '=', application.grade).execute();
  for (const { control_id: controlId } of controls) {
    await db
      .insertInto('control_result')
      .values({ assessment_id: assessmentId, control_id: controlId, result: 'satisfied', methods: sql<string[]>`ARRAY['test']::text[]`, narrative: `Tested ${controlId}.`, recorded_by: parties.leadAuditor.id, recorded_at: now })
      .execute();
  }
  await db
    .updateTable('assessment')
    .set({ state: 'signed-off', lead_auditor_id: parties.leadAuditor.id, signed_off_at: now, signed_off_by: parties.leadAuditor.id, report_sha256: 'e'.repeat(64) })
    .where('id', '=', assessmentId)
    .execute();
}

/** A finding of a case, open unless said otherwise, recorded on the assessment given. */
export async function recordFinding(database: TestDatabase, parties: Parties, input: { assessmentId: string; applicationId: string; risk: string; recordedOn: string; dueOn: string }): Promise<string> {
  const row = await database.handle.db
    .insertInto('finding')
    .values({
      assessment_id: input.assessmentId,
      application_id: input.applicationId,
      control_id: 'ac-1',
      risk: input.risk,
      title: `A ${input.risk} finding`,
      description: 'What the auditor found.',
      recorded_on: input.recordedOn,
      due_on: input.dueOn,
      status: 'open',
      created_at: new Date(`${input.recordedOn}T00:00:00Z`),
      recorded_by: parties.leadAuditor.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
