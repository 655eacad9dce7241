import type {
  AuditOutcome,
  AuditRecord,
  CloudService,
  ControlFingerprint,
  Grade,
  NewOrganisation,
  Organisation,
  OrganisationKind,
  Role,
  ServiceDetails,
  TokenScope,
} from '../domain/index.js';
import type { ApplicationRepository } from './application-ports.js';
import type { CertificateRepository } from './certificate-ports.js';
import type { AuditingBodyRepository } from './auditing-body-ports.js';
import type { ListWindow, Slice } from './list-window.js';
import type { TenantScope } from './tenant-scope.js';

export type { ListWindow, Slice } from './list-window.js';

/**
 * What the use cases need from persistence. `src/store` implements these for
 * PostgreSQL and PGlite; nothing here knows which one it talks to.
 */
export interface Store {
  readonly organisations: OrganisationRepository;
  readonly standards: StandardRepository;
  readonly users: UserRepository;
  readonly audit: AuditRepository;
  readonly sessions: SessionRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly services: CloudServiceRepository;
  readonly auditingBodies: AuditingBodyRepository;
  readonly applications: ApplicationRepository;
  readonly certificates: CertificateRepository;
  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a query; rejects otherwise. */
  ping(): Promise<void>;
}

export interface OrganisationFilter {
  readonly kind?: OrganisationKind | undefined;
  /** Free text matched against both names and the registry id. */
  readonly text?: string | undefined;
}

/** Position in the list's order (lower-cased English name, then id). */
export interface OrganisationKeyset {
  readonly nameEn: string;
  readonly id: string;
}

export interface OrganisationRepository {
  /** Stores a new organisation; a registry id already registered throws `conflict`. */
  insert(organisation: NewOrganisation): Promise<Organisation>;
  findById(id: string): Promise<Organisation | undefined>;
  existsByRegistryId(scheme: string, registryId: string): Promise<boolean>;
  list(filter: OrganisationFilter, window: ListWindow<OrganisationKeyset>): Promise<Slice<Organisation>>;
  count(filter: OrganisationFilter): Promise<number>;
}

/** A published version of the standard, as lists show it. */
export interface StandardVersionSummary {
  readonly version: string;
  readonly nameJa: string;
  readonly nameEn: string;
  readonly oscalVersion: string;
  readonly catalogSha256: string;
  readonly publishedAt: Date;
  readonly current: boolean;
  readonly controlCounts: Readonly<Record<Grade, number>>;
}

/** A new version to store: every document as JSON text, and each grade's controls as rows. */
export interface NewStandardVersion {
  readonly version: string;
  readonly publishedAt: Date;
  readonly nameJa: string;
  readonly nameEn: string;
  readonly oscalVersion: string;
  readonly catalogJson: string;
  readonly catalogSha256: string;
  readonly grades: readonly NewStandardGrade[];
}

export interface NewStandardGrade {
  readonly grade: Grade;
  readonly profileJson: string;
  readonly resolvedJson: string;
  readonly controls: readonly NewStandardControl[];
}

export interface NewStandardControl {
  readonly id: string;
  readonly position: number;
  readonly familyId: string;
  readonly familyTitle: string;
  readonly title: string;
  readonly searchText: string;
  readonly digest: string;
  readonly controlJson: string;
}

export interface ControlListItem {
  readonly id: string;
  readonly position: number;
  readonly familyId: string;
  readonly familyTitle: string;
  readonly title: string;
}

export interface ControlFilter {
  readonly family?: string | undefined;
  readonly text?: string | undefined;
}

export interface FamilyCount {
  readonly grade: Grade;
  readonly familyId: string;
  readonly familyTitle: string;
  readonly count: number;
}

/** One control as each grade that includes it has it (parameters may differ by grade). */
export interface GradedControl {
  readonly grade: Grade;
  readonly familyId: string;
  readonly familyTitle: string;
  /** The resolved OSCAL control, without child controls. */
  readonly control: unknown;
}

