import { sql, type Kysely } from 'kysely';
import type { ApplicationKeyset, ApplicationRepository, CaseChange, CaseEvent, ListWindow, NewSsp, Slice, StoredSsp, TenantScope } from '../app/index.js';
import { calendarDate, type Application, type ApplicationDetails, type CertificationCase } from '../domain/index.js';
import type { CompletenessReport } from '../oscal/index.js';
import { translated } from './errors.js';
import type { Database } from './schema.js';
import { gradeColumn } from './grade-column.js';

/** Applications for certification and their system security plans (migrations/0012_applications.sql). */
export function applicationRepository(db: Kysely<Database>): ApplicationRepository {
  const select = () => selectApplications(db);

  const find = async (id: string) => {
    const row = await select().where('id', '=', id).executeTakeFirst();
    return row && toApplication(row);
  };
  const reread = async (id: string) => toApplication(await select().where('id', '=', id).executeTakeFirstOrThrow());

  const ssps = () => db.selectFrom('application_ssp').select(['application_id', 'sha256', 'size', 'oscal_version', 'completeness_json', 'uploaded_at']);

  return {
    insert: (providerId: string, details: ApplicationDetails, initial: CertificationCase, at: Date) =>
      translated(async () => {
        const { id } = await db
          .insertInto('application')
          .values({
            provider_id: providerId,
            service_id: details.serviceId,
            grade: details.grade,
            standard_version: details.standardVersion,
            scope: details.scope,
            audited_from: details.auditedPeriod.start,
            audited_until: details.auditedPeriod.end,
            body_id: details.bodyId,
            state: initial.state,
            case_json: sql<string>`${JSON.stringify(initial)}::jsonb`,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return reread(id);
      }),

    findById: async (id, options = {}) => {
      if (options.forUpdate) await db.selectFrom('application').select('id').where('id', '=', id).forUpdate().execute();
      return find(id);
    },

    changeCase: (id: string, change: CaseChange) =>
      translated(async () => {
        await db
          .updateTable('application')
          .set({
            state: change.case.state,
            case_json: sql<string>`${JSON.stringify(change.case)}::jsonb`,
            return_reason: change.returnReason,
            submitted_at: change.submittedAt,
            updated_at: change.at,
          })
          .where('id', '=', id)
          .execute();
        return reread(id);
      }),

    updateDetails: (id: string, details: ApplicationDetails, current: CertificationCase, at: Date) =>
      translated(async () => {
        await db
          .updateTable('application')
          .set({
            service_id: details.serviceId,
            grade: details.grade,
            standard_version: details.standardVersion,
            scope: details.scope,
            audited_from: details.auditedPeriod.start,
            audited_until: details.auditedPeriod.end,
            body_id: details.bodyId,
            case_json: sql<string>`${JSON.stringify(current)}::jsonb`,
            updated_at: at,
          })
          .where('id', '=', id)
          .execute();
        return reread(id);
      }),

    // Newest first: "after" a position is further into the past.
    listByProvider: (scope: TenantScope, window: ListWindow<ApplicationKeyset>) =>
      page(select().where('provider_id', '=', scope.organisationId), 'created_at', 'desc', window),

    listByState: (state, window) => page(select().where('state', '=', state), 'submitted_at', 'asc', window),

    putSsp: (ssp: NewSsp) =>
      translated(async () => {
        const values = {
          sha256: ssp.sha256,
          size: ssp.size,
          oscal_version: ssp.oscalVersion,
          completeness_json: sql<string>`${JSON.stringify(ssp.report)}::jsonb`,
          document: ssp.document,
          uploaded_at: ssp.uploadedAt,
        };
        await db
          .insertInto('application_ssp')
          .values({ application_id: ssp.applicationId, ...values })
          .onConflict((oc) => oc.column('application_id').doUpdateSet(values))
          .execute();
        const stored = await ssps().where('application_id', '=', ssp.applicationId).executeTakeFirstOrThrow();
        return toSsp(stored);
      }),

    findSsp: async (applicationId: string) => {
      const row = await ssps().where('application_id', '=', applicationId).executeTakeFirst();
      return row && toSsp(row);
    },

    findSspDocument: async (applicationId: string) =>
      (await db.selectFrom('application_ssp').select('document').where('application_id', '=', applicationId).executeTakeFirst())?.document,

    appendEvent: (event: CaseEvent) =>
      translated(async () => {
        await db
          .insertInto('case_event')
          .values({
            application_id: event.applicationId,
            occurred_at: event.occurredAt,
            command: event.command,
            from_state: event.from,
            to_state: event.to,
            actor_role: event.actorRole,
            reason: event.reason,
          })
          .execute();
      }),

    listEvents: async (applicationId: string) =>
      (
        await db
          .selectFrom('case_event')
          .select(['application_id', 'occurred_at', 'command', 'from_state', 'to_state', 'actor_role', 'reason'])
          .where('application_id', '=', applicationId)
          .orderBy('id')
          .execute()
      ).map((row) => ({
        applicationId: row.application_id,
        occurredAt: row.occurred_at,
        // Written only by appendEvent, from the domain's own values.
        command: row.command as CaseEvent['command'],
        from: row.from_state as CaseEvent['from'],
        to: row.to_state as CaseEvent['to'],
        actorRole: row.actor_role,
        reason: row.reason,
      })),
  };
}

/** The columns an Application is read from (`toApplication`); other repositories that list cases read them too. */
export function selectApplications(db: Kysely<Database>) {
  return db
    .selectFrom('application')
    .select(['id', 'service_id', 'provider_id', 'grade', 'standard_version', 'scope', 'body_id', 'case_json', 'return_reason', 'created_at', 'updated_at', 'submitted_at'])
    .select([sql<string>`audited_from::text`.as('audited_from'), sql<string>`audited_until::text`.as('audited_until')]);
}

/**
 * One page of applications in the order of a moment column and then id, read
 * by a row comparison from the cursor's position (keyset paging: every page
 * costs the same however deep). Reading backwards, the window is read in the
 * opposite order and turned round.
 */
async function page(
  query: ReturnType<typeof selectApplications>,
  column: 'created_at' | 'submitted_at',
  order: 'asc' | 'desc',
  window: ListWindow<ApplicationKeyset>,
): Promise<Slice<Application>> {
  const backwards = window.before !== undefined;
  const position = window.before ?? window.after;
  const ascending = (order === 'asc') !== backwards;
  if (position) {
    const key = sql`(${sql.ref(column)}, id)`;
    const at = sql`(${position.at}::timestamptz, ${position.id}::uuid)`;
    query = query.where(ascending ? sql<boolean>`${key} > ${at}` : sql<boolean>`${key} < ${at}`);
  }
  const direction = ascending ? 'asc' : 'desc';
  const rows = await query.orderBy(column, direction).orderBy('id', direction).limit(window.limit + 1).execute();
  const items = rows.slice(0, window.limit).map(toApplication);
  return { items: backwards ? items.reverse() : items, hasMore: rows.length > window.limit };
}

interface ApplicationRow {
  id: string;
  service_id: string;
  provider_id: string;
  grade: number;
  standard_version: string;
  scope: string;
  audited_from: string;
  audited_until: string;
  body_id: string;
  case_json: unknown;
  return_reason: string | null;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
}

export function toApplication(row: ApplicationRow): Application {
  return {
    id: row.id,
    providerId: row.provider_id,
    serviceId: row.service_id,
    grade: gradeColumn(row.grade),
    standardVersion: row.standard_version,
    scope: row.scope,
    auditedPeriod: { start: calendarDate(row.audited_from), end: calendarDate(row.audited_until) },
    bodyId: row.body_id,
    // Written only by changeCase and insert, from a case the domain made.
    case: row.case_json as CertificationCase,
    returnReason: row.return_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
  };
}

function toSsp(row: { application_id: string; sha256: string; size: number; oscal_version: string; completeness_json: unknown; uploaded_at: Date }): StoredSsp {
  return {
    applicationId: row.application_id,
    sha256: row.sha256,
    size: row.size,
    oscalVersion: row.oscal_version,
    report: withAllCounts(row.completeness_json as StoredReport),
    uploadedAt: row.uploaded_at,
  };
}

type StoredReport = Omit<CompletenessReport, 'counts'> & {
  readonly counts: Omit<CompletenessReport['counts'], 'planned'> & { readonly planned?: number };
};

/**
 * A report as putSsp wrote it, from sspCompleteness. Reports written before
 * plans could answer "planned" have no count for it; they had no such
 * answers, so it is zero.
 */
function withAllCounts(report: StoredReport): CompletenessReport {
  return { ...report, counts: { ...report.counts, planned: report.counts.planned ?? 0 } };
}

