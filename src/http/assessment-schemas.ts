import { Type } from 'typebox';
import { ASSESSMENT_KINDS, ASSESSMENT_METHODS, CONTROL_RESULTS, RISK_LEVELS } from '../domain/index.js';

/** Assessments (issue 5, "Assessments"): response schemas. */

const stringEnum = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });
const Day = (description: string) => Type.Unsafe<string>({ type: 'string', format: 'date', description });
const Instant = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
const nullable = (schema: Record<string, unknown>) => Type.Unsafe<string | null>({ ...schema, type: ['string', 'null'] });
const Uuid = Type.String({ format: 'uuid' });

export const AssessmentDetail = Type.Object({
  id: Uuid,
  applicationId: Uuid,
  kind: stringEnum(ASSESSMENT_KINDS),
  state: stringEnum(['open', 'signed-off'] as const),
  serviceId: Uuid,
  providerId: Uuid,
  bodyId: Uuid,
  grade: Type.Integer({ minimum: 1, maximum: 3 }),
  standardVersion: Type.String(),
  period: Type.Object({ start: Day('The first day of the audited period'), end: Day('Its last day') }),
  leadAuditorId: nullable({ format: 'uuid', description: 'Null until the body names one' }),
  progress: Type.Object(
    {
      done: Type.Integer({ minimum: 0, description: 'Controls of the grade with a result' }),
      total: Type.Integer({ minimum: 1, description: 'Controls of the grade' }),
      byStatus: Type.Object({
        'not-recorded': Type.Integer(),
        satisfied: Type.Integer(),
        'not-satisfied': Type.Integer(),
        'not-applicable': Type.Integer(),
      }),
    },
    { additionalProperties: false },
  ),
  signedOffAt: Type.Unsafe<Date | string | null>({ type: ['string', 'null'], format: 'date-time' }),
  reportSha256: nullable({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the canonical JSON of the signed-off report' }),
  results: Type.Array(
    Type.Object({
      controlId: Type.String(),
      result: stringEnum(CONTROL_RESULTS),
      methods: Type.Array(stringEnum(ASSESSMENT_METHODS), { minItems: 1 }),
      narrative: Type.String(),
      recordedAt: Instant,
    }),
    { description: 'By control' },
  ),
  findings: Type.Array(
    Type.Object({
      id: Uuid,
      controlId: Type.String(),
      risk: stringEnum(RISK_LEVELS),
      title: Type.String(),
      description: Type.String(),
      recordedOn: Day('The day it was recorded'),
      dueOn: Day('The day its remediation is due, by risk'),
      status: stringEnum(['open', 'closed'] as const),
      providerResponse: nullable({ description: "The provider's answer" }),
    }),
    { description: 'By control, then as recorded' },
  ),
  evidence: Type.Array(
    Type.Object({
      controlId: Type.String(),
      sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      fileName: Type.String(),
      size: Type.Integer({ minimum: 1 }),
      mediaType: Type.String(),
      uploadedAt: Instant,
    }),
    { description: 'By control, then as uploaded; the file itself is at /assessments/{id}/evidence/{sha256}' },
  ),
});

/** What an import of OSCAL assessment-results recorded, and what it could not. */
export const AssessmentImport = Type.Object({
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the document as sent' }),
  oscalVersion: Type.String({ description: 'The OSCAL version the document declares' }),
  results: Type.Array(
    Type.Object({ controlId: Type.String(), result: stringEnum(CONTROL_RESULTS), methods: Type.Array(stringEnum(ASSESSMENT_METHODS)), narrative: Type.String(), recordedAt: Instant }),
    { description: 'The results recorded, in the document\'s order (each replaces any earlier result of its control)' },
  ),
  findings: Type.Array(
    Type.Object({ id: Uuid, controlId: Type.String(), risk: stringEnum(RISK_LEVELS), title: Type.String(), recordedOn: Day('The day it was recorded'), dueOn: Day('When its remediation is due, by risk') }),
    { description: 'The findings recorded, each open' },
  ),
  evidence: Type.Array(Type.Object({ controlId: Type.String(), sha256: Type.String(), fileName: Type.String() }), {
    description: 'Files already uploaded to the assessment, now cited for the control the document names them for',
  }),
  unmapped: Type.Array(
    Type.Object({
      pointer: Type.String({ description: 'Where in the document (RFC 6901)' }),
      code: Type.String({ description: 'What could not be brought in, e.g. evidence-not-uploaded, risk-without-level, method-unknown' }),
      params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
    }),
    { description: 'What was left out rather than guessed' },
  ),
  notAssessed: Type.Array(Type.String(), { description: 'Controls of the grade the document gives no result for' }),
});
