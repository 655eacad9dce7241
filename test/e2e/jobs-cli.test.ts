import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerService, systemContext } from '../../src/app/index.js';
import { createStore, migrate, openDatabase } from '../../src/store/index.js';
import { day, seedCase, seedParties } from '../support/cases.js';
import { runShinrai } from '../support/cli.js';
import { testSecrets, type TestDatabase } from '../support/databases.js';

/**
 * `shinrai jobs run` as an operator runs it, on a real data directory: a
 * certified service with another running on it, audited over 2025 and
 * certified early in 2026 (in the past, as the command acts now), so that
 * its regular inspection falls due on 2026-12-31 and the grace period ends
 * on 2027-03-01. The case is brought there by the test fixture, through the
 * domain's own transitions.
 */
describe('the jobs run command', { timeout: 180_000 }, () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let applicationId: string;
  let dependentId: string;
  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => runShinrai(args, { ...env, ...extraEnv });

  /** The data directory opened in this process, for as long as `work` runs (one process at a time may open it). */
  const withData = async <T>(work: (database: TestDatabase) => Promise<T>): Promise<T> => {
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    try {
      await migrate(handle.db);
      return await work({ handle, store: createStore(handle.db, { secrets: testSecrets }), schema: 'public', dispose: handle.close });
    } finally {
      await handle.close();
    }
  };

  beforeAll(async () => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'shinrai-jobs-cli-')), 'data');
    env = { ...process.env, SHINRAI_DATA_DIR: dataDir, LANG: 'en_GB.UTF-8', DATABASE_URL: '' };
    await withData(async (database) => {
      const parties = await seedParties(database);
      const operator = systemContext('test', new Date('2026-01-15T00:00:00Z'));
      const base = await registerService(database.store, parties.provider.id, { nameJa: '基盤', nameEn: 'Base', serviceModel: 'iaas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
      dependentId = (await registerService(database.store, parties.provider.id, { nameJa: '上', nameEn: 'On base', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'], runsOn: [base.id] }, operator)).id;
      applicationId = (
        await seedCase(database, parties, { state: 'certified', serviceId: base.id, period: { start: day('2025-01-01'), end: day('2025-12-31') }, now: new Date('2026-02-01T00:00:00Z') })
      ).application.id;
    });
  });
  afterAll(() => {
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('explains itself in English and Japanese, and refuses a day that does not exist with exit 2', async () => {
    const help = await run(['jobs', 'run', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--today <date>/);
    expect(help.out).toMatch(/expire those past their validity/);
    expect((await run(['jobs', 'run', '--help'], { LANG: 'ja_JP.UTF-8' })).out).toMatch(/有効期間を過ぎたものを失効させ/);
    expect((await run(['--help'])).out).toMatch(/\bjobs\b/);

    const bad = await run(['jobs', 'run', '--today', '2028-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/2028-02-30: not a day written YYYY-MM-DD/);
    expect((await run(['jobs', 'frobnicate'])).code).toBe(2);
    expect((await run(['jobs', 'run', '--since', '2028-01-01'])).code).toBe(2);
  });

  it('changes nothing through the grace period, then suspends the case and flags what runs on it, once', async () => {
    const quiet = await run(['jobs', 'run', '--today', '2027-03-01']);
    expect(quiet.code).toBe(0);
    expect(quiet.out).toMatch(/Changes due on 2027-03-01: 1 certification examined/);
    expect(quiet.out).toMatch(/none suspended for an overdue inspection/);

    const due = await run(['jobs', 'run', '--today', '2027-03-02', '--json']);
    expect(due.err).toBe('');
    expect(due.code).toBe(0);
    expect(JSON.parse(due.out)).toEqual({
      today: '2027-03-02',
      examined: 1,
      changed: { expired: 0, 'suspended-inspection-overdue': 1, 'suspended-critical-finding-overdue': 0 },
      flagged: 1,
      busy: 0,
      failures: [],
    });

    const again = await run(['jobs', 'run', '--today', '2027-03-02'], { LANG: 'ja_JP.UTF-8' });
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/定期監査の遅延による停止 0件/);

    await withData(async ({ store }) => {
      expect((await store.applications.findById(applicationId))?.case).toMatchObject({ state: 'suspended', suspension: { cause: 'inspection-overdue' } });
      const events = (await store.applications.listEvents(applicationId)).filter((e) => e.command === 'suspend');
      expect(events.map((e) => [e.from, e.to, e.actorRole])).toEqual([['certified', 'suspended', 'system']]);
      const audit = (await store.audit.list({ action: 'certification.suspend' }, { limit: 10 })).items;
      expect(audit.map((r) => [r.objectId, r.actor.label.startsWith('cli:')])).toEqual([[applicationId, true]]);
      expect(await store.lifecycle.flaggedServices([dependentId])).toEqual([dependentId]);
    });
  });
});
