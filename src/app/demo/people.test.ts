import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { checkSetPasswordToken } from '../users.js';
import { DEMO_PEOPLE, ensureDemoPeople } from './people.js';
import { seedDemo } from './seed.js';

describe('the demo people', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await seedDemo(database.store);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('are added once, and each who has no password yet gets a fresh link at every start, the earlier one retired', async () => {
    const now = new Date('2026-11-25T09:00:00Z');
    const first = await ensureDemoPeople(database.store, now);
    expect(first.map((p) => p.email)).toEqual(DEMO_PEOPLE.map((p) => p.email));
    expect(first.every((p) => p.setPasswordToken !== null)).toBe(true);

    const officer = (await database.store.users.findByEmail('officer@office.demo.example.go.jp'))!;
    expect(officer.roles).toEqual(['officer']);
    await database.store.users.setPasswordHash(officer.id, '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA');

    const later = new Date('2026-11-25T10:00:00Z');
    const second = await ensureDemoPeople(database.store, later);
    expect(second).toHaveLength(DEMO_PEOPLE.length);
    expect(second.find((p) => p.email === officer.email)?.setPasswordToken).toBeNull();
    const admin = (email: string, list: typeof first) => list.find((p) => p.email === email)!.setPasswordToken!;
    const email = 'admin@office.demo.example.go.jp';
    await expect(checkSetPasswordToken(database.store, admin(email, second), later)).resolves.toMatchObject({ email });
    await expect(checkSetPasswordToken(database.store, admin(email, first), later)).rejects.toMatchObject({ code: 'not-found' });
  });
});
