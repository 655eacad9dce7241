import { Type } from 'typebox';
import { DEPLOYMENT_MODELS, MAX_PAGE_SIZE, SERVICE_MODELS } from '../domain/index.js';

/** Cloud services (issue 5, "Services"): request and response schemas. */

const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

export const Service = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    providerId: Type.String({ format: 'uuid' }),
    nameJa: Type.String(),
    nameEn: Type.String(),
    description: Type.String({ description: 'Plain text; lines are separated by \\n' }),
    serviceModel: Type.Unsafe<string>({ type: 'string', enum: [...SERVICE_MODELS] }),
    deploymentModel: Type.Unsafe<string>({ type: 'string', enum: [...DEPLOYMENT_MODELS] }),
    regions: Type.Array(Type.String()),
    runsOn: Type.Array(Type.String({ format: 'uuid' }), { description: 'Ids of the services this one runs on, of any provider' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Service' },
);

export const ServiceList = Type.Object({
  items: Type.Array(Type.Ref('Service'), { description: 'In order of English name' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  prevCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ServiceListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextCursor or prevCursor of a previous page' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in either name' })),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

/**
 * What a provider says of a service. The bounds here only keep requests
 * small; the rules (lengths, the region pattern, no service running on
 * itself) are the domain's, answered as 422 with every problem at once.
 */
export const ServiceBody = Type.Object(
  {
    nameJa: Type.String({ maxLength: 1000 }),
    nameEn: Type.String({ maxLength: 1000 }),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    serviceModel: Type.String({ maxLength: 100, description: `One of ${SERVICE_MODELS.join(', ')}` }),
    deploymentModel: Type.String({ maxLength: 100, description: `One of ${DEPLOYMENT_MODELS.join(', ')}` }),
    regions: Type.Array(Type.String({ maxLength: 100 }), {
      maxItems: 100,
      description: '1 to 20 regions, each 1 to 40 Latin letters, digits, spaces, dots, hyphens or underscores, such as ap-northeast-1 or JP-East',
    }),
    runsOn: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100, description: 'Ids of up to 20 services it runs on, of any provider' })),
  },
  { additionalProperties: false },
);
