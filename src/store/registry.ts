import { sql, type Kysely, type Selectable } from 'kysely';
import type { CaseEvent, ListWindow, RegistryEntry, RegistryKeyset, RegistryRepository, ServiceCertificate, Slice } from '../app/index.js';
import { calendarDate, isRegistryStatus, type CertificationState, type RegistryFilter, type RegistryStatus, type ServiceModel } from '../domain/index.js';
import { likeContaining } from './like.js';
import { beyondName } from './name-order.js';
import type { Database, RegistryEntryTable } from './schema.js';
import { gradeColumn } from './grade-column.js';

/**
 * The public list (migrations/0017_registry.sql). Its rows are the
 * database's own work, refreshed by triggers in the transaction of every
 * change, and so is the tally that counts them (0021); this repository only
 * reads them. Each filter reads an index of its own where it keeps few rows,
 * and the order's index where it keeps many (bench/RESULTS.md, "Benchmark 3").
 */
export function registryRepository(db: Kysely<Database>): RegistryRepository {
  return {
    list: async (filter: RegistryFilter, window: ListWindow<RegistryKeyset>): Promise<Slice<RegistryEntry>> => {
      const backwards = window.before !== undefined;
      const position = window.before ?? window.after;
      let query = filtered(db, filter).select(COLUMNS).select(DAYS);
      if (position) query = query.where(beyondName(position, backwards, 'registry_entry', 'service_id'));
      const direction = backwards ? 'desc' : 'asc';
      const rows = await query.orderBy('sort_name', direction).orderBy('service_id', direction).limit(window.limit + 1).execute();
      const page = rows.slice(0, window.limit).map(toEntry);
      return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
    },

    count: async (filter: RegistryFilter) => {
      // A provider's services and a text's matches are found by their own indexes, and counted there.
      if (filter.providerId !== undefined || filter.text !== undefined) {
        return (await filtered(db, filter).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
      }
      // Everything else is a sum over the tally's few rows (0021): a quarter of the list costs what one service does.
      let query = db.selectFrom('registry_tally').select(sql<number>`coalesce(sum(services), 0)::int`.as('n')).where('region', '=', filter.region ?? '');
      if (filter.grade !== undefined) query = query.where('grade', '=', filter.grade);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.bodyId !== undefined) query = query.where('body_id', '=', filter.bodyId);
      if (filter.serviceModel !== undefined) query = query.where('service_model', '=', filter.serviceModel);
      return (await query.executeTakeFirstOrThrow()).n;
    },

    find: async (serviceId: string) => {
      const row = await db.selectFrom('registry_entry').select(COLUMNS).select(DAYS).where('service_id', '=', serviceId).executeTakeFirst();
      return row && toEntry(row);
    },

    facets: async () => {
      const parties = (column: 'provider' | 'body') =>
        db
          .selectFrom((eb) => eb.selectFrom('registry_entry').select([`${column}_id as id`, `${column}_name_ja as name_ja`, `${column}_name_en as name_en`]).distinct().as('p'))
          .selectAll()
          .orderBy(sql`lower(name_en) COLLATE "C"`)
          .orderBy('id')
          .execute();
      const [providers, bodies, regions] = await Promise.all([
        parties('provider'),
        parties('body'),
        sql<{ region: string }>`SELECT region FROM (SELECT DISTINCT unnest(regions) AS region FROM registry_entry) AS r ORDER BY region COLLATE "C"`.execute(db),
      ]);
      const named = (rows: readonly { id: string; name_ja: string; name_en: string }[]) => rows.map((p) => ({ id: p.id, nameJa: p.name_ja, nameEn: p.name_en }));
      return { providers: named(providers), bodies: named(bodies), regions: regions.rows.map((r) => r.region) };
    },

    certificatesOf: async (serviceId: string) => {
      const rows = await db
        .selectFrom('certificate as c')
        .innerJoin('application as a', 'a.id', 'c.application_id')
        .innerJoin('organisation as b', 'b.id', 'c.body_id')
        .select(['c.registration_number', 'c.application_id', 'c.service_id', 'c.provider_id', 'c.body_id', 'c.grade', 'c.standard_version', 'c.scope', 'c.approver_id', 'c.issued_at'])
        .select(['a.state', 'b.name_ja as body_name_ja', 'b.name_en as body_name_en'])
        .select([
          sql<string>`c.audited_from::text`.as('audited_from'),
          sql<string>`c.audited_until::text`.as('audited_until'),
          sql<string>`c.issued_on::text`.as('issued_on'),
          sql<string>`c.valid_until::text`.as('valid_until'),
        ])
        .where('c.service_id', '=', serviceId)
        .orderBy('c.issued_at', 'desc')
        .orderBy('c.registration_number', 'desc')
        .execute();
      return rows.map(
        (row): ServiceCertificate => ({
          registrationNumber: row.registration_number,
          applicationId: row.application_id,
          serviceId: row.service_id,
          providerId: row.provider_id,
          bodyId: row.body_id,
          grade: gradeColumn(row.grade),
          standardVersion: row.standard_version,
          scope: row.scope,
          auditedPeriod: { start: calendarDate(row.audited_from), end: calendarDate(row.audited_until) },
          issuedOn: calendarDate(row.issued_on),
          validUntil: calendarDate(row.valid_until),
          approverId: row.approver_id,
          issuedAt: row.issued_at,
          // Written only by changeCase, from the domain's own states.
          status: row.state as CertificationState,
          body: { id: row.body_id, nameJa: row.body_name_ja, nameEn: row.body_name_en },
        }),
      );
    },

    publicHistory: async (serviceId: string) =>
      (
        await db
          .selectFrom('case_event as e')
          .innerJoin('certificate as c', 'c.application_id', 'e.application_id')
          .select(['e.application_id', 'e.occurred_at', 'e.command', 'e.from_state', 'e.to_state', 'e.actor_role', 'e.reason'])
          .where('c.service_id', '=', serviceId)
          .orderBy('e.id')
          .execute()
      ).map(
        (row): CaseEvent => ({
          applicationId: row.application_id,
          occurredAt: row.occurred_at,
          // Written only by appendEvent, from the domain's own values.
          command: row.command as CaseEvent['command'],
          from: row.from_state as CaseEvent['from'],
          to: row.to_state as CaseEvent['to'],
          actorRole: row.actor_role,
          reason: row.reason,
        }),
      ),
  };
}

