import type { Generated, ColumnType } from 'kysely';

/** Kysely's view of the tables created by ./migrations. */
export interface Database {
  organisation: OrganisationTable;
  shinrai_migration: MigrationTable;
  standard_version: StandardVersionTable;
  standard_grade: StandardGradeTable;
  standard_control: StandardControlTable;
}

/** jsonb columns are written as JSON text cast in SQL, and read back parsed. */
type Jsonb = ColumnType<unknown, string, never>;

export interface StandardVersionTable {
  version: string;
  seq: Generated<number>;
  name_ja: string;
  name_en: string;
  oscal_version: string;
  catalog: Jsonb;
  catalog_sha256: string;
  published_at: Generated<Date>;
  is_current: Generated<boolean>;
}

export interface StandardGradeTable {
  version: string;
  grade: number;
  profile: Jsonb;
  resolved: Jsonb;
  control_count: number;
}

export interface StandardControlTable {
  version: string;
  grade: number;
  control_id: string;
  position: number;
  family_id: string;
  family_title: string;
  title: string;
  search_text: string;
  digest: string;
  control: Jsonb;
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
