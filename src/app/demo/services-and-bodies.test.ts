import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { seedDemo } from './seed.js';
import { demoAuthorisationStart, seedDemoServicesAndBodies } from './services-and-bodies.js';

describe('the demo services and authorisations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await seedDemo(database.store);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('are added once: services (one running on another) and a body of each standing', async () => {
    const now = new Date('2026-11-25T09:00:00Z');
    expect(await seedDemoServicesAndBodies(database.store, now, 'Asia/Tokyo')).toEqual({ services: 4, authorisations: 3 });
    expect(await seedDemoServicesAndBodies(database.store, now, 'Asia/Tokyo')).toEqual({ services: 0, authorisations: 0 });
    const refs = (await database.store.services.listRefs({}, { limit: 10 })).items;
    const hikari = refs.find((s) => s.nameEn === 'Hikari Government Cloud')!;
    const sakura = refs.find((s) => s.nameEn === 'Sakura IaaS Platform')!;
    expect((await database.store.services.findById(hikari.id))?.runsOn).toEqual([sakura.id]);
    const bodies = (await database.store.organisations.list({ kind: 'auditing-body' }, { limit: 10 })).items;
    const statuses = (await database.store.auditingBodies.listAuthorisations(bodies.map((b) => b.id))).map((a) => a.status).sort();
    expect(statuses).toEqual(['active', 'active', 'suspended']);
    const numbers = (await database.store.auditingBodies.listAuthorisations(bodies.map((b) => b.id))).map((a) => [a.number, a.validFrom, a.validUntil]).sort();
    expect(numbers).toEqual([
      ['AB-2026-001', '2026-04-01', '2029-03-31'],
      ['AB-2026-002', '2026-04-01', '2029-03-31'],
      ['AB-2026-003', '2026-04-01', '2028-03-31'],
    ]);
  });

  it('take effect on the 1 April at least 200 days before the demo starts, so that a demo started in any year is authorised', () => {
    const start = (iso: string) => demoAuthorisationStart(new Date(iso), 'Asia/Tokyo');
    expect(start('2026-11-25T09:00:00Z')).toBe('2026-04-01');
    // 200 days before 2026-10-19 (Tokyo) is 2026-04-02: that year's April has begun.
    expect(start('2026-10-19T00:00:00Z')).toBe('2026-04-01');
    expect(start('2026-10-17T00:00:00Z')).toBe('2025-04-01');
    expect(start('2031-06-01T00:00:00Z')).toBe('2030-04-01');
  });
});
