import { Type } from 'typebox';
import { CERTIFICATION_STATES, MAX_PAGE_SIZE } from '../domain/index.js';

/** Applications for certification (issue 5, "Applications"): request and response schemas. */

const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
const NullableTimestamp = Type.Unsafe<Date | string | null>({ type: ['string', 'null'], format: 'date-time' });
const Day = Type.String({ format: 'date', description: 'A calendar day, YYYY-MM-DD' });
const Lang = Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')]));
const Cursor = Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextCursor or prevCursor of a previous page' }));
const ANSWERS = ['implemented', 'not-applicable', 'planned', 'missing', 'no-statement', 'not-applicable-without-reason'] as const;

export const Application = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    providerId: Type.String({ format: 'uuid' }),
    serviceId: Type.String({ format: 'uuid' }),
    grade: Type.Integer({ minimum: 1, maximum: 3 }),
    standardVersion: Type.String(),
    scope: Type.String({ description: 'Plain text; lines are separated by \\n' }),
    auditedFrom: Day,
    auditedUntil: Day,
    bodyId: Type.String({ format: 'uuid', description: 'The auditing body the provider engages' }),
    state: Type.Unsafe<string>({ type: 'string', enum: [...CERTIFICATION_STATES] }),
    returnReason: Type.Unsafe<string | null>({ type: ['string', 'null'], description: 'Why the office last returned it; cleared when it is submitted again' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    submittedAt: NullableTimestamp,
  },
  { $id: 'Application' },
);

const ServiceName = Type.Object({ id: Type.String({ format: 'uuid' }), nameJa: Type.String(), nameEn: Type.String() });

export const ApplicationListItem = Type.Object({
  application: Type.Ref('Application'),
  service: ServiceName,
});

export const ApplicationList = Type.Object({
  items: Type.Array(ApplicationListItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  prevCursor: Type.Union([Type.String(), Type.Null()]),
});

/** The plan's completeness report in short: what it answers, and each control that still needs an answer. */
export const SspSummary = Type.Object(
  {
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'Of the plan as uploaded' }),
    size: Type.Integer({ description: 'Bytes as uploaded' }),
    oscalVersion: Type.String(),
    uploadedAt: Timestamp,
    complete: Type.Boolean({ description: 'Whether it answers every control of the grade: implemented, or not applicable with a reason' }),
    controlsTotal: Type.Integer({ description: 'Controls of the grade' }),
    counts: Type.Object(Object.fromEntries(ANSWERS.map((answer) => [answer, Type.Integer()]))),
    needingAnswer: Type.Array(
      Type.Object({ controlId: Type.String(), status: Type.Unsafe<string>({ type: 'string', enum: ['planned', 'missing', 'no-statement', 'not-applicable-without-reason'] }) }),
      { description: 'Every control of the grade still to answer, in the grade’s order' },
    ),
    outsideGrade: Type.Array(Type.String(), { description: 'Controls the plan answers that the grade does not include' }),
  },
  { $id: 'SspSummary' },
);

export const ApplicationDetail = Type.Object({
  application: Type.Ref('Application'),
  service: ServiceName,
  ssp: Type.Union([Type.Ref('SspSummary'), Type.Null()], { description: 'The security plan, null until one is uploaded' }),
});

export const ProviderApplicationListQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }), cursor: Cursor, lang: Lang }, { additionalProperties: false });

export const ApplicationQueueQuery = Type.Object(
  {
    state: Type.Literal('submitted', { description: "The office's queue: submitted applications, the longest waiting first" }),
    limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
    cursor: Cursor,
    lang: Lang,
  },
  { additionalProperties: false },
);

/**
 * What a provider says of its application. The bounds here only keep
 * requests small; the rules (the grade, the period, whose service) are the
 * domain's, answered as 422 with every problem at once.
 */
const fields = {
  serviceId: Type.String({ maxLength: 64 }),
  grade: Type.Integer({ description: '1, 2 or 3: no higher than the services it runs on allow' }),
  standardVersion: Type.String({ maxLength: 100 }),
  scope: Type.String({ maxLength: 20_000, description: 'What the assessment covers, at most 4,000 characters' }),
  auditedFrom: Type.String({ maxLength: 20, description: 'YYYY-MM-DD' }),
  auditedUntil: Type.String({ maxLength: 20, description: 'YYYY-MM-DD, less than 12 months after auditedFrom' }),
  bodyId: Type.String({ maxLength: 64, description: 'An auditing body' }),
};
export const ApplicationBody = Type.Object(fields, { additionalProperties: false });
export const ApplicationPatch = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });

export const ReturnBody = Type.Object({ reason: Type.String({ maxLength: 4000, description: 'What the provider must put right; they see it' }) }, { additionalProperties: false });
