import type { Generated, ColumnType } from 'kysely';

/** Kysely's view of the tables created by ./migrations. */
export interface Database {
  organisation: OrganisationTable;
  shinrai_migration: MigrationTable;
  standard_version: StandardVersionTable;
  standard_grade: StandardGradeTable;
  standard_control: StandardControlTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  one_time_token: OneTimeTokenTable;
  audit_event: AuditEventTable;
  user_session: UserSessionTable;
  pending_sign_in: PendingSignInTable;
  api_token: ApiTokenTable;
  cloud_service: CloudServiceTable;
  service_dependency: ServiceDependencyTable;
  body_authorisation: BodyAuthorisationTable;
  body_authorisation_event: BodyAuthorisationEventTable;
  conflict_of_interest: ConflictOfInterestTable;
  application: ApplicationTable;
  application_ssp: ApplicationSspTable;
  assessment: AssessmentTable;
  control_result: ControlResultTable;
  evidence_file: EvidenceFileTable;
  control_evidence: ControlEvidenceTable;
  finding: FindingTable;
  certificate: CertificateTable;
  certificate_number: CertificateNumberTable;
  case_event: CaseEventTable;
  service_review_flag: ServiceReviewFlagTable;
  registry_entry: RegistryEntryTable;
  registry_tally: RegistryTallyTable;
}

export interface CloudServiceTable {
  id: Generated<string>;
  provider_id: string;
  name_ja: string;
  name_en: string;
  description: string;
  service_model: string;
  deployment_model: string;
  regions: string[];
  created_at: Date;
  updated_at: Date;
  sort_name: ColumnType<string, never, never>;
}

export interface ServiceDependencyTable {
  service_id: string;
  runs_on_id: string;
}

/**
 * `date` columns are written as YYYY-MM-DD text and read back as text too
 * (the repository casts them), never as a Date, which would carry a time zone.
 */
type DateColumn = ColumnType<string, string, string>;

export interface BodyAuthorisationTable {
  id: Generated<string>;
  body_id: string;
  body_kind: Generated<string>;
  number: string;
  valid_from: DateColumn;
  valid_until: DateColumn;
  highest_grade: number;
  status: Generated<string>;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface BodyAuthorisationEventTable {
  id: Generated<string>;
  authorisation_id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_label: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
}

export interface ConflictOfInterestTable {
  id: Generated<string>;
  body_id: string;
  body_kind: Generated<string>;
  provider_id: string;
  provider_kind: Generated<string>;
  from_date: DateColumn;
  until_date: ColumnType<string | null, string | null, string | null>;
  description: string;
  declared_at: Date;
  declared_by: string | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  organisation_id: string;
  name: string;
  scopes: string[];
  token_hash: string;
  created_at: Date;
  expires_at: Date;
  revoked_at: Generated<Date | null>;
  last_used_at: Generated<Date | null>;
}

export interface AppUserTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  status: Generated<string>;
  created_at: Generated<Date>;
  failed_sign_ins: Generated<number>;
  locked_until: Generated<Date | null>;
  totp_secret: Generated<string | null>;
  totp_enabled_at: Generated<Date | null>;
  /** bigint: node-postgres and PGlite read it back as text. */
  totp_last_step: ColumnType<string | null, number | null, number | null>;
  totp_pending_secret: Generated<string | null>;
}

export interface PendingSignInTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  failures: Generated<number>;
}

export interface UserSessionTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  address: string | null;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface OneTimeTokenTable {
  token_hash: string;
  user_id: string;
  purpose: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface AuditEventTable {
  id: Generated<string>;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_org_id: string | null;
  actor_role: string | null;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string | null;
  outcome: string;
  request_id: string | null;
  address: string | null;
  digest: string;
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

export interface ApplicationTable {
  id: Generated<string>;
  service_id: string;
  provider_id: string;
  grade: number;
  standard_version: string;
  scope: string;
  // Days go in as YYYY-MM-DD and are read back as text (::text), never as Dates.
  audited_from: ColumnType<string, string, string>;
  audited_until: ColumnType<string, string, string>;
  body_id: string;
  state: string;
  case_json: ColumnType<unknown, string, string>;
  return_reason: string | null;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
}

export interface ApplicationSspTable {
  application_id: string;
  sha256: string;
  size: number;
  oscal_version: string;
  completeness_json: ColumnType<unknown, string, string>;
  document: string;
  uploaded_at: Date;
}

// Days (date columns) go in as YYYY-MM-DD and are read back as text (::text), never as Dates.
type Day = ColumnType<string, string, string>;

export interface AssessmentTable {
  id: Generated<string>;
  application_id: string;
  kind: string;
  body_id: string;
  lead_auditor_id: string | null;
  period_from: Day;
  period_until: Day;
  controls_total: number;
  state: string;
  created_at: Date;
  signed_off_at: Date | null;
  signed_off_by: string | null;
  report_sha256: string | null;
}

export interface ControlResultTable {
  assessment_id: string;
  control_id: string;
  result: string;
  methods: string[];
  narrative: string;
  recorded_by: string;
  recorded_at: Date;
}

export interface EvidenceFileTable {
  sha256: string;
  size: number;
  media_type: string;
  content: Uint8Array;
  stored_at: Date;
}

export interface ControlEvidenceTable {
  assessment_id: string;
  control_id: string;
  sha256: string;
  file_name: string;
  uploaded_by: string;
  uploaded_at: Date;
}

export interface FindingTable {
  id: Generated<string>;
  assessment_id: string;
  application_id: string;
  control_id: string;
  risk: string;
  title: string;
  description: string;
  recorded_on: Day;
  due_on: Day;
  status: string;
  provider_response: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  created_at: Date;
  recorded_by: string;
}

export interface CertificateTable {
  registration_number: string;
  application_id: string;
  service_id: string;
  provider_id: string;
  body_id: string;
  grade: number;
  standard_version: string;
  scope: string;
  audited_from: Day;
  audited_until: Day;
  issued_on: Day;
  valid_until: Day;
  approver_id: string;
  issued_at: Date;
}

export interface CertificateNumberTable {
  year: number;
  last: number;
}

export interface CaseEventTable {
  id: Generated<string>;
  application_id: string;
  occurred_at: Date;
  command: string;
  from_state: string;
  to_state: string;
  actor_role: string;
  reason: string | null;
}

export interface ServiceReviewFlagTable {
  id: Generated<string>;
  service_id: string;
  lapsed_service_id: string;
  application_id: string;
  lapse: string;
  raised_at: Date;
  /** When the lapse the flag names happened (migration 0020). */
  lapsed_at: Date;
  cleared_at: Date | null;
  cleared_by: string | null;
}

/** The public list's read model (migrations/0017_registry.sql): written only by the database's own triggers. */
export interface RegistryEntryTable {
  service_id: string;
  application_id: string;
  registration_number: string;
  status: string;
  grade: number;
  standard_version: string;
  scope: string;
  audited_from: Day;
  audited_until: Day;
  issued_on: Day;
  valid_until: Day;
  service_name_ja: string;
  service_name_en: string;
  service_model: string;
  regions: string[];
  provider_id: string;
  provider_name_ja: string;
  provider_name_en: string;
  body_id: string;
  body_name_ja: string;
  body_name_en: string;
  changed_at: Date;
  sort_name: string;
  search_text: string;
}

/** How many services the list holds per group (migrations/0021_registry_tally.sql): written only by the database's own triggers. */
export interface RegistryTallyTable {
  /** '' for every listed service once; otherwise those that name this region. */
  region: string;
  grade: number;
  status: string;
  service_model: string;
  body_id: string;
  services: number;
}
