import { sql } from 'kysely';
import { authoriseBody } from '../../src/app/auditing-bodies.js';
import { systemContext } from '../../src/app/audit.js';
import type { Application, Certificate, CertificationCommand, Grade, Organisation } from '../../src/domain/index.js';
import { applyCommand, calendarDate, newCase, type AuditedPeriod, type CalendarDate } from '../../src/domain/index.js';
import { registerOrganisation } from '../../src/app/organisations.js';
import type { User } from '../../src/app/ports.js';
import { registerService } from '../../src/app/services.js';
import { createUser } from '../../src/app/users.js';
import type { TestDatabase } from './databases.js';
import { smallStandard } from './standards.js';

/**
 * Brings certification cases to a given state in a test database, for the
 * tests of what comes after that state (decisions, the daily job, the public
 * list). It writes real rows through the store, and applies every change of
 * state with the domain's applyCommand, so no case it makes is one the domain
 * would refuse; what it skips are the pages and use cases of the earlier
 * steps, which have tests of their own.
 */

export interface Parties {
  readonly office: Organisation;
  readonly officer: User;
  readonly approver: User;
  readonly body: Organisation;
  readonly leadAuditor: User;
  readonly provider: Organisation;
  readonly compliance: User;
  /** The standard version every case uses: test/support/standards.ts's small standard. */
  readonly standardVersion: string;
}

let sequence = 0;

/** An office, an authorised auditing body (up to Grade 3) and a provider, with one person in each role a case needs. */
export async function seedParties(database: TestDatabase, options: { readonly standardVersion?: string; readonly now?: Date } = {}): Promise<Parties> {
  const { store } = database;
  const now = options.now ?? new Date('2026-01-10T00:00:00Z');
  const operator = systemContext('test', now);
  const standardVersion = options.standardVersion ?? '2026.1';
  if (!(await store.standards.find(standardVersion))) await store.standards.insert(smallStandard(standardVersion));
  const n = ++sequence;
  const organisation = (kind: Organisation['kind'], name: string) =>
    registerOrganisation(store, { kind, nameJa: `${name}${n}`, nameEn: `${name} ${n}`, registryScheme: 'other', registryId: `CASE${n}${kind === 'programme-office' ? 'O' : kind === 'auditing-body' ? 'B' : 'P'}`, country: 'JP' }, operator);
  const person = async (org: Organisation, local: string, roles: string[]) =>
    (await createUser(store, { organisationId: org.id, email: `${local}.${n}@${org.kind}.example.jp`, displayName: `${local} ${n}`, roles }, operator)).user;

  const office = await organisation('programme-office', 'Office');
  const body = await organisation('auditing-body', 'Body');
  const provider = await organisation('provider', 'Provider');
  await authoriseBody(store, { bodyId: body.id, number: `AB-2026-${String(n).padStart(3, '0')}`, validFrom: '2025-01-01', validUntil: '2030-12-31', highestGrade: 3 }, operator);
  return {
    office,
    officer: await person(office, 'officer', ['officer']),
    approver: await person(office, 'approver', ['approver']),
    body,
    leadAuditor: await person(body, 'lead', ['lead-auditor']),
    provider,
    compliance: await person(provider, 'compliance', ['compliance']),
    standardVersion,
  };
}

/** The states a case can be brought to, in the order of its life. */
export type SeededState = 'draft' | 'submitted' | 'in-assessment' | 'assessed' | 'under-review' | 'certified';

export interface CaseOptions {
  readonly state: SeededState;
  readonly grade?: Grade;
  /** The audited period; by default the calendar year 2026. */
  readonly period?: AuditedPeriod;
  /** A service of the provider to apply for; by default a new SaaS. */
  readonly serviceId?: string;
  /** When the steps happen (the day of certification is this day). */
  readonly now?: Date;
}

export interface SeededCase {
  readonly application: Application;
  /** Set once the case is certified. */
  readonly certificate: Certificate | undefined;
  /** The signed-off initial assessment, from `assessed` on. */
  readonly assessmentId: string | undefined;
}

/**
 * A case of the parties' provider in `options.state`. From `assessed` on it
 * has a signed-off initial assessment with every control of the grade
 * satisfied; from `under-review` on the officer has recommended certifying;
 * `certified` has its certificate, issued by the approver.
 */
