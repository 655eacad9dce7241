import { Type, type Static } from 'typebox';
import { MAX_PAGE_SIZE, ORGANISATION_KINDS, REGISTRY_SCHEMES } from '../domain/index.js';

/** Request and response schemas: they validate, serialise, and are the OpenAPI document. */

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
    kind: Type.Union(ORGANISATION_KINDS.map((k) => Type.Literal(k))),
    nameJa: Type.String(),
    nameEn: Type.String(),
    registryScheme: Type.Union(REGISTRY_SCHEMES.map((s) => Type.Literal(s))),
    registryId: Type.String(),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    website: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
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
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  prevCursor: Type.Union([Type.String(), Type.Null()]),
});

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const LangQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])) },
  { additionalProperties: false },
);
