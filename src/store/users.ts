import { sql, type Kysely } from 'kysely';
import type { NewOneTimeToken, NewUser, User, UserRepository } from '../app/index.js';
import type { Role } from '../domain/index.js';
import { translated } from './errors.js';
import type { Database } from './schema.js';

export function userRepository(db: Kysely<Database>): UserRepository {
  const select = () =>
    db
      .selectFrom('app_user as u')
      .select(['u.id', 'u.organisation_id', 'u.email', 'u.display_name', 'u.status', 'u.created_at'])
      .select(sql<boolean>`u.password_hash IS NOT NULL`.as('has_password'))
      .select(sql<string | null>`(SELECT string_agg(r.role, ',' ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id)`.as('roles'));

  return {
    insert: (user: NewUser) =>
      translated(async () => {
        const { id } = await db
          .insertInto('app_user')
          .values({ organisation_id: user.organisationId, email: user.email, display_name: user.displayName })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (user.roles.length > 0) {
          await db.insertInto('user_role').values(user.roles.map((role) => ({ user_id: id, role }))).execute();
        }
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
    listByOrganisation: async (organisationId: string) =>
      (await select().where('u.organisation_id', '=', organisationId).orderBy('u.email').execute()).map(toUser),
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
    setPasswordHash: async (userId, passwordHash) => {
      await db.updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
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
    status: row.status as User['status'],
    createdAt: row.created_at,
  };
}