export interface StandardRepository {
  /** Stores a version with its grades and controls; a version name already used throws `conflict`. */
  insert(version: NewStandardVersion): Promise<void>;
  /** Makes one version the current one (and no other). */
  setCurrent(version: string): Promise<void>;
  /** Every version, newest first. */
  list(): Promise<StandardVersionSummary[]>;
  find(version: string): Promise<StandardVersionSummary | undefined>;
  current(): Promise<StandardVersionSummary | undefined>;
  familyCounts(version: string): Promise<FamilyCount[]>;
  listControls(version: string, grade: Grade, filter: ControlFilter, window: ListWindow<number>): Promise<Slice<ControlListItem>>;
  countControls(version: string, grade: Grade, filter: ControlFilter): Promise<number>;
  findControl(version: string, controlId: string): Promise<GradedControl[]>;
  /** A grade's profile or resolved catalog, as the JSON text stored. */
  document(version: string, grade: Grade, kind: 'profile' | 'resolved'): Promise<string | undefined>;
  fingerprints(version: string): Promise<Record<Grade, ControlFingerprint[]>>;
}

export interface User {
  readonly id: string;
  readonly organisationId: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly hasPassword: boolean;
  /** Whether sign-in asks for a TOTP code after the password. */
  readonly totpEnabled: boolean;
  readonly status: 'active' | 'removed';
  readonly createdAt: Date;
}

export interface NewUser {
  readonly organisationId: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
}

export interface UserFilter {
  /** Free text matched against the name and the email address. */
  readonly text?: string | undefined;
}

export interface NewOneTimeToken {
  readonly tokenHash: string;
  readonly userId: string;
  readonly purpose: 'set-password' | 'reset-password';
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface UserRepository {
  /** Stores a person with their roles; an email already registered throws `conflict`. */
  insert(user: NewUser): Promise<User>;
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  /** One organisation's people in email order, removed ones included; only with the policy's scope. */
  listByOrganisation(scope: TenantScope, filter: UserFilter, window: ListWindow<string>): Promise<Slice<User>>;
  /** A person of the scope's organisation; a person of any other is not found. */
  findInOrganisation(scope: TenantScope, id: string): Promise<User | undefined>;
  /**
   * Holds the organisation's row until the transaction ends, so that two
   * changes to its people (two admins demoting each other) run one after the
   * other and each counts the admins the other left.
   */
  lockOrganisation(scope: TenantScope): Promise<void>;
  /** How many active people of the organisation hold the admin role. */
  countActiveAdmins(scope: TenantScope): Promise<number>;
  /** Replaces a person's roles; call with someone found through `findInOrganisation`. */
  setRoles(userId: string, roles: readonly Role[]): Promise<void>;
  /** Marks a person removed: they can no longer sign in; their records and roles stay for the trail. */
  markRemoved(userId: string): Promise<void>;
  insertOneTimeToken(token: NewOneTimeToken): Promise<void>;
  /** The person a token of this purpose belongs to, if it is unused and unexpired at `now`. */
  findOneTimeToken(tokenHash: string, purpose: NewOneTimeToken['purpose'], now: Date): Promise<string | undefined>;
  /** Marks the token used, atomically: only one caller ever gets the person back. */
  consumeOneTimeToken(tokenHash: string, purpose: NewOneTimeToken['purpose'], now: Date): Promise<string | undefined>;
  /** Makes every unused token of this purpose of a person unusable from `at` (a newer one replaces them); returns how many. */
  retireOneTimeTokens(userId: string, purpose: NewOneTimeToken['purpose'], at: Date): Promise<number>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** The person's TOTP secrets: the confirmed one, and the one offered on the enrolment page. */
  findTotp(userId: string): Promise<UserTotp | undefined>;
  /** Remembers the secret shown for enrolment, until a code confirms it. */
  setPendingTotpSecret(userId: string, secret: string): Promise<void>;
  /** Makes the pending secret the person's, if it is still `secret`; false otherwise. */
  enableTotp(userId: string, secret: string, step: number, at: Date): Promise<boolean>;
  disableTotp(userId: string): Promise<void>;
  /**
   * Records `step` as the last accepted one, atomically, only if it is later
   * than the one recorded: of two uses of the same code, one gets true.
   */
  acceptTotpStep(userId: string, step: number): Promise<boolean>;
}

export interface UserTotp {
  readonly secret: string | null;
  readonly lastStep: number | null;
  readonly pendingSecret: string | null;
}

export interface AuditFilter {
  readonly actorUserId?: string | undefined;
  /** Text anywhere in the actor's label (`web:hanako@example.jp`, `cli:root`), case-insensitive. */
  readonly actorText?: string | undefined;
  readonly objectType?: string | undefined;
  readonly objectId?: string | undefined;
  readonly action?: string | undefined;
  /** Every action that starts with this (`user.`): a family of actions. */
  readonly actionPrefix?: string | undefined;
  readonly outcome?: AuditOutcome | undefined;
  /** Inclusive. */
  readonly from?: Date | undefined;
  /** Exclusive. */
  readonly until?: Date | undefined;
}

/** Oldest first reads the trail as it was written; newest first is what people searching it want to see. */
export type AuditOrder = 'oldest-first' | 'newest-first';

export interface StoredAuditRecord extends AuditRecord {
  readonly id: string;
}

export interface AuditRepository {
  /** Appends a record; nothing can change or remove it afterwards (enforced by the database). */
  append(record: AuditRecord): Promise<void>;
  /** Records in the order they were written (oldest first) unless `order` says otherwise; the window's positions are ids. */
  list(filter: AuditFilter, window: ListWindow<string>, order?: AuditOrder): Promise<Slice<StoredAuditRecord>>;
  /** How many records match, counting no further than `cap` (so a search of a long trail stays cheap). */
  count(filter: AuditFilter, cap: number): Promise<number>;
}

/** A signed-in session as stored: the token itself is never kept, only its hash. */
export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly address: string | null;
}

