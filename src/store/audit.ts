import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditFilter, AuditOrder, AuditRepository, ListWindow, Slice, StoredAuditRecord } from '../app/index.js';
import type { AuditOutcome, AuditRecord } from '../domain/index.js';
import { likeContaining, likeStartingWith } from './like.js';
import type { AuditEventTable, Database } from './schema.js';

export function auditRepository(db: Kysely<Database>): AuditRepository {
  return {
    append: async (r: AuditRecord) => {
      await db
        .insertInto('audit_event')
        .values({
          occurred_at: r.occurredAt,
          actor_user_id: r.actor.userId ?? null,
          actor_org_id: r.actor.organisationId ?? null,
          actor_role: r.actor.role ?? null,
          actor_label: r.actor.label,
          action: r.action,
          object_type: r.objectType,
          object_id: r.objectId,
          outcome: r.outcome,
          request_id: r.requestId ?? null,
          address: r.address ?? null,
          digest: r.digest,
        })
        .execute();
    },

    list: async (filter: AuditFilter, window: ListWindow<string>, order: AuditOrder = 'oldest-first'): Promise<Slice<StoredAuditRecord>> => {
      // "After" is further along the order: higher ids oldest first, lower ids newest first.
      const ascending = order === 'oldest-first';
      const backwards = window.before !== undefined;
      let query = filtered(db, filter).selectAll();
      // Ids are bigint: compared as numbers in SQL, carried as text outside it.
      if (window.after !== undefined) query = query.where('id', ascending ? '>' : '<', window.after);
      if (window.before !== undefined) query = query.where('id', ascending ? '<' : '>', window.before);
      const rows = await query
        .orderBy('id', ascending !== backwards ? 'asc' : 'desc')
        .limit(window.limit + 1)
        .execute();
      const page = rows.slice(0, window.limit).map(toRecord);
      return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
    },

    count: async (filter: AuditFilter, cap: number) => {
      // Counting a bounded subquery stops at `cap` rows instead of reading every match.
      const matches = filtered(db, filter).select('id').limit(cap);
      const row = await db
        .selectFrom(matches.as('m'))
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      return row.n;
    },
  };
}

function filtered(db: Kysely<Database>, filter: AuditFilter) {
  let query = db.selectFrom('audit_event');
  if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
  if (filter.actorText) query = query.where('actor_label', 'ilike', likeContaining(filter.actorText));
  if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
  if (filter.objectId) query = query.where('object_id', '=', filter.objectId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actionPrefix) query = query.where('action', 'like', likeStartingWith(filter.actionPrefix));
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.until) query = query.where('occurred_at', '<', filter.until);
  return query;
}

function toRecord(row: Selectable<AuditEventTable>): StoredAuditRecord {
  return {
    id: String(row.id),
    occurredAt: row.occurred_at,
    actor: {
      userId: row.actor_user_id ?? undefined,
      organisationId: row.actor_org_id ?? undefined,
      role: row.actor_role ?? undefined,
      label: row.actor_label,
    },
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    outcome: row.outcome as AuditOutcome,
    requestId: row.request_id ?? undefined,
    address: row.address ?? undefined,
    digest: row.digest,
  };
}
