import { sql, type Kysely } from 'kysely';
import type { CloudServiceRepository, ListWindow, ServiceFilter, ServiceKeyset, ServiceRef, Slice, TenantScope } from '../app/index.js';
import type { CloudService, DeploymentModel, ServiceDetails, ServiceModel } from '../domain/index.js';
import { translated } from './errors.js';
import { likeContaining } from './like.js';
import { beyondName } from './name-order.js';
import type { Database } from './schema.js';

// An arbitrary constant naming the lock on the graph of what services run on among advisory locks.
const DEPENDENCY_LOCK_KEY = 7_311_962_010;

/** Cloud services and what each runs on (migrations/0010_services.sql). */
export function cloudServiceRepository(db: Kysely<Database>): CloudServiceRepository {
  const select = () =>
    db
      .selectFrom('cloud_service as s')
      .select(['s.id', 's.provider_id', 's.name_ja', 's.name_en', 's.description', 's.service_model', 's.deployment_model', 's.regions', 's.created_at', 's.updated_at'])
      // What it runs on, in the order lists show services (name, then id).
      .select(
        sql<string[]>`array(
          SELECT d.runs_on_id::text FROM service_dependency d JOIN cloud_service u ON u.id = d.runs_on_id
          WHERE d.service_id = s.id ORDER BY u.sort_name, u.id)`.as('runs_on'),
      );

  const find = async (id: string) => {
    const row = await select().where('s.id', '=', id).executeTakeFirst();
    return row && toService(row);
  };
  const reread = async (id: string) => toService(await select().where('s.id', '=', id).executeTakeFirstOrThrow());

  const setRunsOn = async (serviceId: string, runsOn: readonly string[]) => {
    await db.deleteFrom('service_dependency').where('service_id', '=', serviceId).execute();
    if (runsOn.length > 0) await db.insertInto('service_dependency').values(runsOn.map((id) => ({ service_id: serviceId, runs_on_id: id }))).execute();
  };

  /** One page of services by name, filtered by text in either name. */
  const listing = async (query: ReturnType<typeof select>, filter: ServiceFilter, window: ListWindow<ServiceKeyset>): Promise<Slice<CloudService>> => {
    const backwards = window.before !== undefined;
    const position = window.before ?? window.after;
    if (filter.text) {
      const pattern = likeContaining(filter.text);
      query = query.where((eb) => eb.or([eb('s.name_en', 'ilike', pattern), eb('s.name_ja', 'ilike', pattern)]));
    }
    if (position) query = query.where(beyondName(position, backwards, 's'));
    const direction = backwards ? 'desc' : 'asc';
    const rows = await query.orderBy('s.sort_name', direction).orderBy('s.id', direction).limit(window.limit + 1).execute();
    const page = rows.slice(0, window.limit).map(toService);
    return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
  };

  const refs = () =>
    db
      .selectFrom('cloud_service as s')
      .innerJoin('organisation as o', 'o.id', 's.provider_id')
      .select(['s.id', 's.provider_id', 's.name_ja', 's.name_en', 'o.name_ja as provider_name_ja', 'o.name_en as provider_name_en']);

  const refsOf = async (ids: readonly string[]) =>
    ids.length === 0 ? [] : (await refs().where('s.id', 'in', [...ids]).orderBy('s.sort_name').orderBy('s.id').execute()).map(toRef);

  return {
    insert: (providerId: string, details: ServiceDetails, at: Date) =>
      translated(async () => {
        const { id } = await db
          .insertInto('cloud_service')
          .values({ provider_id: providerId, ...columns(details), created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await setRunsOn(id, details.runsOn);
        return reread(id);
      }),

    update: (id: string, details: ServiceDetails, at: Date) =>
      translated(async () => {
        await db.updateTable('cloud_service').set({ ...columns(details), updated_at: at }).where('id', '=', id).execute();
        await setRunsOn(id, details.runsOn);
        return reread(id);
      }),

    findById: async (id, options = {}) => {
      if (options.forUpdate) await db.selectFrom('cloud_service').select('id').where('id', '=', id).forUpdate().execute();
      return find(id);
    },

    listByProvider: (scope: TenantScope, filter, window) => listing(select().where('s.provider_id', '=', scope.organisationId), filter, window),

    listRefs: async (filter, window) => {
      const slice = await listing(select(), filter, window);
      return { items: await refsOf(slice.items.map((service) => service.id)), hasMore: slice.hasMore };
    },

    refs: refsOf,

    underlying: async (ids) => {
      if (ids.length === 0) return [];
      // UNION (not UNION ALL) stops at a service already reached, so even a cycle ends.
      const result = await sql<{ id: string }>`
        WITH RECURSIVE below (id) AS (
          SELECT unnest(${sql.val([...ids])}::uuid[])
          UNION
          SELECT d.runs_on_id FROM service_dependency d JOIN below b ON d.service_id = b.id
        )
        SELECT id::text AS id FROM below`.execute(db);
      return result.rows.map((row) => row.id);
    },

    lockDependencies: async () => {
      await sql`SELECT pg_advisory_xact_lock(${DEPENDENCY_LOCK_KEY})`.execute(db);
    },
  };
}

function columns(details: ServiceDetails) {
  return {
    name_ja: details.nameJa,
    name_en: details.nameEn,
    description: details.description,
    service_model: details.serviceModel,
    deployment_model: details.deploymentModel,
    regions: [...details.regions],
  };
}

interface ServiceRow {
  id: string;
  provider_id: string;
  name_ja: string;
  name_en: string;
  description: string;
  service_model: string;
  deployment_model: string;
  regions: string[];
  created_at: Date;
  updated_at: Date;
  runs_on: string[];
}

function toService(row: ServiceRow): CloudService {
  return {
    id: row.id,
    providerId: row.provider_id,
    nameJa: row.name_ja,
    nameEn: row.name_en,
    description: row.description,
    serviceModel: row.service_model as ServiceModel,
    deploymentModel: row.deployment_model as DeploymentModel,
    regions: row.regions,
    runsOn: row.runs_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface RefRow extends Pick<ServiceRow, 'id' | 'provider_id' | 'name_ja' | 'name_en'> {
  provider_name_ja: string;
  provider_name_en: string;
}

function toRef(row: RefRow): ServiceRef {
  return { id: row.id, providerId: row.provider_id, nameJa: row.name_ja, nameEn: row.name_en, providerNameJa: row.provider_name_ja, providerNameEn: row.provider_name_en };
}
