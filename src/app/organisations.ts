import {
  DomainError,
  type Action,
  validateOrganisation,
  type Organisation,
  type OrganisationInput,
  type OrganisationKind,
  type Page,
} from '../domain/index.js';
import { recordAudit, type CommandContext } from './audit.js';
import { isUuid } from './ids.js';
import { authorize, authorizeAction, type TenantScope } from './policy.js';
import { checkPageRequest, isNameKeyset, readPage, type PageRequest } from './paging.js';
import type { OrganisationKeyset, Store } from './ports.js';

export interface OrganisationListQuery extends PageRequest {
  readonly kind?: OrganisationKind | undefined;
  /** Also count every match (costs a second query; pages show it, the API does not). */
  readonly withTotal?: boolean | undefined;
}

export interface OrganisationPage extends Page<Organisation> {
  readonly total?: number;
}

/** Registers an organisation after checking every field; returns it as stored, with its audit record. */
export async function registerOrganisation(store: Store, input: OrganisationInput, context: CommandContext): Promise<Organisation> {
  await authorizeAction(store, context, 'organisation.register');
  const organisation = validateOrganisation(input);
  return store.transaction(async (tx) => {
    const stored = await tx.organisations.insert(organisation);
    await recordAudit(tx, context, { action: 'organisation.register', objectType: 'organisation', objectId: stored.id, change: stored });
    return stored;
  });
}

export async function getOrganisation(store: Store, id: string): Promise<Organisation> {
  const found = isUuid(id) ? await store.organisations.findById(id.toLowerCase()) : undefined;
  if (!found) throw new DomainError('not-found', `no organisation ${id}`);
  return found;
}

/**
 * Checks that the caller may perform `action` on an organisation's records,
 * then loads it. The check comes first, so that a refusal says nothing about
 * whether the organisation exists; then an id that names none is not found.
 */
export async function authorizeOrganisation(
  store: Store,
  context: CommandContext,
  action: Action,
  organisationId: string,
): Promise<{ scope: TenantScope; organisation: Organisation }> {
  const id = organisationId.toLowerCase();
  const scope = await authorize(store, context, action, { organisationId: id });
  return { scope, organisation: await getOrganisation(store, id) };
}

/** One page of organisations in name order, filtered, with cursors to the pages around it. */
export async function listOrganisations(store: Store, query: OrganisationListQuery): Promise<OrganisationPage> {
  const { limit, text } = checkPageRequest(query);
  const filter = { kind: query.kind, text };
  const [page, total] = await Promise.all([
    readPage(limit, query.cursor, isNameKeyset, keysetOf, (window) => store.organisations.list(filter, window)),
    query.withTotal ? store.organisations.count(filter) : Promise.resolve(undefined),
  ]);
  return total === undefined ? page : { ...page, total };
}

/** How many organisations there are, of one kind or all. */
export async function countOrganisations(store: Store, kind?: OrganisationKind): Promise<number> {
  return store.organisations.count({ kind });
}

const keysetOf = (o: Organisation): OrganisationKeyset => ({ nameEn: o.nameEn, id: o.id });
