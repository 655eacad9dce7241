import { sql, type Kysely } from 'kysely';
import type { CaseAssessment, CertificationFilter, LapseToFlag, LifecycleRepository, NewFollowUpAssessment } from '../app/index.js';
import { calendarDate, LAPSES, type Lapse, type ServiceReviewFlag } from '../domain/index.js';
import { selectApplications, toApplication } from './applications.js';
import { translated } from './errors.js';
import type { Database } from './schema.js';

/**
 * A certification's life after it is granted: the cases the daily job and
 * the office look at, their inspections and renewal assessments
 * (migrations/0013_assessments_and_certificates.sql), and the services
 * flagged for review when one they run on lapses
 * (migrations/0016_service_review_flags.sql).
 */
export function lifecycleRepository(db: Kysely<Database>): LifecycleRepository {
  const assessments = () =>
    db
      .selectFrom('assessment')
      .select(['id', 'application_id', 'kind', 'body_id', 'controls_total', 'state', 'created_at', 'signed_off_at'])
      .select([sql<string>`period_from::text`.as('period_from'), sql<string>`period_until::text`.as('period_until')])
      // finding_assessment (migration 0013) leads with assessment_id.
      .select(sql<string>`(SELECT count(*) FROM finding f WHERE f.assessment_id = assessment.id)`.as('findings'));

  const flags = () =>
    db.selectFrom('service_review_flag as f').select(['f.id', 'f.service_id', 'f.lapsed_service_id', 'f.application_id', 'f.lapse', 'f.raised_at', 'f.lapsed_at', 'f.cleared_at', 'f.cleared_by']);

  return {
    liveCaseIds: async (afterId, limit) => {
      let query = db.selectFrom('application').select('id').where('state', 'in', ['certified', 'suspended', 'renewal-pending']);
      if (afterId !== undefined) query = query.where('id', '>', afterId);
      return (await query.orderBy('id').limit(limit).execute()).map((row) => row.id);
    },

    tryLockCase: async (applicationId) => {
      const rows = await db.selectFrom('application').select('id').where('id', '=', applicationId).forUpdate().skipLocked().execute();
      return rows.length > 0;
    },

    countOverdueCriticalFindings: async (applicationId, today) => {
      const { count } = await db
        .selectFrom('finding')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('application_id', '=', applicationId)
        .where('status', '=', 'open')
        .where('risk', '=', 'critical')
        .where('due_on', '<', today)
        .executeTakeFirstOrThrow();
      return Number(count);
    },

    countOpenBlockingFindings: async (applicationId) => {
      const { count } = await db
        .selectFrom('finding')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('application_id', '=', applicationId)
        .where('status', '=', 'open')
        .where('risk', 'in', ['critical', 'high'])
        .executeTakeFirstOrThrow();
      return Number(count);
    },

    insertAssessment: (assessment: NewFollowUpAssessment) =>
      translated(async () => {
        const { id } = await db
          .insertInto('assessment')
          .values({
            application_id: assessment.applicationId,
            kind: assessment.kind,
            body_id: assessment.bodyId,
            period_from: assessment.period.start,
            period_until: assessment.period.end,
            controls_total: assessment.controlsTotal,
            state: 'open',
            created_at: assessment.at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return toAssessment(await assessments().where('id', '=', id).executeTakeFirstOrThrow());
      }),

    listAssessments: async (applicationId) =>
      (await assessments().where('application_id', '=', applicationId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toAssessment),

    countControlResults: async (assessmentId) => {
      const { count } = await db
        .selectFrom('control_result')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('assessment_id', '=', assessmentId)
        .executeTakeFirstOrThrow();
      return Number(count);
    },

    listCertifications: async (filter: CertificationFilter, window) => {
      const backwards = window.before !== undefined;
      const position = window.before ?? window.after;
      // The day a list is ordered by, as the case holds it (YYYY-MM-DD sorts as text); the partial indexes of 0016 cover both.
      const day = filter.order === 'inspection-due' ? sql<string>`(case_json ->> 'inspectionDue')` : sql<string>`(case_json ->> 'validUntil')`;
      let query = selectApplications(db).where('state', 'in', [...filter.states]);
      if (filter.provider) query = query.where('provider_id', '=', filter.provider.organisationId);
      if (filter.inspectionDueBefore) query = query.where(sql<boolean>`(case_json ->> 'inspectionDue') < ${filter.inspectionDueBefore}`);
      if (position) {
        const at = sql`(${position.day}::text, ${position.id}::uuid)`;
        query = query.where(backwards ? sql<boolean>`(${day}, id) < ${at}` : sql<boolean>`(${day}, id) > ${at}`);
      }
      const direction = backwards ? sql`DESC` : sql`ASC`;
      const rows = await query
        .orderBy(sql`${day} ${direction}`)
        .orderBy(sql`id ${direction}`)
        .limit(window.limit + 1)
        .execute();
      const page = rows.slice(0, window.limit).map(toApplication);
      return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
    },

    raiseReviewFlags: (lapse: LapseToFlag) =>
      translated(async () => {
        // Every service that runs on the lapsed one, directly or through
        // others (services never run on themselves, even through others:
        // src/app/services.ts; UNION stops at a repeat all the same).
        const result = await sql<FlagRow>`
          WITH RECURSIVE dependents (service_id) AS (
            SELECT service_id FROM service_dependency WHERE runs_on_id = ${lapse.lapsedServiceId}
            UNION
            SELECT d.service_id FROM service_dependency d JOIN dependents x ON d.runs_on_id = x.service_id
          )
          INSERT INTO service_review_flag (service_id, lapsed_service_id, application_id, lapse, raised_at, lapsed_at)
          SELECT service_id, ${lapse.lapsedServiceId}, ${lapse.applicationId}, ${lapse.lapse}, ${lapse.at}, ${lapse.at}
            FROM dependents WHERE service_id <> ${lapse.lapsedServiceId}
          ON CONFLICT (service_id, lapsed_service_id) WHERE cleared_at IS NULL
            DO UPDATE SET lapse = EXCLUDED.lapse, application_id = EXCLUDED.application_id, lapsed_at = EXCLUDED.lapsed_at
          RETURNING id, service_id, lapsed_service_id, application_id, lapse, raised_at, lapsed_at, cleared_at, cleared_by`.execute(db);
        return result.rows.map(toFlag);
      }),

    listOpenReviewFlags: async (provider, window) => {
      const backwards = window.before !== undefined;
      const position = window.before ?? window.after;
      let query = flags().where('f.cleared_at', 'is', null);
      if (provider) {
        query = query.where((eb) =>
          eb.exists(eb.selectFrom('cloud_service as s').select('s.id').whereRef('s.id', '=', 'f.service_id').where('s.provider_id', '=', provider.organisationId)),
        );
      }
      // Newest first: reading forwards goes to older flags.
      if (position) {
        const at = sql`(${new Date(position.raisedAt)}::timestamptz, ${position.id}::uuid)`;
        query = query.where(backwards ? sql<boolean>`(f.raised_at, f.id) > ${at}` : sql<boolean>`(f.raised_at, f.id) < ${at}`);
      }
      const direction = backwards ? 'asc' : 'desc';
      const rows = await query.orderBy('f.raised_at', direction).orderBy('f.id', direction).limit(window.limit + 1).execute();
      const page = rows.slice(0, window.limit).map(toFlag);
      return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
    },

    openReviewFlagsOf: async (serviceId) =>
      (await flags().where('f.service_id', '=', serviceId).where('f.cleared_at', 'is', null).orderBy('f.lapsed_at', 'desc').orderBy('f.id', 'desc').execute()).map(toFlag),

    flaggedServices: async (serviceIds) => {
      if (serviceIds.length === 0) return [];
      const rows = await db.selectFrom('service_review_flag').select('service_id').distinct().where('service_id', 'in', [...serviceIds]).where('cleared_at', 'is', null).execute();
      return rows.map((row) => row.service_id);
    },

    findReviewFlag: async (id, options = {}) => {
      let query = flags().where('f.id', '=', id);
      if (options.forUpdate) query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row && toFlag(row);
    },

    clearReviewFlag: (id, clearing) =>
      translated(async () => {
        await db.updateTable('service_review_flag').set({ cleared_at: clearing.at, cleared_by: clearing.by }).where('id', '=', id).execute();
        return toFlag(await flags().where('f.id', '=', id).executeTakeFirstOrThrow());
      }),
  };
}

interface AssessmentRow {
  id: string;
  application_id: string;
  kind: string;
  body_id: string;
  controls_total: number;
  state: string;
  created_at: Date;
  signed_off_at: Date | null;
  period_from: string;
  period_until: string;
  findings: string | number;
}

function toAssessment(row: AssessmentRow): CaseAssessment {
  return {
    id: row.id,
    applicationId: row.application_id,
    // The table's checks allow only these (migrations/0013).
    kind: row.kind as CaseAssessment['kind'],
    bodyId: row.body_id,
    period: { start: calendarDate(row.period_from), end: calendarDate(row.period_until) },
    controlsTotal: row.controls_total,
    state: row.state as CaseAssessment['state'],
    createdAt: row.created_at,
    signedOffAt: row.signed_off_at,
    findings: Number(row.findings),
  };
}

interface FlagRow {
  id: string;
  service_id: string;
  lapsed_service_id: string;
  application_id: string;
  lapse: string;
  raised_at: Date;
  lapsed_at: Date;
  cleared_at: Date | null;
  cleared_by: string | null;
}

function toFlag(row: FlagRow): ServiceReviewFlag {
  return {
    id: row.id,
    serviceId: row.service_id,
    lapsedServiceId: row.lapsed_service_id,
    applicationId: row.application_id,
    lapse: toLapse(row.lapse),
    // A raw query's timestamps come back as Dates from pg and from PGlite alike.
    raisedAt: new Date(row.raised_at),
    lapsedAt: new Date(row.lapsed_at),
    clearedAt: row.cleared_at === null ? null : new Date(row.cleared_at),
    clearedBy: row.cleared_by,
  };
}

function toLapse(value: string): Lapse {
  const lapse = LAPSES.find((l) => l === value);
  if (!lapse) throw new Error(`review flag lapse ${value} is not a lapse`);
  return lapse;
}
