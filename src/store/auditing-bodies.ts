import { sql, type Kysely } from 'kysely';
import type {
  AuditingBodyRepository,
  AuthorisationEvent,
  NewAuthorisation,
  NewConflict,
  StoredAuthorisation,
  StoredConflict,
  TenantScope,
} from '../app/index.js';
import { calendarDate, type AuthorisationStatus } from '../domain/index.js';
import { translated } from './errors.js';
import type { Database } from './schema.js';
import { gradeColumn } from './grade-column.js';

/**
 * Auditing bodies' authorisations, their history, and their conflicts of
 * interest. Dates travel as YYYY-MM-DD text both ways (`::text` on the way
 * out), so no driver turns a day into an instant in some time zone.
 */
export function auditingBodyRepository(db: Kysely<Database>): AuditingBodyRepository {
  const authorisations = () =>
    db
      .selectFrom('body_authorisation')
      .select(['id', 'body_id', 'number', 'highest_grade', 'status', 'reason', 'created_at', 'updated_at'])
      .select([sql<string>`valid_from::text`.as('valid_from'), sql<string>`valid_until::text`.as('valid_until')]);

  const conflicts = (bodyId: string) =>
    db
      .selectFrom('conflict_of_interest')
      .select(['id', 'body_id', 'provider_id', 'description', 'declared_at', 'declared_by'])
      .select([sql<string>`from_date::text`.as('from_date'), sql<string | null>`until_date::text`.as('until_date')])
      .where('body_id', '=', bodyId);

  const appendHistory = (event: { id: string; from: AuthorisationStatus | null; to: AuthorisationStatus; reason: string | null; at: Date; actor: NewAuthorisation['actor'] }) =>
    db
      .insertInto('body_authorisation_event')
      .values({
        authorisation_id: event.id,
        occurred_at: event.at,
        actor_user_id: event.actor.userId ?? null,
        actor_label: event.actor.label,
        from_status: event.from,
        to_status: event.to,
        reason: event.reason,
      })
      .execute();

  const findAuthorisation = async (id: string, options: { readonly forUpdate?: boolean } = {}) => {
    const query = authorisations().where('id', '=', id);
    const row = await (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
    return row && toAuthorisation(row);
  };
  /** The row just written, in the same transaction: there is one. */
  const written = async (id: string) => toAuthorisation(await authorisations().where('id', '=', id).executeTakeFirstOrThrow());

  return {
    insertAuthorisation: (a: NewAuthorisation) =>
      translated(async () => {
        const { id } = await db
          .insertInto('body_authorisation')
          .values({
            body_id: a.bodyId,
            number: a.number,
            valid_from: a.validFrom,
            valid_until: a.validUntil,
            highest_grade: a.highestGrade,
            created_at: a.at,
            updated_at: a.at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendHistory({ id, from: null, to: 'active', reason: null, at: a.at, actor: a.actor });
        return written(id);
      }),

    findAuthorisation,

    changeStatus: (change) =>
      translated(async () => {
        await db.updateTable('body_authorisation').set({ status: change.to, reason: change.reason, updated_at: change.at }).where('id', '=', change.id).execute();
        await appendHistory({ id: change.id, from: change.from, to: change.to, reason: change.reason, at: change.at, actor: change.actor });
        return written(change.id);
      }),

    listAuthorisations: async (bodyIds) => {
      if (bodyIds.length === 0) return [];
      const rows = await authorisations().where('body_id', 'in', [...bodyIds]).orderBy('valid_from', 'desc').orderBy('number', 'desc').execute();
      return rows.map(toAuthorisation);
    },

    listHistory: async (bodyId) => {
      const rows = await db
        .selectFrom('body_authorisation_event as e')
        .innerJoin('body_authorisation as a', 'a.id', 'e.authorisation_id')
        .select(['e.authorisation_id', 'e.occurred_at', 'e.from_status', 'e.to_status', 'e.reason'])
        .where('a.body_id', '=', bodyId)
        .orderBy('e.id')
        .execute();
      return rows.map(
        (row): AuthorisationEvent => ({
          authorisationId: row.authorisation_id,
          occurredAt: row.occurred_at,
          from: row.from_status === null ? null : toStatus(row.from_status),
          to: toStatus(row.to_status),
          reason: row.reason,
        }),
      );
    },

    insertConflict: (scope: TenantScope, c: NewConflict) =>
      translated(async () => {
        const { id } = await db
          .insertInto('conflict_of_interest')
          .values({
            body_id: scope.organisationId,
            provider_id: c.providerId,
            from_date: c.from,
            until_date: c.until,
            description: c.description,
            declared_at: c.declaredAt,
            declared_by: c.declaredBy ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return toConflict(await conflicts(scope.organisationId).where('id', '=', id).executeTakeFirstOrThrow());
      }),

    findConflict: async (scope, id) => {
      const row = await conflicts(scope.organisationId).where('id', '=', id).executeTakeFirst();
      return row && toConflict(row);
    },

    endConflict: async (scope, id, until) => {
      const result = await db
        .updateTable('conflict_of_interest')
        .set({ until_date: until })
        .where('id', '=', id)
        .where('body_id', '=', scope.organisationId)
        .where('until_date', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    listConflicts: async (scope) =>
      (await conflicts(scope.organisationId).orderBy('from_date', 'desc').orderBy('declared_at', 'desc').execute()).map(toConflict),

    conflictsBetween: async (bodyId, providerId) =>
      (await conflicts(bodyId).where('provider_id', '=', providerId).execute()).map((row) => {
        const { providerId: provider, from, until } = toConflict(row);
        return { providerId: provider, from, until };
      }),
  };
}

interface AuthorisationRow {
  id: string;
  body_id: string;
  number: string;
  valid_from: string;
  valid_until: string;
  highest_grade: number;
  status: string;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
}

function toAuthorisation(row: AuthorisationRow): StoredAuthorisation {
  return {
    id: row.id,
    bodyId: row.body_id,
    number: row.number,
    validFrom: calendarDate(row.valid_from),
    validUntil: calendarDate(row.valid_until),
    highestGrade: gradeColumn(row.highest_grade),
    status: toStatus(row.status),
    reason: row.reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface ConflictRow {
  id: string;
  body_id: string;
  provider_id: string;
  from_date: string;
  until_date: string | null;
  description: string;
  declared_at: Date;
  declared_by: string | null;
}

function toConflict(row: ConflictRow): StoredConflict {
  return {
    id: row.id,
    bodyId: row.body_id,
    providerId: row.provider_id,
    from: calendarDate(row.from_date),
    until: row.until_date === null ? null : calendarDate(row.until_date),
    description: row.description,
    declaredAt: row.declared_at,
    declaredBy: row.declared_by,
  };
}


const STATUSES: readonly AuthorisationStatus[] = ['active', 'suspended', 'ended'];

function toStatus(value: string): AuthorisationStatus {
  const status = STATUSES.find((s) => s === value);
  if (!status) throw new RangeError(`not an authorisation status: ${value}`);
  return status;
}
