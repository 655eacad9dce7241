import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type {
  AssessmentKeyset,
  AssessmentRepository,
  EvidenceCitation,
  EvidenceRef,
  FindingKeyset,
  NewAssessment,
  NewEvidenceFile,
  NewFinding,
  SignOff,
  StoredEvidenceFile,
  TenantScope,
} from '../app/index.js';
import {
  calendarDate,
  type Assessment,
  type AssessmentKind,
  type AssessmentMethod,
  type AssessmentState,
  type ControlResult,
  type ControlResultValue,
  type Finding,
  type RiskLevel,
} from '../domain/index.js';
import { translated } from './errors.js';
import type { Database } from './schema.js';
import { gradeColumn } from './grade-column.js';

/**
 * Assessments, their control results, evidence and findings
 * (migrations/0013_assessments_and_certificates.sql). Evidence files are kept
 * once by SHA-256 and cited per control; days travel as YYYY-MM-DD text.
 */
export function assessmentRepository(db: Kysely<Database>): AssessmentRepository {
  const assessments = () =>
    db
      .selectFrom('assessment as a')
      .select(['a.id', 'a.application_id', 'a.kind', 'a.body_id', 'a.lead_auditor_id', 'a.controls_total', 'a.state', 'a.created_at', 'a.signed_off_at', 'a.signed_off_by', 'a.report_sha256'])
      .select([
        sql<string>`a.period_from::text`.as('period_from'),
        sql<string>`a.period_until::text`.as('period_until'),
        sql<number>`(SELECT count(*)::int FROM control_result r WHERE r.assessment_id = a.id)`.as('controls_done'),
      ]);
  const reread = async (id: string) => toAssessment(await assessments().where('a.id', '=', id).executeTakeFirstOrThrow());

  const results = () => db.selectFrom('control_result').select(['control_id', 'result', 'methods', 'narrative', 'recorded_by', 'recorded_at']);

  const findings = () =>
    db
      .selectFrom('finding as f')
      .select(['f.id', 'f.assessment_id', 'f.application_id', 'f.control_id', 'f.risk', 'f.title', 'f.description', 'f.status', 'f.provider_response', 'f.created_at', 'f.recorded_by'])
      .select([sql<string>`f.recorded_on::text`.as('recorded_on'), sql<string>`f.due_on::text`.as('due_on')]);
  const rereadFinding = async (id: string) => toFinding(await findings().where('f.id', '=', id).executeTakeFirstOrThrow());

  const files = () => db.selectFrom('evidence_file').select(['sha256', 'size', 'media_type', 'stored_at']);

  return {
    insert: (a: NewAssessment) =>
      translated(async () => {
        const { id } = await db
          .insertInto('assessment')
          .values({
            application_id: a.applicationId,
            kind: a.kind,
            body_id: a.bodyId,
            period_from: a.period.start,
            period_until: a.period.end,
            controls_total: a.controlsTotal,
            state: 'open',
            created_at: a.createdAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return reread(id);
      }),

    findById: async (id, options = {}) => {
      if (options.forUpdate) await db.selectFrom('assessment').select('id').where('id', '=', id).forUpdate().execute();
      const row = await assessments().where('a.id', '=', id).executeTakeFirst();
      return row && toAssessment(row);
    },

    listByApplication: async (applicationId) =>
      (await assessments().where('a.application_id', '=', applicationId).orderBy('a.created_at').orderBy('a.id').execute()).map(toAssessment),

    listByBody: async (scope: TenantScope, window) => {
      const backwards = window.before !== undefined;
      const position = window.before ?? window.after;
      let query = assessments()
        .innerJoin('application as p', 'p.id', 'a.application_id')
        .select(['p.service_id', 'p.provider_id', 'p.grade'])
        .where('a.body_id', '=', scope.organisationId);
      if (position) query = query.where(newestFirstBeyond(position, backwards));
      const direction = backwards ? 'asc' : 'desc';
      const rows = await query.orderBy('a.created_at', direction).orderBy('a.id', direction).limit(window.limit + 1).execute();
      const page = rows.slice(0, window.limit).map((row) => ({ assessment: toAssessment(row), serviceId: row.service_id, providerId: row.provider_id, grade: gradeColumn(row.grade) }));
      return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
    },

    setLeadAuditor: (id, userId) =>
      translated(async () => {
        await db.updateTable('assessment').set({ lead_auditor_id: userId }).where('id', '=', id).execute();
        return reread(id);
      }),

    previousLeads: async (serviceId) =>
      (
        await db
          .selectFrom('assessment as a')
          .innerJoin('application as p', 'p.id', 'a.application_id')
          .select('a.lead_auditor_id')
          .where('p.service_id', '=', serviceId)
          .where('a.state', '=', 'signed-off')
          .orderBy('a.signed_off_at', 'desc')
          .orderBy('a.id', 'desc')
          .execute()
      ).flatMap((row) => (row.lead_auditor_id === null ? [] : [row.lead_auditor_id])),

    putResult: (assessmentId, result) =>
      translated(async () => {
        const values = {
          result: result.result,
          methods: [...result.methods],
          narrative: result.narrative,
          recorded_by: result.recordedBy,
          recorded_at: result.recordedAt,
        };
        await db
          .insertInto('control_result')
          .values({ assessment_id: assessmentId, control_id: result.controlId, ...values })
          .onConflict((oc) => oc.columns(['assessment_id', 'control_id']).doUpdateSet(values))
          .execute();
        return toResult(await results().where('assessment_id', '=', assessmentId).where('control_id', '=', result.controlId).executeTakeFirstOrThrow());
      }),

    putResults: (assessmentId, list) =>
      translated(async () => {
        if (list.length === 0) return [];
        const rows = await db
          .insertInto('control_result')
          .values(
            list.map((result) => ({
              assessment_id: assessmentId,
              control_id: result.controlId,
              result: result.result,
              methods: [...result.methods],
              narrative: result.narrative,
              recorded_by: result.recordedBy,
              recorded_at: result.recordedAt,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['assessment_id', 'control_id']).doUpdateSet((eb) => ({
              result: eb.ref('excluded.result'),
              methods: eb.ref('excluded.methods'),
              narrative: eb.ref('excluded.narrative'),
              recorded_by: eb.ref('excluded.recorded_by'),
              recorded_at: eb.ref('excluded.recorded_at'),
            })),
          )
          .returning(['control_id', 'result', 'methods', 'narrative', 'recorded_by', 'recorded_at'])
          .execute();
        return rows.map(toResult).sort((a, b) => (a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0));
      }),

    listResults: async (assessmentId) => (await results().where('assessment_id', '=', assessmentId).orderBy('control_id').execute()).map(toResult),

    putEvidenceFile: (file: NewEvidenceFile) =>
      translated(async () => {
        // The same bytes twice are one row: the second upload finds the first's (and waits for it, if it is still being written).
        const inserted = await db
          .insertInto('evidence_file')
          .values({ sha256: file.sha256, size: file.size, media_type: file.mediaType, content: file.content, stored_at: file.storedAt })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .returning('sha256')
          .executeTakeFirst();
        const stored = await files().where('sha256', '=', file.sha256).executeTakeFirstOrThrow();
        return { file: toFile(stored), reused: inserted === undefined };
      }),

    citeEvidence: (citation: EvidenceCitation) =>
      translated(async () => {
        const inserted = await db
          .insertInto('control_evidence')
          .values({
            assessment_id: citation.assessmentId,
            control_id: citation.controlId,
            sha256: citation.sha256,
            file_name: citation.fileName,
            uploaded_by: citation.uploadedBy,
            uploaded_at: citation.uploadedAt,
          })
          .onConflict((oc) => oc.columns(['assessment_id', 'control_id', 'sha256']).doNothing())
          .returning('sha256')
          .executeTakeFirst();
        return inserted !== undefined;
      }),

    listEvidence: async (assessmentId) =>
      (
        await db
          .selectFrom('control_evidence as c')
          .innerJoin('evidence_file as e', 'e.sha256', 'c.sha256')
          .select(['c.assessment_id', 'c.control_id', 'c.sha256', 'c.file_name', 'c.uploaded_by', 'c.uploaded_at', 'e.size', 'e.media_type'])
          .where('c.assessment_id', '=', assessmentId)
          .orderBy('c.control_id')
          .orderBy('c.uploaded_at')
          .orderBy('c.sha256')
          .execute()
      ).map(
        (row): EvidenceRef => ({
          assessmentId: row.assessment_id,
          controlId: row.control_id,
          sha256: row.sha256,
          fileName: row.file_name,
          uploadedBy: row.uploaded_by,
          uploadedAt: row.uploaded_at,
          size: row.size,
          mediaType: row.media_type,
        }),
      ),

    findEvidence: async (assessmentId, sha256) => {
      const row = await db
        .selectFrom('control_evidence as c')
        .innerJoin('evidence_file as e', 'e.sha256', 'c.sha256')
        .select(['c.file_name', 'e.media_type', 'e.size', 'e.content'])
        .where('c.assessment_id', '=', assessmentId)
        .where('c.sha256', '=', sha256)
        .orderBy('c.uploaded_at')
        .limit(1)
        .executeTakeFirst();
      // pg gives a Buffer, PGlite a Uint8Array: both views of the same bytes.
      return row && { fileName: row.file_name, mediaType: row.media_type, size: row.size, content: new Uint8Array(row.content.buffer, row.content.byteOffset, row.content.byteLength) };
    },

    insertFinding: (f: NewFinding) =>
      translated(async () => {
        const { id } = await db
          .insertInto('finding')
          .values({
            assessment_id: f.assessmentId,
            application_id: f.applicationId,
            control_id: f.controlId,
            risk: f.risk,
            title: f.title,
            description: f.description,
            recorded_on: f.recordedOn,
            due_on: f.dueOn,
            status: 'open',
            created_at: f.createdAt,
            recorded_by: f.recordedBy,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return rereadFinding(id);
      }),

    findFinding: async (id, options = {}) => {
      if (options.forUpdate) await db.selectFrom('finding').select('id').where('id', '=', id).forUpdate().execute();
      const row = await findings().where('f.id', '=', id).executeTakeFirst();
      return row && toFinding(row);
    },

    listFindings: async (assessmentId) =>
      (await findings().where('f.assessment_id', '=', assessmentId).orderBy('f.control_id').orderBy('f.created_at').orderBy('f.id').execute()).map(toFinding),

    setFindingResponse: (id, response) =>
      translated(async () => {
        await db.updateTable('finding').set({ provider_response: response }).where('id', '=', id).execute();
        return rereadFinding(id);
      }),

    listProviderFindings: async (scope: TenantScope, window) => {
      const backwards = window.before !== undefined;
      const position = window.before ?? window.after;
      let query = findings()
        .innerJoin('application as p', 'p.id', 'f.application_id')
        .innerJoin('assessment as a', 'a.id', 'f.assessment_id')
        .select(['p.service_id', 'p.grade'])
        .where('p.provider_id', '=', scope.organisationId)
        .where('a.state', '=', 'signed-off');
      if (position) query = query.where(earliestDueBeyond(position, backwards));
      const direction = backwards ? 'desc' : 'asc';
      const rows = await query.orderBy('f.due_on', direction).orderBy('f.id', direction).limit(window.limit + 1).execute();
      const page = rows.slice(0, window.limit).map((row) => ({ finding: toFinding(row), serviceId: row.service_id, grade: gradeColumn(row.grade) }));
      return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
    },

    signOff: (id, signOff: SignOff) =>
      translated(async () => {
        await db
          .updateTable('assessment')
          .set({ state: 'signed-off', signed_off_at: signOff.at, signed_off_by: signOff.by, report_sha256: signOff.reportSha256 })
          .where('id', '=', id)
          .where('state', '=', 'open')
          .execute();
        return reread(id);
      }),
  };
}

/** Rows after `position` in newest-first order (or before it, reading backwards). */
function newestFirstBeyond(position: AssessmentKeyset, backwards: boolean): Expression<SqlBool> {
  const at = new Date(position.createdAt);
  return backwards ? sql<SqlBool>`(a.created_at, a.id) > (${at}, ${position.id}::uuid)` : sql<SqlBool>`(a.created_at, a.id) < (${at}, ${position.id}::uuid)`;
}

/** Rows after `position` in earliest-due order (or before it, reading backwards). */
function earliestDueBeyond(position: FindingKeyset, backwards: boolean): Expression<SqlBool> {
  return backwards
    ? sql<SqlBool>`(f.due_on, f.id) < (${position.dueOn}::date, ${position.id}::uuid)`
    : sql<SqlBool>`(f.due_on, f.id) > (${position.dueOn}::date, ${position.id}::uuid)`;
}

interface AssessmentRow {
  id: string;
  application_id: string;
  kind: string;
  body_id: string;
  lead_auditor_id: string | null;
  controls_total: number;
  controls_done: number;
  state: string;
  created_at: Date;
  signed_off_at: Date | null;
  signed_off_by: string | null;
  report_sha256: string | null;
  period_from: string;
  period_until: string;
}

function toAssessment(row: AssessmentRow): Assessment {
  return {
    id: row.id,
    applicationId: row.application_id,
    // The table's checks hold these to the domain's values.
    kind: row.kind as AssessmentKind,
    bodyId: row.body_id,
    leadAuditorId: row.lead_auditor_id,
    period: { start: calendarDate(row.period_from), end: calendarDate(row.period_until) },
    controlsTotal: row.controls_total,
    controlsDone: row.controls_done,
    state: row.state as AssessmentState,
    createdAt: row.created_at,
    signedOffAt: row.signed_off_at,
    signedOffBy: row.signed_off_by,
    reportSha256: row.report_sha256,
  };
}

function toResult(row: { control_id: string; result: string; methods: string[]; narrative: string; recorded_by: string; recorded_at: Date }): ControlResult {
  return {
    controlId: row.control_id,
    // The table's checks hold these to the domain's values.
    result: row.result as ControlResultValue,
    methods: row.methods as AssessmentMethod[],
    narrative: row.narrative,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

interface FindingRow {
  id: string;
  assessment_id: string;
  application_id: string;
  control_id: string;
  risk: string;
  title: string;
  description: string;
  status: string;
  provider_response: string | null;
  created_at: Date;
  recorded_by: string;
  recorded_on: string;
  due_on: string;
}

function toFinding(row: FindingRow): Finding {
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    applicationId: row.application_id,
    controlId: row.control_id,
    // The table's checks hold these to the domain's values.
    risk: row.risk as RiskLevel,
    title: row.title,
    description: row.description,
    recordedOn: calendarDate(row.recorded_on),
    dueOn: calendarDate(row.due_on),
    status: row.status as Finding['status'],
    providerResponse: row.provider_response,
    createdAt: row.created_at,
    recordedBy: row.recorded_by,
  };
}

function toFile(row: { sha256: string; size: number; media_type: string; stored_at: Date }): StoredEvidenceFile {
  return { sha256: row.sha256, size: row.size, mediaType: row.media_type, storedAt: row.stored_at };
}

