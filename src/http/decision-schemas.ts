import { Type } from 'typebox';
import { CERTIFICATION_STATES, RISK_LEVELS } from '../domain/index.js';

/** Decisions and certificates (issue 5): response schemas. */

const Day = (description: string) => Type.Unsafe<string>({ type: 'string', format: 'date', description });
const Instant = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
const nullableString = (description: string) => Type.Unsafe<string | null>({ type: ['string', 'null'], description });
const State = Type.Unsafe<(typeof CERTIFICATION_STATES)[number]>({ type: 'string', enum: [...CERTIFICATION_STATES] });
const Choice = Type.Unsafe<'certify' | 'reject' | null>({ type: ['string', 'null'], enum: ['certify', 'reject', null] });
const Period = Type.Object({ start: Day('First day audited'), end: Day('Last day audited') });
const Named = Type.Object({ id: Type.String({ format: 'uuid' }), nameJa: Type.String(), nameEn: Type.String() });

export const RegistrationNumberParams = Type.Object({ registrationNumber: Type.String({ maxLength: 40, description: 'Such as C26-0001' }) });

export const Certificate = Type.Object(
  {
    registrationNumber: Type.String({ description: 'C, two digits of the year of issue, and a serial: C26-0001' }),
    status: Type.Unsafe<string>({ ...State, description: "The certification's state today" }),
    service: Named,
    provider: Named,
    body: Type.Object({ ...Named.properties }, { description: 'The auditing body that signed the assessment off' }),
    grade: Type.Integer({ minimum: 1, maximum: 3 }),
    standardVersion: Type.String(),
    scope: Type.String(),
    auditedPeriod: Period,
    issuedOn: Day('The day of issue, in the programme’s time zone'),
    validUntil: Day('The last day it is valid: the end of the audited period + 1 day + 16 months'),
  },
  { $id: 'Certificate' },
);

const Tally = Type.Object({ open: Type.Integer({ minimum: 0 }), closed: Type.Integer({ minimum: 0 }) });

export const Decision = Type.Object({
  applicationId: Type.String({ format: 'uuid' }),
  state: State,
  grade: Type.Integer({ minimum: 1, maximum: 3 }),
  recommendation: Choice,
  recommendationReason: nullableString("The officer's reasons, while there is a recommendation"),
  assessment: Type.Union(
    [
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        bodyId: Type.String({ format: 'uuid' }),
        leadAuditor: nullableString("The lead auditor's name"),
        auditedPeriod: Period,
        controlsTotal: Type.Integer({ minimum: 0 }),
        controlsAssessed: Type.Integer({ minimum: 0 }),
        signedOffAt: Instant,
        reportSha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      }),
      Type.Null(),
    ],
    { description: 'The signed-off initial assessment, if any' },
  ),
  findings: Type.Object(Object.fromEntries(RISK_LEVELS.map((risk) => [risk, Tally])), { description: "The case's findings by risk" }),
  authorisationOnSignOff: Type.Union(
    [
      Type.Object({
        day: Day('The day of sign-off, in the programme’s time zone'),
        refusal: nullableString('Why the body was not authorised for the grade that day (no-authorisation, authorisation-suspended, grade-not-covered); null when it was'),
      }),
      Type.Null(),
    ],
    { description: 'Null without a signed-off assessment' },
  ),
  supplyChain: Type.Unsafe<string>({ type: 'string', enum: ['met', 'not-met', 'not-yet-assessed'], description: "Grade 3's supply-chain and data-centre conditions" }),
  blockers: Type.Array(
    Type.Object({
      code: Type.String({ description: 'What stops certification: controls-not-assessed, open-findings, body-not-authorised, supply-chain-not-assessed …' }),
      assessed: Type.Optional(Type.Integer()),
      total: Type.Optional(Type.Integer()),
      critical: Type.Optional(Type.Integer()),
      high: Type.Optional(Type.Integer()),
      why: Type.Optional(Type.String()),
      day: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
    }),
    { description: 'Everything that stops the case being certified now, as the caller would be told' },
  ),
  history: Type.Array(
    Type.Object({
      occurredAt: Instant,
      command: Type.String(),
      from: State,
      to: State,
      actorRole: Type.String({ description: 'The kind of organisation that acted, never a person' }),
      reason: nullableString('The reason given'),
    }),
    { description: 'Every change of the case, oldest first' },
  ),
  certificate: Type.Union([Type.Ref('Certificate'), Type.Null()]),
});
