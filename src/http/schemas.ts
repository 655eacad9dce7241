import { Type, type Static } from 'typebox';
import { MAX_PAGE_SIZE, ORGANISATION_KINDS, REGISTRY_SCHEMES } from '../domain/index.js';

/** Request and response schemas: they validate, serialise, and are the OpenAPI document. */

/**
 * Response fields as plain `enum` and type lists rather than `anyOf`: the
 * serializer checks each branch of an anyOf on every item, which made it
 * a tenth of the list's cost (bench/RESULTS.md).
 */
function stringEnum<T extends string>(values: readonly T[]) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values] });
}
const nullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ pointer: Type.String(), code: Type.String(), detail: Type.String() })),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

export const Organisation = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: stringEnum(ORGANISATION_KINDS),
    nameJa: Type.String(),
    nameEn: Type.String(),
    registryScheme: stringEnum(REGISTRY_SCHEMES),
    registryId: Type.String(),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    website: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uri' }),
    // The serializer writes a Date as its ISO 8601 form.
    createdAt: Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' }),
  },
  { $id: 'Organisation' },
);

export const OrganisationListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextCursor or prevCursor of a previous page' })),
    kind: Type.Optional(Type.Union(ORGANISATION_KINDS.map((k) => Type.Literal(k)))),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in either name or the registry id' })),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
export type OrganisationListQuery = Static<typeof OrganisationListQuery>;

export const OrganisationList = Type.Object({
  items: Type.Array(Type.Ref('Organisation')),
  nextCursor: nullableString,
  prevCursor: nullableString,
});

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const LangQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])) },
  { additionalProperties: false },
);

/** The standard (DOMAIN.md, "The standard and its grades"): versions, grades, controls. */

const GradeCounts = Type.Object(
  { 1: Type.Integer({ minimum: 0 }), 2: Type.Integer({ minimum: 0 }), 3: Type.Integer({ minimum: 0 }) },
  { description: 'Controls (with enhancements) in each grade, keyed by grade' },
);

export const StandardVersion = Type.Object(
  {
    version: Type.String({ description: 'The version name certifications cite, such as 2026.1' }),
    nameJa: Type.String(),
    nameEn: Type.String(),
    oscalVersion: Type.String({ description: 'The OSCAL version of the catalog' }),
    catalogSha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the stored catalog' }),
    publishedAt: Type.String({ format: 'date-time' }),
    current: Type.Boolean({ description: 'Whether this is the version new certifications are granted under' }),
    controlCounts: GradeCounts,
  },
  { $id: 'StandardVersion' },
);

export const StandardList = Type.Object({ items: Type.Array(Type.Ref('StandardVersion'), { description: 'Newest first' }) });

export const StandardDetail = Type.Object({
  ...StandardVersion.properties,
  families: Type.Array(
    Type.Object({ id: Type.String(), title: Type.String(), controlCounts: GradeCounts }),
    { description: 'Control families in catalog order, with their count in each grade' },
  ),
});

const VersionParam = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'A version name, or `current` for the current version',
});
const GradeParam = Type.Integer({ minimum: 1, maximum: 3, description: 'Grade 1, 2 or 3' });

export const StandardParams = Type.Object({ version: VersionParam });
export const GradeParams = Type.Object({ version: VersionParam, grade: GradeParam });
export const StandardControlParams = Type.Object({
  version: VersionParam,
  id: Type.String({ minLength: 1, maxLength: 64, description: 'An OSCAL control id, such as ac-2 or ac-2.1' }),
});

export const ControlListQuery = Type.Object(
  {
    family: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$', description: 'A family id, such as ac' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the id, title or statement' })),
    limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextCursor or prevCursor of a previous page' })),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

const Family = Type.Object({ id: Type.String(), title: Type.String() });

export const ControlList = Type.Object({
  version: Type.String(),
  grade: Type.Integer(),
  total: Type.Integer({ minimum: 0, description: 'Controls that match the filters, on every page' }),
  items: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), family: Family }), { description: 'In catalog order' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  prevCursor: Type.Union([Type.String(), Type.Null()]),
});

/** The resolved control as OSCAL has it (catalog model, `control` assembly), without its child controls. */
const OscalControl = Type.Object(
  {
    id: Type.String(),
    class: Type.Optional(Type.String()),
    title: Type.String(),
    params: Type.Optional(Type.Array(Type.Unknown())),
    props: Type.Optional(Type.Array(Type.Unknown())),
    links: Type.Optional(Type.Array(Type.Unknown())),
    parts: Type.Optional(Type.Array(Type.Unknown())),
  },
  { additionalProperties: true, description: 'An OSCAL catalog control, resolved for the grade: params set as the grade sets them' },
);

export const StandardControl = Type.Object({
  version: Type.String(),
  id: Type.String(),
  title: Type.String(),
  family: Family,
  grades: Type.Array(GradeParam, { description: 'The grades that include the control, lowest first' }),
  byGrade: Type.Array(Type.Object({ grade: GradeParam, control: OscalControl })),
});

/** The audit trail (issue 4): records as stored, filters as the page has them. */

export const AuditEvent = Type.Object(
  {
    id: Type.String({ pattern: '^[0-9]+$', description: 'The record number: later records have higher ones' }),
    occurredAt: Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' }),
    actor: Type.Object({
      userId: Type.Optional(Type.String({ format: 'uuid', description: 'The person, when a signed-in person acted' })),
      organisationId: Type.Optional(Type.String({ format: 'uuid' })),
      role: Type.Optional(Type.String({ description: 'Their roles, separated by spaces' })),
      label: Type.String({ description: 'How the actor is named: web:<email>, api:<user id>, cli:<login>, system:<task>' }),
    }),
    action: Type.String({ description: 'Such as organisation.register' }),
    objectType: Type.String(),
    objectId: nullableString,
    outcome: stringEnum(['done', 'refused'] as const),
    requestId: Type.Optional(Type.String()),
    address: Type.Optional(Type.String()),
    digest: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the change as canonical JSON' }),
  },
  { $id: 'AuditEvent' },
);

const AuditDay = (what: string) =>
  Type.Optional(Type.String({ maxLength: 32, description: `${what}, as YYYY-MM-DD in the programme's time zone; the day is included`, examples: ['2026-04-01'] }));

export const AuditEventListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextCursor or prevCursor of a previous page' })),
    actor: Type.Optional(Type.String({ maxLength: 200, description: "An email address (the person's records), or text in the actor's label" })),
    action: Type.Optional(Type.String({ maxLength: 200, description: 'One action (user.create), or a family of actions (user)' })),
    objectType: Type.Optional(Type.String({ maxLength: 64 })),
    objectId: Type.Optional(Type.String({ maxLength: 200 })),
    outcome: Type.Optional(Type.Union([Type.Literal('done'), Type.Literal('refused')])),
    from: AuditDay('The first day'),
    until: AuditDay('The last day'),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export const AuditEventList = Type.Object({
  items: Type.Array(Type.Ref('AuditEvent'), { description: 'Newest first' }),
  nextCursor: nullableString,
  prevCursor: nullableString,
});
