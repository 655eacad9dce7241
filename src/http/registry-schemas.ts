import { Type } from 'typebox';
import { CERTIFICATION_STATES, LAPSES, MAX_PAGE_SIZE, REGION_PATTERN, REGISTRY_SEARCH_MAX_LENGTH, REGISTRY_STATUSES, SERVICE_MODELS } from '../domain/index.js';

/**
 * The public list (issue 5, "The public list"): request and response
 * schemas. Response fields are plain `enum` and type lists, never `anyOf`,
 * which the serializer would check on every item (bench/RESULTS.md).
 */

const stringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const uuid = (description: string) => Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', description });
const Period = Type.Object({ start: Day, end: Day }, { description: 'The audited period, both days included' });
const Party = Type.Object({ id: Type.String({ format: 'uuid' }), nameJa: Type.String(), nameEn: Type.String() });

const STATUS_HELP =
  'certified; renewal-pending (still certified: a renewal filed before expiry keeps the certificate valid until it is decided); ' +
  'suspended; expired; revoked';

export const RegistryService = Type.Object(
  {
    serviceId: Type.String({ format: 'uuid' }),
    registrationNumber: Type.String({ description: 'The certificate’s registration number, such as C27-0001' }),
    status: stringEnum(REGISTRY_STATUSES, STATUS_HELP),
    grade: Type.Integer({ minimum: 1, maximum: 3 }),
    standardVersion: Type.String({ description: 'The version of the standard the certificate was granted under' }),
    scope: Type.String(),
    auditedPeriod: Period,
    issuedOn: Day,
    validUntil: Day,
    service: Type.Object({
      nameJa: Type.String(),
      nameEn: Type.String(),
      serviceModel: stringEnum(SERVICE_MODELS),
      regions: Type.Array(Type.String()),
    }),
    provider: Party,
    auditingBody: Party,
    changedAt: Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', description: 'When the certification last changed (its status, a renewal)' }),
  },
  { $id: 'RegistryService' },
);

export const RegistryList = Type.Object({
  items: Type.Array(Type.Ref('RegistryService'), { description: 'In order of the services’ English names' }),
  total: Type.Integer({ minimum: 0, description: 'Services that match the filters, on every page' }),
  nextCursor: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  prevCursor: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
});

export const RegistryServiceDetail = Type.Object({
  ...RegistryService.properties,
  certificates: Type.Array(
    Type.Object({
      registrationNumber: Type.String(),
      status: stringEnum(CERTIFICATION_STATES, 'The state of the certification the certificate belongs to'),
      grade: Type.Integer({ minimum: 1, maximum: 3 }),
      standardVersion: Type.String(),
      scope: Type.String(),
      auditedPeriod: Period,
      issuedOn: Day,
      validUntil: Day,
      auditingBody: Party,
    }),
    { description: 'Every certificate the service holds or held, the latest issued first' },
  ),
  history: Type.Array(
    Type.Object({
      occurredAt: Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' }),
      registrationNumber: Type.String({ description: 'The certificate whose certification changed' }),
      event: Type.String({ description: 'What happened: the command given to the certification, such as certify, suspend, reinstate, expire' }),
      from: stringEnum(CERTIFICATION_STATES),
      to: stringEnum(CERTIFICATION_STATES),
      actorRole: Type.String({ description: 'Who acted, by role: programme-office, auditing-body, provider, system (the daily job), operator' }),
      reason: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
    }),
    { description: 'Every change of each certification, from its application on, oldest first' },
  ),
  reviewFlags: Type.Array(
    Type.Object({
      lapsedService: Type.Object({ id: Type.String({ format: 'uuid' }), nameJa: Type.String(), nameEn: Type.String() }, { description: 'The service it runs on, directly or through others, that lapsed' }),
      lapse: stringEnum(LAPSES, 'What the certification of the service it runs on became'),
      lapsedAt: Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', description: 'When that happened' }),
      raisedAt: Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', description: 'When the service was flagged for review' }),
    }),
    {
      description:
        'Open flags: the service is under review because a service it runs on was suspended, expired, was revoked or withdrawn, ' +
        'until its provider or the programme office has reviewed it; the latest lapse first, empty when none is open',
    },
  ),
});

export const RegistryListQuery = Type.Object(
  {
    grade: Type.Optional(Type.Integer({ minimum: 1, maximum: 3, description: 'Grade 1, 2 or 3' })),
    status: Type.Optional(stringEnum(REGISTRY_STATUSES, STATUS_HELP)),
    provider: Type.Optional(uuid('A provider’s id')),
    auditingBody: Type.Optional(uuid('An auditing body’s id')),
    serviceModel: Type.Optional(stringEnum(SERVICE_MODELS)),
    region: Type.Optional(Type.String({ pattern: REGION_PATTERN.source, description: 'A region as providers name it, such as ap-northeast-1; matched exactly' })),
    q: Type.Optional(Type.String({ maxLength: REGISTRY_SEARCH_MAX_LENGTH, description: 'Text in either name of the service or of its provider, or in the registration number' })),
    limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextCursor or prevCursor of a previous page' })),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
