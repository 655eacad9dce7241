import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  ListWindow,
  OrganisationFilter,
  OrganisationKeyset,
  OrganisationRepository,
  Slice,
} from '../app/index.js';
import type { CountryCode, NewOrganisation, Organisation, OrganisationKind, RegistryScheme } from '../domain/index.js';
import { translated } from './errors.js';
import { likeContaining } from './like.js';
import { beyondName } from './name-order.js';
import type { Database, OrganisationTable } from './schema.js';

const COLUMNS = ['id', 'kind', 'name_ja', 'name_en', 'registry_scheme', 'registry_id', 'country', 'website', 'created_at'] as const;

export function organisationRepository(db: Kysely<Database>): OrganisationRepository {
  return {
    insert: (o: NewOrganisation) =>
      translated(async () => {
        const row = await db
          .insertInto('organisation')
          .values({
            kind: o.kind,
            name_ja: o.nameJa,
            name_en: o.nameEn,
            registry_scheme: o.registryScheme,
            registry_id: o.registryId,
            country: o.country,
            website: o.website,
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        return toOrganisation(row);
      }),

    findById: async (id: string) => {
      const row = await db.selectFrom('organisation').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toOrganisation(row);
    },

    existsByRegistryId: async (scheme: string, registryId: string) => {
      const row = await db
        .selectFrom('organisation')
        .select('id')
        .where('registry_scheme', '=', scheme)
        .where('registry_id', '=', registryId)
        .executeTakeFirst();
      return row !== undefined;
    },

    list: async (filter: OrganisationFilter, window: ListWindow<OrganisationKeyset>): Promise<Slice<Organisation>> => {
      const backwards = window.before !== undefined;
      const position = window.before ?? window.after;
      let query = filtered(db, filter).select(COLUMNS);
      if (position) query = query.where(beyondName(position, backwards));
      const direction = backwards ? 'desc' : 'asc';
      const rows = await query
        .orderBy('sort_name', direction)
        .orderBy('id', direction)
        .limit(window.limit + 1)
        .execute();
      const hasMore = rows.length > window.limit;
      const page = rows.slice(0, window.limit).map(toOrganisation);
      return { items: backwards ? page.reverse() : page, hasMore };
    },

    count: async (filter: OrganisationFilter) => {
      const row = await filtered(db, filter)
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },
  };
}

function filtered(db: Kysely<Database>, filter: OrganisationFilter) {
  let query = db.selectFrom('organisation');
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.text) {
    const pattern = likeContaining(filter.text);
    query = query.where((eb) =>
      eb.or([
        eb('name_en', 'ilike', pattern),
        eb('name_ja', 'ilike', pattern),
        eb('registry_id', 'ilike', pattern),
      ]),
    );
  }
  return query;
}


type OrganisationRow = Pick<Selectable<OrganisationTable>, (typeof COLUMNS)[number]>;

function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    kind: row.kind as OrganisationKind,
    nameJa: row.name_ja,
    nameEn: row.name_en,
    registryScheme: row.registry_scheme as RegistryScheme,
    registryId: row.registry_id,
    country: row.country as CountryCode,
    website: row.website,
    createdAt: row.created_at,
  };
}
