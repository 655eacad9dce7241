import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import type { DomainError, Organisation, OrganisationInput, Principal } from '../domain/index.js';
import { listApplicationsToCheck, listProviderApplications } from './application-lists.js';
import { draftApplication, submitApplication, uploadSsp } from './applications.js';
import { systemContext, type CommandContext } from './audit.js';
import { encodeCursor } from './cursor.js';
import { registerOrganisation } from './organisations.js';
import { registerService } from './services.js';

const plan = new Uint8Array(readFileSync(new URL('../../test/fixtures/ssp/complete-ssp.json', import.meta.url)));

describe('lists of applications', () => {
  let database: TestDatabase;
  let office: Organisation;
  let kumo: Organisation;
  let sora: Organisation;
  /** Kumo's applications in the order they were drafted, one minute apart. */
  const drafted: string[] = [];
  /** The ones submitted, in the order they were submitted (not the order they were drafted). */
  const submitted: string[] = [];

  const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 9, minute));
  const context = (principal: Principal, now = at(0)): CommandContext => ({
    actor: { userId: principal.userId, organisationId: principal.organisationId, label: 'test' },
    authority: { type: 'principal', principal },
    now,
  });
  const person = (organisation: Organisation, roles: Principal['roles']): Principal => ({
    userId: '00000000-0000-4000-8000-0000000000b1',
    organisationId: organisation.id,
    organisationKind: organisation.kind,
    roles,
    via: 'session',
  });
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('expected a refusal'), (error: unknown) => error as DomainError);

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await database.store.standards.insert(smallStandard('2026.1'));
    const operator = systemContext('test', at(0));
    const organisation = (n: number, kind: OrganisationInput['kind']) =>
      registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `LIST${n}`, country: 'JP' }, operator);
    office = await organisation(1, 'programme-office');
    kumo = await organisation(2, 'provider');
    sora = await organisation(3, 'provider');
    const body = await organisation(4, 'auditing-body');
    const service = await registerService(database.store, kumo.id, { nameJa: 'メール', nameEn: 'Mail', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo'] }, operator);
    for (let n = 0; n < 7; n += 1) {
      const input = { serviceId: service.id, grade: '2', standardVersion: '2026.1', scope: `Part ${n}.`, auditedFrom: '2026-01-01', auditedUntil: '2026-12-31', bodyId: body.id };
      drafted.push((await draftApplication(database.store, kumo.id, input, systemContext('test', at(n)))).id);
    }
    // Submitted in another order than drafted, the last drafted first; two are left as drafts.
    for (const [minute, index] of [6, 1, 4, 0, 3].entries()) {
      const id = drafted[index]!;
      await uploadSsp(database.store, operator, id, { fileName: 'plan.json', bytes: plan });
      await submitApplication(database.store, systemContext('test', at(30 + minute)), id);
      submitted.push(id);
    }
  });
  afterAll(async () => {
    await database.dispose();
  });

  /** Every page of a list, following nextCursor from the first, and then prevCursor back from the last. */
  async function walk(read: (cursor: string | undefined) => Promise<{ items: readonly { application: { id: string } }[]; nextCursor: string | null; prevCursor: string | null }>) {
    const forward: string[][] = [];
    let page = await read(undefined);
    expect(page.prevCursor).toBeNull();
    forward.push(page.items.map((item) => item.application.id));
    while (page.nextCursor) {
      page = await read(page.nextCursor);
      forward.push(page.items.map((item) => item.application.id));
    }
    const backward: string[][] = [];
    while (page.prevCursor) {
      page = await read(page.prevCursor);
      backward.unshift(page.items.map((item) => item.application.id));
    }
    return { forward, backward };
  }

  describe("a provider's", () => {
    it('goes newest first, a page at a time, forwards and back', async () => {
      const provider = context(person(kumo, ['compliance']));
      const { forward, backward } = await walk((cursor) => listProviderApplications(database.store, provider, kumo.id, { limit: 3, cursor }));
      const newestFirst = [...drafted].reverse();
      expect(forward).toEqual([newestFirst.slice(0, 3), newestFirst.slice(3, 6), newestFirst.slice(6)]);
      expect(backward).toEqual([newestFirst.slice(0, 3), newestFirst.slice(3, 6)]);
    });

    it('names the provider and each service', async () => {
      const page = await listProviderApplications(database.store, context(person(kumo, ['admin'])), kumo.id, { limit: 1 });
      expect([page.provider.id, page.items[0]?.service.nameEn]).toEqual([kumo.id, 'Mail']);
    });

    it("is closed to another provider, even with a cursor of the first's list", async () => {
      const first = await listProviderApplications(database.store, context(person(kumo, ['admin'])), kumo.id, { limit: 1 });
      const error = await failure(listProviderApplications(database.store, context(person(sora, ['admin'])), kumo.id, { limit: 1, cursor: first.nextCursor! }));
      expect(error.code).toBe('forbidden');
      const own = await listProviderApplications(database.store, context(person(sora, ['admin'])), sora.id, { limit: 1, cursor: first.nextCursor! });
      expect(own.items).toEqual([]);
    });
  });

  describe("the office's queue", () => {
    it('holds only what is submitted, the longest waiting first, a page at a time', async () => {
      const officer = context(person(office, ['officer']));
      const { forward, backward } = await walk((cursor) => listApplicationsToCheck(database.store, officer, { limit: 2, cursor }));
      expect(forward).toEqual([submitted.slice(0, 2), submitted.slice(2, 4), submitted.slice(4)]);
      expect(backward).toEqual([submitted.slice(0, 2), submitted.slice(2, 4)]);
    });

    it("is the officers' only", async () => {
      expect((await failure(listApplicationsToCheck(database.store, context(person(office, ['registrar'])), {}))).code).toBe('forbidden');
      expect((await failure(listApplicationsToCheck(database.store, context(person(kumo, ['admin'])), {}))).code).toBe('forbidden');
    });
  });

  it('refuse a cursor this server did not issue, and a page size out of range', async () => {
    const officer = context(person(office, ['officer']));
    for (const cursor of ['not-a-cursor', encodeCursor('next', { at: 'yesterday', id: drafted[0] }), encodeCursor('next', { at: '2026-05-01T09:00:00.000Z', id: "x' OR 1=1" })]) {
      expect((await failure(listApplicationsToCheck(database.store, officer, { cursor }))).code, cursor).toBe('invalid-cursor');
    }
    expect((await failure(listApplicationsToCheck(database.store, officer, { limit: 101 }))).issues).toEqual([{ pointer: '/limit', code: 'range', params: { min: 1, max: 100 } }]);
  });
});
