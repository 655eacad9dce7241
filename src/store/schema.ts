import type { Generated, ColumnType } from 'kysely';

/** Kysely's view of the tables created by ./migrations. */
export interface Database {
  organisation: OrganisationTable;
  shinrai_migration: MigrationTable;
}

export interface OrganisationTable {
  id: Generated<string>;
  kind: string;
  name_ja: string;
  name_en: string;
  registry_scheme: string;
  registry_id: string;
  country: string;
  website: string | null;
  created_at: Generated<Date>;
  sort_name: ColumnType<string, never, never>;
}

export interface MigrationTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}
