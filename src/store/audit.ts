import type { Kysely } from 'kysely';
import type { AuditFilter, AuditRepository, ListWindow, Slice, StoredAuditRecord } from '../app/index.js';
import type { AuditOutcome, AuditRecord } from '../domain/index.js';
import type { Database } from './schema.js';

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

    list: async (filter: AuditFilter, window: ListWindow<string>): Promise<Slice<StoredAuditRecord>> => {
      let query = db.selectFrom('audit_event').selectAll();
      if (filter.actorUserId) query = query.where('actor_user_id', '=', filter.actorUserId);
      if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
      if (filter.objectId) query = query.where('object_id', '=', filter.objectId);
      if (filter.action) query = query.where('action', '=', filter.action);
      if (filter.from) query = query.where('occurred_at', '>=', filter.from);
      if (filter.until) query = query.where('occurred_at', '<', filter.until);
      // Ids are bigint: compared as numbers in SQL, carried as text outside it.
      if (window.after !== undefined) query = query.where('id', '>', window.after);
      if (window.before !== undefined) query = query.where('id', '<', window.before);
      const backwards = window.before !== undefined;
      const rows = await query.orderBy('id', backwards ? 'desc' : 'asc').limit(window.limit + 1).execute();
      const page = rows.slice(0, window.limit).map(
        (row): StoredAuditRecord => ({
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
        }),
      );
      return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
    },
  };
}