export async function seedCase(database: TestDatabase, parties: Parties, options: CaseOptions): Promise<SeededCase> {
  const { store } = database;
  const db = database.handle.db;
  const now = options.now ?? new Date('2027-02-01T00:00:00Z');
  const today = calendarDate(now.toISOString().slice(0, 10));
  const grade = options.grade ?? 2;
  const period = options.period ?? { start: calendarDate('2026-01-01'), end: calendarDate('2026-12-31') };
  const serviceId =
    options.serviceId ??
    (
      await registerService(
        store,
        parties.provider.id,
        { nameJa: `サービス${++sequence}`, nameEn: `Service ${sequence}`, serviceModel: 'saas', deploymentModel: 'public', regions: ['ap-northeast-1'], runsOn: [] },
        systemContext('test', now),
      )
    ).id;

  let application = await store.applications.insert(
    parties.provider.id,
    { serviceId, grade, standardVersion: parties.standardVersion, scope: 'The whole service.', auditedPeriod: period, bodyId: parties.body.id },
    newCase(grade),
    now,
  );
  const step = async (command: CertificationCommand, actorRole: string) => {
    const transition = applyCommand(application.case, command);
    if (!transition.ok) throw new Error(`seedCase: ${command.type} refused: ${transition.refusal}`);
    const from = application.case.state;
    application = await store.applications.changeCase(application.id, {
      case: transition.next,
      returnReason: null,
      submittedAt: application.submittedAt ?? (command.type === 'submit' ? now : null),
      at: now,
    });
    await store.applications.appendEvent({ applicationId: application.id, occurredAt: now, command: command.type, from, to: application.case.state, actorRole, reason: null });
  };
  const order: readonly SeededState[] = ['draft', 'submitted', 'in-assessment', 'assessed', 'under-review', 'certified'];
  const reach = (state: SeededState) => order.indexOf(options.state) >= order.indexOf(state);

  if (reach('submitted')) await step({ type: 'submit', sspComplete: true }, 'provider');
  if (reach('in-assessment')) await step({ type: 'accept', bodyEligible: true }, 'programme-office');
  let assessmentId: string | undefined;
  if (reach('assessed')) {
    const controls = await db
      .selectFrom('standard_control')
      .select('control_id')
      .where('version', '=', parties.standardVersion)
      .where('grade', '=', grade)
      .execute();
    assessmentId = await signedOffAssessment(database, parties, application.id, period, controls.map((c) => c.control_id), now);
    await step({ type: 'sign-off', period, controlsTotal: controls.length, controlsAssessed: controls.length }, 'auditing-body');
  }
  if (reach('under-review')) {
    await step({ type: 'begin-review' }, 'programme-office');
    await step({ type: 'recommend', by: parties.officer.id, outcome: 'certify' }, 'programme-office');
  }
  let certificate: Certificate | undefined;
  if (reach('certified')) {
    const controlsTotal = (await db.selectFrom('assessment').select('controls_total').where('id', '=', assessmentId!).executeTakeFirstOrThrow()).controls_total;
    await step(
      {
        type: 'certify',
        by: parties.approver.id,
        facts: { controlsTotal, controlsAssessed: controlsTotal, openCriticalOrHighFindings: 0, bodyAuthorisedOnSignOff: true, supplyChain: 'met' },
      },
      'programme-office',
    );
    certificate = await store.certificates.issue({
      applicationId: application.id,
      serviceId,
      providerId: parties.provider.id,
      bodyId: parties.body.id,
      grade,
      standardVersion: parties.standardVersion,
      scope: application.scope,
      auditedPeriod: period,
      issuedOn: today,
      validUntil: application.case.validUntil!,
      approverId: parties.approver.id,
      issuedAt: now,
    });
  }
  return { application, certificate, assessmentId };
}

/**
 * A signed-off assessment of the case with every one of `controls`
 * satisfied, reusing the case's open assessment if accepting it made one.
 */
async function signedOffAssessment(database: TestDatabase, parties: Parties, applicationId: string, period: AuditedPeriod, controls: readonly string[], now: Date): Promise<string> {
  const db = database.handle.db;
  const open = await db.selectFrom('assessment').select('id').where('application_id', '=', applicationId).where('state', '=', 'open').executeTakeFirst();
  const id =
    open?.id ??
    (
      await db
        .insertInto('assessment')
        .values({
          application_id: applicationId,
          kind: 'initial',
          body_id: parties.body.id,
          lead_auditor_id: parties.leadAuditor.id,
          period_from: period.start,
          period_until: period.end,
          controls_total: controls.length,
          state: 'open',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  for (const controlId of controls) {
    await db
      .insertInto('control_result')
      .values({ assessment_id: id, control_id: controlId, result: 'satisfied', methods: sql<string[]>`ARRAY['examine']::text[]`, narrative: `Examined ${controlId}.`, recorded_by: parties.leadAuditor.id, recorded_at: now })
      .onConflict((oc) => oc.columns(['assessment_id', 'control_id']).doNothing())
      .execute();
  }
  await db
    .updateTable('assessment')
    .set({ state: 'signed-off', lead_auditor_id: parties.leadAuditor.id, signed_off_at: now, signed_off_by: parties.leadAuditor.id, report_sha256: 'f'.repeat(64) })
    .where('id', '=', id)
    .execute();
  return id;
}

/** A day as the tests write it. */
export const day = (text: string): CalendarDate => calendarDate(text);

/**
 * Gives a seeded case one more command (suspend, reinstate, revoke, expire,
 * file-renewal, withdraw …) as the daily job or a decision would: through
 * the domain's applyCommand, with the case's history event. A command the
 * domain refuses fails the test that asked for it.
 */
export async function advanceCase(
  database: TestDatabase,
  application: Application,
  command: CertificationCommand,
  options: { readonly actorRole?: string; readonly now?: Date } = {},
): Promise<Application> {
  const { store } = database;
  const now = options.now ?? new Date('2027-06-01T00:00:00Z');
  const current = (await store.applications.findById(application.id))!;
  const transition = applyCommand(current.case, command);
  if (!transition.ok) throw new Error(`advanceCase: ${command.type} refused: ${transition.refusal}`);
  return store.transaction(async (tx) => {
    const after = await tx.applications.changeCase(current.id, { case: transition.next, returnReason: null, submittedAt: current.submittedAt, at: now });
    await tx.applications.appendEvent({
      applicationId: current.id,
      occurredAt: now,
      command: command.type,
      from: current.case.state,
      to: after.case.state,
      actorRole: options.actorRole ?? 'programme-office',
      reason: 'reason' in command ? command.reason : null,
    });
    return after;
  });
}
