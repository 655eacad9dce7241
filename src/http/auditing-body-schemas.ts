import { Type } from 'typebox';
import { AUTHORISATION_NUMBER_EXAMPLE, MAX_PAGE_SIZE, REASON_MAX_LENGTH, STATUS_CHANGES } from '../domain/index.js';

/** Auditing bodies (issue 5): request and response schemas. */

const STATUSES = ['active', 'suspended', 'ended'] as const;
const Status = Type.Unsafe<(typeof STATUSES)[number]>({ type: 'string', enum: [...STATUSES] });
const Day = (description: string) => Type.Unsafe<string>({ type: 'string', format: 'date', description });
const Instant = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
const nullable = (type: 'string') => Type.Unsafe<string | null>({ type: [type, 'null'] });

export const Authorisation = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    bodyId: Type.String({ format: 'uuid' }),
    number: Type.String({ description: `Such as ${AUTHORISATION_NUMBER_EXAMPLE}` }),
    validFrom: Day('The first day it is valid'),
    validUntil: Day('The last day it is valid'),
    highestGrade: Type.Integer({ minimum: 1, maximum: 3, description: 'The highest grade the body may assess' }),
    status: Status,
    reason: Type.Unsafe<string | null>({ type: ['string', 'null'], description: 'Why the status last changed' }),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Authorisation' },
);

const Body = {
  id: Type.String({ format: 'uuid' }),
  nameJa: Type.String(),
  nameEn: Type.String(),
  country: Type.String({ pattern: '^[A-Z]{2}$' }),
  website: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uri' }),
};

export const AuditingBodyList = Type.Object({
  items: Type.Array(
    Type.Object({
      ...Body,
      currentAuthorisation: Type.Union([Type.Ref('Authorisation'), Type.Null()], { description: 'The one in force today, if any' }),
    }),
    { description: 'In order of English name' },
  ),
  nextCursor: nullable('string'),
  prevCursor: nullable('string'),
});

export const AuditingBodyDetail = Type.Object({
  ...Body,
  currentAuthorisation: Type.Union([Type.Ref('Authorisation'), Type.Null()]),
  authorisations: Type.Array(Type.Ref('Authorisation'), { description: 'Latest start first' }),
  history: Type.Array(
    Type.Object({
      authorisationId: Type.String({ format: 'uuid' }),
      occurredAt: Instant,
      from: Type.Unsafe<string | null>({ type: ['string', 'null'], enum: [...STATUSES, null], description: 'Null for the grant' }),
      to: Status,
      reason: nullable('string'),
    }),
    { description: 'Every grant and change of status, oldest first' },
  ),
});

export const AuditingBodyListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextCursor or prevCursor of a previous page' })),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

/** Loose types on purpose: the use case checks the values and names every wrong field at once (422). */
export const AuthorisationBody = Type.Object(
  {
    number: Type.String({ maxLength: 32, description: `AB-YYYY-NNN, such as ${AUTHORISATION_NUMBER_EXAMPLE}` }),
    validFrom: Type.String({ maxLength: 32, description: 'YYYY-MM-DD' }),
    validUntil: Type.String({ maxLength: 32, description: 'YYYY-MM-DD, after validFrom' }),
    highestGrade: Type.Integer({ description: '1, 2 or 3' }),
  },
  { additionalProperties: false },
);

export const StatusChangeBody = Type.Object(
  {
    change: Type.Unsafe<string>({ type: 'string', enum: [...STATUS_CHANGES], description: 'suspend (active only), reinstate (suspended only) or end (final)' }),
    reason: Type.String({ maxLength: REASON_MAX_LENGTH * 2, description: 'Published with the change' }),
  },
  { additionalProperties: false },
);

export const Conflict = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    bodyId: Type.String({ format: 'uuid' }),
    providerId: Type.String({ format: 'uuid' }),
    from: Day('The first day of the conflict'),
    until: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date', description: 'The last day; null while it lasts' }),
    description: Type.String(),
    declaredAt: Instant,
  },
  { $id: 'Conflict' },
);

export const ConflictList = Type.Object({ items: Type.Array(Type.Ref('Conflict'), { description: 'Latest start first' }) });

export const ConflictBody = Type.Object(
  {
    providerId: Type.String({ maxLength: 64 }),
    from: Type.String({ maxLength: 32, description: 'YYYY-MM-DD' }),
    until: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()], { description: 'YYYY-MM-DD, or none while it lasts' })),
    description: Type.String({ maxLength: REASON_MAX_LENGTH * 2 }),
  },
  { additionalProperties: false },
);

export const ConflictEndBody = Type.Object({ until: Type.String({ maxLength: 32, description: 'The last day of the conflict, YYYY-MM-DD' }) }, { additionalProperties: false });

export const ConflictParams = Type.Object({ id: Type.String({ maxLength: 64 }), conflictId: Type.String({ maxLength: 64 }) });