export interface NewSession {
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly address: string | null;
}

/** What a sign-in attempt may do, decided in one statement so concurrent attempts cannot overtake each other. */
export type SignInClaim =
  | { readonly claimed: true; readonly passwordHash: string | null; readonly failures: number; readonly lockedUntil: Date | null }
  | { readonly claimed: false; readonly lockedUntil: Date };

export interface SignInPolicy {
  readonly maxFailures: number;
  readonly lockMinutes: number;
}

/** A sign-in with the right password whose second factor is still owed. */
export interface PendingSignIn {
  readonly id: string;
  readonly userId: string;
  readonly expiresAt: Date;
  readonly failures: number;
}

export interface NewPendingSignIn {
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface SessionRepository {
  insert(session: NewSession): Promise<Session>;
  findByTokenHash(tokenHash: string): Promise<Session | undefined>;
  /** Sets `last_seen_at`, unless another request already moved it later. */
  touch(id: string, at: Date): Promise<void>;
  /** Revokes one session; false when it was not live (or not this person's). */
  revoke(id: string, userId: string, at: Date): Promise<boolean>;
  /** Revokes every live session of a person; returns how many. */
  revokeAll(userId: string, at: Date): Promise<number>;
  /** A person's sessions not revoked, not expired and seen since `idleSince`, newest first. */
  listActive(userId: string, now: Date, idleSince: Date): Promise<Session[]>;
  /**
   * Counts a sign-in attempt against an account before its password is
   * checked, unless the account is locked at `now`. The attempt counts as a
   * failure until `clearFailures` says otherwise; the attempt that reaches
   * `maxFailures` locks the account. A lock that has ended starts the count
   * again. Because the count is taken first, a burst of concurrent guesses
   * runs the password hash at most `maxFailures` times per lock period.
   */
  claimSignInAttempt(userId: string, now: Date, policy: SignInPolicy): Promise<SignInClaim>;
  /** After a right password: no failures, no lock. */
  clearFailures(userId: string): Promise<void>;
  insertPending(pending: NewPendingSignIn): Promise<PendingSignIn>;
  /** A pending sign-in not expired at `now`. */
  findPending(tokenHash: string, now: Date): Promise<PendingSignIn | undefined>;
  /** Counts a wrong code; the one that reaches `maxFailures` removes the pending sign-in. Returns the count. */
  failPending(id: string, maxFailures: number): Promise<number>;
  /** Removes a pending sign-in, atomically: only one caller gets true. */
  deletePending(id: string): Promise<boolean>;
}

/** An API token as stored: the token itself is never kept, only its hash. */
export interface ApiToken {
  readonly id: string;
  readonly userId: string;
  readonly organisationId: string;
  readonly name: string;
  readonly scopes: readonly TokenScope[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

export type NewApiToken = Omit<ApiToken, 'id' | 'revokedAt' | 'lastUsedAt'> & { readonly tokenHash: string };

export interface ApiTokenRepository {
  insert(token: NewApiToken): Promise<ApiToken>;
  findByTokenHash(tokenHash: string): Promise<ApiToken | undefined>;
  /** A person's tokens, revoked and expired ones too, newest first. */
  listByUser(userId: string): Promise<ApiToken[]>;
  /** Revokes one token; false when it was already revoked (or is not this person's). */
  revoke(id: string, userId: string, at: Date): Promise<boolean>;
  /** Revokes every live token of a person (when they are removed); returns how many. */
  revokeAll(userId: string, at: Date): Promise<number>;
  /** Sets `last_used_at`, unless another request already moved it later. */
  touch(id: string, at: Date): Promise<void>;
}

/** A message to one person (set-password invitations, reset links). */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * How Shinrai sends mail. Production sends over SMTP; development, where
 * there is no mail server, writes each message to the log so the link in it
 * can be followed (main.ts chooses by configuration).
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export interface ServiceFilter {
  /** Free text matched against both names. */
  readonly text?: string | undefined;
}

/** Position in a list of services (lower-cased English name, then id), as for organisations. */
export interface ServiceKeyset {
  readonly nameEn: string;
  readonly id: string;
}

/** A service as another names it: what a service runs on, the choices of a form. */
export interface ServiceRef {
  readonly id: string;
  readonly providerId: string;
  readonly nameJa: string;
  readonly nameEn: string;
  readonly providerNameJa: string;
  readonly providerNameEn: string;
}

export interface CloudServiceRepository {
  /** Stores a new service of a provider with what it runs on (ids that exist; a foreign key holds them to it). */
  insert(providerId: string, details: ServiceDetails, at: Date): Promise<CloudService>;
  /** Replaces a service's details and what it runs on. */
  update(id: string, details: ServiceDetails, at: Date): Promise<CloudService>;
  /** Any service by id: services are public. `forUpdate` holds its row until the transaction ends. */
  findById(id: string, options?: { readonly forUpdate?: boolean }): Promise<CloudService | undefined>;
  /** One provider's services in name order; only with the policy's scope. */
  listByProvider(scope: TenantScope, filter: ServiceFilter, window: ListWindow<ServiceKeyset>): Promise<Slice<CloudService>>;
  /** Every provider's services in name order, as others name them. */
  listRefs(filter: ServiceFilter, window: ListWindow<ServiceKeyset>): Promise<Slice<ServiceRef>>;
  /** Those of `ids` that name a service, in name order. */
  refs(ids: readonly string[]): Promise<ServiceRef[]>;
  /** Every service that `ids` run on, directly or through others, `ids` included. */
  underlying(ids: readonly string[]): Promise<string[]>;
  /**
   * Holds the lock on what services run on until the transaction ends, so
   * that two changes made at once cannot together close a loop that neither
   * closes alone (A onto B while B onto A).
   */
  lockDependencies(): Promise<void>;
}
