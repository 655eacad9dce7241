import { sql, type Kysely } from 'kysely';
import type {
  ControlFilter,
  ControlListItem,
  FamilyCount,
  GradedControl,
  ListWindow,
  NewStandardVersion,
  Slice,
  StandardRepository,
  StandardVersionSummary,
} from '../app/index.js';
import { GRADES, type ControlFingerprint, type Grade } from '../domain/index.js';
import { translated } from './errors.js';
import { likeContaining } from './like.js';
import type { Database } from './schema.js';

/** Rows per INSERT when storing a grade's controls: well under PostgreSQL's 65,535 parameters. */
const CONTROL_BATCH = 200;

export function standardRepository(db: Kysely<Database>): StandardRepository {
  const summaries = () =>
    db
      .selectFrom('standard_version as v')
      .select(['v.version', 'v.name_ja', 'v.name_en', 'v.oscal_version', 'v.catalog_sha256', 'v.published_at', 'v.is_current', 'v.seq'])
      .select((eb) =>
        eb
          .selectFrom('standard_grade as g')
          .whereRef('g.version', '=', 'v.version')
          .select(sql<string>`string_agg(g.grade || ':' || g.control_count, ',' ORDER BY g.grade)`.as('counts'))
          .as('counts'),
      );

  return {
    insert: (v: NewStandardVersion) =>
      translated(async () => {
        await db
          .insertInto('standard_version')
          .values({
            version: v.version,
            name_ja: v.nameJa,
            name_en: v.nameEn,
            oscal_version: v.oscalVersion,
            catalog: sql<string>`${v.catalogJson}::jsonb`,
            catalog_sha256: v.catalogSha256,
            published_at: v.publishedAt,
          })
          .execute();
        for (const g of v.grades) {
          await db
            .insertInto('standard_grade')
            .values({
              version: v.version,
              grade: g.grade,
              profile: sql<string>`${g.profileJson}::jsonb`,
              resolved: sql<string>`${g.resolvedJson}::jsonb`,
              control_count: g.controls.length,
            })
            .execute();
          for (let i = 0; i < g.controls.length; i += CONTROL_BATCH) {
            await db
              .insertInto('standard_control')
              .values(
                g.controls.slice(i, i + CONTROL_BATCH).map((c) => ({
                  version: v.version,
                  grade: g.grade,
                  control_id: c.id,
                  position: c.position,
                  family_id: c.familyId,
                  family_title: c.familyTitle,
                  title: c.title,
                  search_text: c.searchText,
                  digest: c.digest,
                  control: sql<string>`${c.controlJson}::jsonb`,
                })),
              )
              .execute();
          }
        }
      }),

    setCurrent: (version: string) =>
      translated(async () => {
        // Clear first: the partial unique index allows one current row at a time.
        await db.updateTable('standard_version').set({ is_current: false }).where('is_current', '=', true).where('version', '<>', version).execute();
        await db.updateTable('standard_version').set({ is_current: true }).where('version', '=', version).execute();
      }),

    list: async () => (await summaries().orderBy('v.seq', 'desc').execute()).map(toSummary),

    find: async (version: string) => {
      const row = await summaries().where('v.version', '=', version).executeTakeFirst();
      return row && toSummary(row);
    },

    current: async () => {
      const row = await summaries().where('v.is_current', '=', true).executeTakeFirst();
      return row && toSummary(row);
    },

    familyCounts: async (version: string): Promise<FamilyCount[]> => {
      const rows = await db
        .selectFrom('standard_control')
        .where('version', '=', version)
        .groupBy(['grade', 'family_id', 'family_title'])
        .select(['grade', 'family_id', 'family_title', sql<number>`count(*)::int`.as('count'), sql<number>`min(position)`.as('first')])
        .orderBy('grade')
        .orderBy('first')
        .execute();
      return rows.map((r) => ({ grade: r.grade as Grade, familyId: r.family_id, familyTitle: r.family_title, count: r.count }));
    },

    listControls: async (version: string, grade: Grade, filter: ControlFilter, window: ListWindow<number>): Promise<Slice<ControlListItem>> => {
      const backwards = window.before !== undefined;
      let query = filteredControls(db, version, grade, filter).select(['control_id', 'position', 'family_id', 'family_title', 'title']);
      if (window.after !== undefined) query = query.where('position', '>', window.after);
      if (window.before !== undefined) query = query.where('position', '<', window.before);
      const rows = await query
        .orderBy('position', backwards ? 'desc' : 'asc')
        .limit(window.limit + 1)
        .execute();
      const page = rows.slice(0, window.limit).map((r) => ({
        id: r.control_id,
        position: r.position,
        familyId: r.family_id,
        familyTitle: r.family_title,
        title: r.title,
      }));
      return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
    },

    countControls: async (version: string, grade: Grade, filter: ControlFilter) => {
      const row = await filteredControls(db, version, grade, filter).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      return row.n;
    },

    findControl: async (version: string, controlId: string): Promise<GradedControl[]> => {
      const rows = await db
        .selectFrom('standard_control')
        .where('version', '=', version)
        .where('control_id', '=', controlId)
        .select(['grade', 'family_id', 'family_title', 'control'])
        .orderBy('grade')
        .execute();
      return rows.map((r) => ({ grade: r.grade as Grade, familyId: r.family_id, familyTitle: r.family_title, control: r.control }));
    },

    document: async (version: string, grade: Grade, kind: 'profile' | 'resolved') => {
      // As text: a multi-megabyte catalog is sent on, not parsed and re-serialised.
      const row = await db
        .selectFrom('standard_grade')
        .where('version', '=', version)
        .where('grade', '=', grade)
        .select(kind === 'profile' ? sql<string>`profile::text`.as('text') : sql<string>`resolved::text`.as('text'))
        .executeTakeFirst();
      return row?.text;
    },

    fingerprints: async (version: string) => {
      const rows = await db
        .selectFrom('standard_control')
        .where('version', '=', version)
        .select(['grade', 'control_id', 'digest'])
        .orderBy('grade')
        .orderBy('position')
        .execute();
      const result: Record<Grade, ControlFingerprint[]> = { 1: [], 2: [], 3: [] };
      for (const r of rows) result[r.grade as Grade].push({ id: r.control_id, digest: r.digest });
      return result;
    },
  };
}

function filteredControls(db: Kysely<Database>, version: string, grade: Grade, filter: ControlFilter) {
  let query = db.selectFrom('standard_control').where('version', '=', version).where('grade', '=', grade);
  if (filter.family) query = query.where('family_id', '=', filter.family);
  if (filter.text) query = query.where('search_text', 'like', likeContaining(filter.text.toLowerCase()));
  return query;
}

interface SummaryRow {
  version: string;
  name_ja: string;
  name_en: string;
  oscal_version: string;
  catalog_sha256: string;
  published_at: Date;
  is_current: boolean;
  counts: string | null;
}

function toSummary(row: SummaryRow): StandardVersionSummary {
  const counts: Record<Grade, number> = { 1: 0, 2: 0, 3: 0 };
  for (const pair of (row.counts ?? '').split(',').filter(Boolean)) {
    const [grade, count] = pair.split(':').map(Number);
    if (GRADES.includes(grade as Grade)) counts[grade as Grade] = count ?? 0;
  }
  return {
    version: row.version,
    nameJa: row.name_ja,
    nameEn: row.name_en,
    oscalVersion: row.oscal_version,
    catalogSha256: row.catalog_sha256,
    publishedAt: row.published_at,
    current: row.is_current,
    controlCounts: counts,
  };
}
