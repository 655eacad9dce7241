import { sql, type Kysely } from 'kysely';
import type { ListWindow, NewOneTimeToken, NewUser, Slice, TenantScope, User, UserFilter, UserRepository } from '../app/index.js';
import type { Role } from '../domain/index.js';
import { translated } from './errors.js';
import { likeContaining } from './like.js';
import type { Database } from './schema.js';
import { isSealed, type SecretBox } from './secret-box.js';

/** People; their TOTP secrets are sealed with `secrets` before they reach the database. */
export function userRepository(db: Kysely<Database>, secrets: SecretBox): UserRepository {
  const select = () =>
    db
      .selectFrom('app_user as u')
      .select(['u.id', 'u.organisation_id', 'u.email', 'u.display_name', 'u.status', 'u.created_at'])
      .select(sql<boolean>`u.password_hash IS NOT NULL`.as('has_password'))
      .select(sql<boolean>`u.totp_enabled_at IS NOT NULL`.as('totp_enabled'))
      .select(sql<string | null>`(SELECT string_agg(r.role, ',' ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id)`.as('roles'));

  const insertRoles = async (userId: string, roles: readonly Role[]) => {
    if (roles.length > 0) await db.insertInto('user_role').values(roles.map((role) => ({ user_id: userId, role }))).execute();
  };

  return {
    insert: (user: NewUser) =>
      translated(async () => {
        const { id } = await db
          .insertInto('app_user')
          .values({ organisation_id: user.organisationId, email: user.email, display_name: user.displayName })
          .returning('id')
          .executeTakeFirstOrThrow();
        await insertRoles(id, user.roles);
        return toUser(await select().where('u.id', '=', id).executeTakeFirstOrThrow());
      }),
    findById: async (id: string) => {
      const row = await select().where('u.id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    findByEmail: async (email: string) => {
      const row = await select().where('u.email', '=', email).executeTakeFirst();
      return row && toUser(row);
    },
    listByOrganisation: async (scope: TenantScope, filter: UserFilter, window: ListWindow<string>): Promise<Slice<User>> => {
      const backwards = window.before !== undefined;
      const position = window.before ?? window.after;
      let query = select().where('u.organisation_id', '=', scope.organisationId);
      if (filter.text) {
        const pattern = likeContaining(filter.text);
        query = query.where((eb) => eb.or([eb('u.email', 'ilike', pattern), eb('u.display_name', 'ilike', pattern)]));
      }
      // Email addresses are unique, so the email alone is the keyset (the index app_user_organisation serves it).
      if (position !== undefined) query = query.where('u.email', backwards ? '<' : '>', position);
      const rows = await query
        .orderBy('u.email', backwards ? 'desc' : 'asc')
        .limit(window.limit + 1)
        .execute();
      const page = rows.slice(0, window.limit).map(toUser);
      return { items: backwards ? page.reverse() : page, hasMore: rows.length > window.limit };
    },
    findInOrganisation: async (scope: TenantScope, id: string) => {
      const row = await select().where('u.id', '=', id).where('u.organisation_id', '=', scope.organisationId).executeTakeFirst();
      return row && toUser(row);
    },
    lockOrganisation: async (scope: TenantScope) => {
      await db.selectFrom('organisation').select('id').where('id', '=', scope.organisationId).forUpdate().execute();
    },
    countActiveAdmins: async (scope: TenantScope) => {
      const row = await db
        .selectFrom('app_user as u')
        .innerJoin('user_role as r', 'r.user_id', 'u.id')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('u.organisation_id', '=', scope.organisationId)
        .where('u.status', '=', 'active')
        .where('r.role', '=', 'admin')
        .executeTakeFirstOrThrow();
      return row.n;
    },
    setRoles: async (userId: string, roles: readonly Role[]) => {
      await db.deleteFrom('user_role').where('user_id', '=', userId).execute();
      await insertRoles(userId, roles);
    },
    markRemoved: async (userId: string) => {
      await db.updateTable('app_user').set({ status: 'removed' }).where('id', '=', userId).execute();
    },
    findOneTimeToken: async (tokenHash, purpose, now) => {
      const row = await db
        .selectFrom('one_time_token')
        .select('user_id')
        .where('token_hash', '=', tokenHash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row?.user_id;
    },
    consumeOneTimeToken: async (tokenHash, purpose, now) => {
      // One UPDATE decides: of two concurrent uses, the second finds it used.
      const row = await db
        .updateTable('one_time_token')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('user_id')
        .executeTakeFirst();
      return row?.user_id;
    },
    retireOneTimeTokens: async (userId, purpose, at) => {
      // Marked used rather than deleted: the table keeps when each token stopped working.
      const result = await db
        .updateTable('one_time_token')
        .set({ used_at: at })
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    setPasswordHash: async (userId, passwordHash) => {
      await db.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    },
    findTotp: async (userId) => {
      const row = await db
        .selectFrom('app_user')
        .select(['totp_secret', 'totp_last_step', 'totp_pending_secret'])
        .where('id', '=', userId)
        .executeTakeFirst();
      return (
        row && {
          secret: row.totp_secret === null ? null : secrets.open(row.totp_secret, userId),
          lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
          pendingSecret: row.totp_pending_secret === null ? null : secrets.open(row.totp_pending_secret, userId),
        }
      );
    },
    setPendingTotpSecret: async (userId, secret) => {
      await db.updateTable('app_user').set({ totp_pending_secret: secrets.seal(secret, userId) }).where('id', '=', userId).execute();
    },
    enableTotp: async (userId, secret, step, at) => {
      // Sealed values differ each time, so compare the opened pending secret,
      // then swap only if the sealed value is still the one read (no other enrolment in between).
      const pending = (await db.selectFrom('app_user').select('totp_pending_secret').where('id', '=', userId).executeTakeFirst())?.totp_pending_secret;
      if (!pending || secrets.open(pending, userId) !== secret) return false;
      const result = await db
        .updateTable('app_user')
        .set({ totp_secret: pending, totp_enabled_at: at, totp_last_step: step, totp_pending_secret: null })
        .where('id', '=', userId)
        .where('totp_pending_secret', '=', pending)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    disableTotp: async (userId) => {
      await db.updateTable('app_user').set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, totp_pending_secret: null }).where('id', '=', userId).execute();
    },
    acceptTotpStep: async (userId, step) => {
      // One UPDATE decides under the row's lock: the same step cannot be accepted twice.
      const result = await db
        .updateTable('app_user')
        .set({ totp_last_step: step })
        .where('id', '=', userId)
        .where('totp_secret', 'is not', null)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', sql<string>`${step}`)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    insertOneTimeToken: async (t: NewOneTimeToken) => {
      await db
        .insertInto('one_time_token')
        .values({ token_hash: t.tokenHash, user_id: t.userId, purpose: t.purpose, created_at: t.createdAt, expires_at: t.expiresAt })
        .execute();
    },
  };
}

interface UserRow {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  status: string;
  created_at: Date;
  has_password: boolean;
  totp_enabled: boolean;
  roles: string | null;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    email: row.email,
    displayName: row.display_name,
    roles: (row.roles ?? '').split(',').filter(Boolean) as Role[],
    hasPassword: row.has_password,
    totpEnabled: row.totp_enabled,
    status: row.status as User['status'],
    createdAt: row.created_at,
  };
}

/**
 * Seals TOTP secrets stored in the clear by versions before encryption at
 * rest; run at start, after the migrations. Returns how many it sealed.
 */
export async function sealPlaintextTotpSecrets(db: Kysely<Database>, secrets: SecretBox): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('app_user')
      .select(['id', 'totp_secret', 'totp_pending_secret'])
      .where((eb) => eb.or([eb('totp_secret', 'is not', null), eb('totp_pending_secret', 'is not', null)]))
      .forUpdate()
      .execute();
    let sealed = 0;
    for (const row of rows) {
      const reseal = (value: string | null) => (value === null || isSealed(value) ? value : secrets.seal(value, row.id));
      const [secret, pending] = [reseal(row.totp_secret), reseal(row.totp_pending_secret)];
      if (secret === row.totp_secret && pending === row.totp_pending_secret) continue;
      await tx.updateTable('app_user').set({ totp_secret: secret, totp_pending_secret: pending }).where('id', '=', row.id).execute();
      sealed += 1;
    }
    return sealed;
  });
}
