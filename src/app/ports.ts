import type { NewOrganisation, Organisation, OrganisationKind } from '../domain/index.js';

/**
 * What the use cases need from persistence. `src/store` implements these for
 * PostgreSQL and PGlite; nothing here knows which one it talks to.
 */
export interface Store {
  readonly organisations: OrganisationRepository;
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

export interface ListWindow<K> {
  readonly limit: number;
  /** Items strictly after this position, in order. */
  readonly after?: K | undefined;
  /** Items strictly before this position; still returned in forward order. */
  readonly before?: K | undefined;
}

export interface Slice<T> {
  readonly items: readonly T[];
  /** Whether more items lie beyond the window in the direction it was read. */
  readonly hasMore: boolean;
}

export interface OrganisationRepository {
  /** Stores a new organisation; a registry id already registered throws `conflict`. */
  insert(organisation: NewOrganisation): Promise<Organisation>;
  findById(id: string): Promise<Organisation | undefined>;
  existsByRegistryId(scheme: string, registryId: string): Promise<boolean>;
  list(filter: OrganisationFilter, window: ListWindow<OrganisationKeyset>): Promise<Slice<Organisation>>;
  count(filter: OrganisationFilter): Promise<number>;
}