const COLUMNS = [
  'service_id', 'application_id', 'registration_number', 'status', 'grade', 'standard_version', 'scope',
  'service_name_ja', 'service_name_en', 'service_model', 'regions',
  'provider_id', 'provider_name_ja', 'provider_name_en', 'body_id', 'body_name_ja', 'body_name_en', 'changed_at',
] as const;

// Days are read as text, never as Dates, which would carry a time zone.
const DAYS = [
  sql<string>`audited_from::text`.as('audited_from'),
  sql<string>`audited_until::text`.as('audited_until'),
  sql<string>`issued_on::text`.as('issued_on'),
  sql<string>`valid_until::text`.as('valid_until'),
];

function filtered(db: Kysely<Database>, filter: RegistryFilter) {
  let query = db.selectFrom('registry_entry');
  if (filter.grade !== undefined) query = query.where('grade', '=', filter.grade);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.providerId !== undefined) query = query.where('provider_id', '=', filter.providerId);
  if (filter.bodyId !== undefined) query = query.where('body_id', '=', filter.bodyId);
  if (filter.serviceModel !== undefined) query = query.where('service_model', '=', filter.serviceModel);
  if (filter.region !== undefined) query = query.where(sql<boolean>`regions @> ARRAY[${filter.region}]::text[]`);
  if (filter.text !== undefined) {
    // The text is NFKC already (the domain's check); lower() here is the database's, as search_text's is.
    const text = filter.text;
    query = query.where(sql<boolean>`search_text LIKE lower(${likeContaining(text)})`);
    // Two characters or more: the bigram index finds the candidates (0017's shinrai_bigrams).
    if (text.length >= 2) query = query.where(sql<boolean>`shinrai_bigrams(search_text) @> shinrai_bigrams(shinrai_search_form(${text}))`);
  }
  return query;
}

type EntryRow = Pick<Selectable<RegistryEntryTable>, (typeof COLUMNS)[number]> & {
  audited_from: string;
  audited_until: string;
  issued_on: string;
  valid_until: string;
};

function toEntry(row: EntryRow): RegistryEntry {
  return {
    serviceId: row.service_id,
    applicationId: row.application_id,
    registrationNumber: row.registration_number,
    status: toStatus(row.status),
    grade: gradeColumn(row.grade),
    standardVersion: row.standard_version,
    scope: row.scope,
    auditedPeriod: { start: calendarDate(row.audited_from), end: calendarDate(row.audited_until) },
    issuedOn: calendarDate(row.issued_on),
    validUntil: calendarDate(row.valid_until),
    // The column's CHECK (migrations/0010) admits only the service models.
    service: { nameJa: row.service_name_ja, nameEn: row.service_name_en, serviceModel: row.service_model as ServiceModel, regions: row.regions },
    provider: { id: row.provider_id, nameJa: row.provider_name_ja, nameEn: row.provider_name_en },
    body: { id: row.body_id, nameJa: row.body_name_ja, nameEn: row.body_name_en },
    changedAt: row.changed_at,
  };
}

function toStatus(value: string): RegistryStatus {
  if (!isRegistryStatus(value)) throw new RangeError(`registry status out of range: ${value}`);
  return value;
}

