import { sql, type Kysely } from 'kysely';
import type { DecisionFactsRepository, DecisionQueue, FindingCounts, QueuedCase, QueueKeyset } from '../app/index.js';
import { calendarDate, RISK_LEVELS, type CertificationState, type RiskLevel } from '../domain/index.js';
import type { Database } from './schema.js';
import { gradeColumn } from './grade-column.js';

/**
 * What decisions on cases read of assessments and findings
 * (migrations/0013_assessments_and_certificates.sql), and the office's
 * queues of cases to review and to decide. Reads only.
 */
export function decisionFactsRepository(db: Kysely<Database>): DecisionFactsRepository {
  return {
    signedOffAssessment: async (applicationId) => {
      const row = await db
        .selectFrom('assessment as a')
        .leftJoin('app_user as u', 'u.id', 'a.lead_auditor_id')
        .select(['a.id', 'a.body_id', 'a.lead_auditor_id', 'u.display_name', 'a.controls_total', 'a.signed_off_at', 'a.report_sha256'])
        .select([
          sql<string>`a.period_from::text`.as('period_from'),
          sql<string>`a.period_until::text`.as('period_until'),
          // Every row is one control's result: the primary key is (assessment, control).
          sql<number>`(SELECT count(*)::int FROM control_result r WHERE r.assessment_id = a.id)`.as('controls_assessed'),
        ])
        .where('a.application_id', '=', applicationId)
        .where('a.kind', '=', 'initial')
        .where('a.state', '=', 'signed-off')
        .orderBy('a.signed_off_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      // Signed off, the table's check guarantees the time, signer and digest.
      if (!row?.signed_off_at || !row.report_sha256) return undefined;
      return {
        id: row.id,
        bodyId: row.body_id,
        leadAuditor: row.lead_auditor_id && row.display_name !== null ? { id: row.lead_auditor_id, name: row.display_name } : null,
        period: { start: calendarDate(row.period_from), end: calendarDate(row.period_until) },
        controlsTotal: row.controls_total,
        controlsAssessed: row.controls_assessed,
        signedOffAt: row.signed_off_at,
        reportSha256: row.report_sha256,
      };
    },

    findingCounts: async (applicationId) => {
      const rows = await db
        .selectFrom('finding')
        .select(['risk', 'status', sql<number>`count(*)::int`.as('count')])
        .where('application_id', '=', applicationId)
        .groupBy(['risk', 'status'])
        .execute();
      const counts = Object.fromEntries(RISK_LEVELS.map((risk) => [risk, { open: 0, closed: 0 }])) as Record<RiskLevel, { open: number; closed: number }>;
      for (const row of rows) {
        // The table's checks allow only these risks and statuses.
        const tally = counts[row.risk as RiskLevel];
        if (row.status === 'open') tally.open = row.count;
        else tally.closed = row.count;
      }
      return counts satisfies FindingCounts;
    },

    listQueue: async (queue, window) => {
      const backwards = window.before !== undefined;
      const position = window.before ?? window.after;
      let query = db
        .selectFrom('application')
        .select(['id', 'service_id', 'provider_id', 'grade', 'state', 'updated_at', sql<string | null>`case_json->>'recommendation'`.as('recommendation')])
        .where(inQueue(queue));
      if (position) query = query.where(beyond(position, backwards));
      const direction = backwards ? 'desc' : 'asc';
      const rows = await query.orderBy('updated_at', direction).orderBy('id', direction).limit(window.limit + 1).execute();
      const page = rows.slice(0, window.limit).map(toQueued);
      return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
    },
  };
}

/** Which cases a queue holds: whether an officer has recommended is in the case itself. */
function inQueue(queue: DecisionQueue) {
  const recommended = sql<boolean>`case_json->>'recommendation' IS NOT NULL`;
  return queue === 'reviews'
    ? sql<boolean>`(state = 'assessed' OR (state = 'under-review' AND NOT ${recommended}))`
    : sql<boolean>`(state = 'under-review' AND ${recommended})`;
}

function beyond(position: QueueKeyset, backwards: boolean) {
  const at = sql`(${position.since}::timestamptz, ${position.id}::uuid)`;
  return backwards ? sql<boolean>`(updated_at, id) < ${at}` : sql<boolean>`(updated_at, id) > ${at}`;
}

function toQueued(row: { id: string; service_id: string; provider_id: string; grade: number; state: string; updated_at: Date; recommendation: string | null }): QueuedCase {
  return {
    applicationId: row.id,
    serviceId: row.service_id,
    providerId: row.provider_id,
    grade: gradeColumn(row.grade),
    // Written only from the domain's own states and recommendations.
    state: row.state as CertificationState,
    recommendation: row.recommendation === 'certify' || row.recommendation === 'reject' ? row.recommendation : null,
    since: row.updated_at,
  };
}
