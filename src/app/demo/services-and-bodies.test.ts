import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { seedDemo } from './seed.js';
import { seedDemoServicesAndBodies } from './services-and-bodies.js';

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
    expect(await seedDemoServicesAndBodies(database.store, now)).toEqual({ services: 4, authorisations: 3 });
    expect(await seedDemoServicesAndBodies(database.store, now)).toEqual({ services: 0, authorisations: 0 });
    const refs = (await database.store.services.listRefs({}, { limit: 10 })).items;
    const hikari = refs.find((s) => s.nameEn === 'Hikari Government Cloud')!;
    const sakura = refs.find((s) => s.nameEn === 'Sakura IaaS Platform')!;
    expect((await database.store.services.findById(hikari.id))?.runsOn).toEqual([sakura.id]);
    const bodies = (await database.store.organisations.list({ kind: 'auditing-body' }, { limit: 10 })).items;
    const statuses = (await database.store.auditingBodies.listAuthorisations(bodies.map((b) => b.id))).map((a) => a.status).sort();
    expect(statuses).toEqual(['active', 'active', 'suspended']);
  });
});
