import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { day, seedCase, seedParties, type Parties } from '../../test/support/cases.js';
import { freshDatabase, POSTGRES_URL, testSecrets, type TestDatabase } from '../../test/support/databases.js';
import { createStore, openDatabase, type DatabaseHandle } from '../store/index.js';
import type { Application } from '../domain/index.js';
import { systemContext } from './audit.js';
import { runDueChanges } from './certification-job.js';
import type { Store } from './ports.js';
import { registerService } from './services.js';

/**
 * The daily job run by two servers at once, on the real PostgreSQL server:
 * each holds its own connection pool to the same database, as two processes
 * would. Every case due a change gets it exactly once (one case event each),
 * every dependent is flagged once, and a case that another transaction holds
 * is skipped, not waited for, and changed by the next run.
 */
describe('the daily job on several servers at once (PostgreSQL)', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let second: DatabaseHandle;
  let otherServer: Store;
  let parties: Parties;
  let cases: Application[];
  const CASES = 16;
  const job = (label: string) => systemContext(label, new Date('2028-03-01T00:00:00Z'));

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    second = await openDatabase({ kind: 'postgres', url: POSTGRES_URL, schema: database.schema, poolSize: 4 });
    otherServer = createStore(second.db, { secrets: testSecrets });
    parties = await seedParties(database);
    const operator = systemContext('test', new Date('2027-01-01T00:00:00Z'));
    cases = [];
    for (let n = 0; n < CASES; n += 1) {
      const base = (await registerService(database.store, parties.provider.id, { nameJa: `基盤${n}`, nameEn: `Base ${n}`, serviceModel: 'iaas', deploymentModel: 'public', regions: ['Tokyo'] }, operator)).id;
      await registerService(database.store, parties.provider.id, { nameJa: `上${n}`, nameEn: `On base ${n}`, serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'], runsOn: [base] }, operator);
      cases.push((await seedCase(database, parties, { state: 'certified', serviceId: base })).application);
    }
  });
  afterAll(async () => {
    await second.close();
    await database.dispose();
  });

  const eventsOf = async (command: string) =>
    database.handle.db.selectFrom('case_event').select(['application_id']).where('command', '=', command).execute();

  it('skips a case another transaction holds instead of waiting, and the next run changes it', async () => {
    const held = cases[0]!;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // A person's change of the case, still in progress on the other server.
    const holding = otherServer.transaction(async (tx) => {
      await tx.applications.findById(held.id, { forUpdate: true });
      locked();
      await released;
    });
    await isLocked;
    const report = await runDueChanges(database.store, job('jobs-a'), day('2028-02-10'));
    // Nothing is due on 10 February; only the held case could not even be looked at.
    expect([report.examined, report.busy]).toEqual([CASES, 1]);
    release();
    await holding;
  });

  it('changes every due case exactly once when two servers run it together, and a third run changes nothing', async () => {
    const [a, b] = await Promise.all([
      runDueChanges(database.store, job('jobs-a'), day('2028-03-01')),
      runDueChanges(otherServer, job('jobs-b'), day('2028-03-01')),
    ]);
    expect([a.failures, b.failures]).toEqual([[], []]);
    expect(a.changed['suspended-inspection-overdue'] + b.changed['suspended-inspection-overdue']).toBe(CASES);
    expect(a.flagged + b.flagged).toBe(CASES);
    const suspensions = await eventsOf('suspend');
    expect(suspensions).toHaveLength(CASES);
    expect(new Set(suspensions.map((e) => e.application_id))).toEqual(new Set(cases.map((c) => c.id)));
    const flags = await sql<{ n: string }>`SELECT count(*) AS n FROM service_review_flag WHERE cleared_at IS NULL`.execute(database.handle.db);
    expect(Number(flags.rows[0]!.n)).toBe(CASES);

    const third = await runDueChanges(otherServer, job('jobs-b'), day('2028-03-01'));
    expect(third.changed).toEqual({ expired: 0, 'suspended-inspection-overdue': 0, 'suspended-critical-finding-overdue': 0 });
    expect(await eventsOf('suspend')).toHaveLength(CASES);
  });

  it('expires them all exactly once when both run past the validity', async () => {
    const [a, b] = await Promise.all([
      runDueChanges(otherServer, job('jobs-b'), day('2028-05-02')),
      runDueChanges(database.store, job('jobs-a'), day('2028-05-02')),
    ]);
    expect(a.changed.expired + b.changed.expired).toBe(CASES);
    expect(await eventsOf('expire')).toHaveLength(CASES);
    const states = await database.handle.db.selectFrom('application').select('state').where('id', 'in', cases.map((c) => c.id)).execute();
    expect(states.every((row) => row.state === 'expired')).toBe(true);
  });
});
