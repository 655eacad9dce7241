import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import type { DomainError, Organisation, OrganisationInput, ServiceInput } from '../domain/index.js';
import { systemContext, type CommandContext } from './audit.js';
import { registerOrganisation } from './organisations.js';
import type { User } from './ports.js';
import { getService, getServiceToUpdate, listProviderServices, listServiceChoices, registerService, serviceGradeCeiling, updateService } from './services.js';
import { createUser } from './users.js';

describe('cloud services', () => {
  let database: TestDatabase;
  let office: Organisation;
  let kumo: Organisation;
  let sora: Organisation;
  let agency: Organisation;
  let kumoCompliance: User;
  let kumoAdmin: User;
  let soraAdmin: User;
  let officer: User;
  let agencyAdmin: User;
  const now = new Date('2026-05-01T09:00:00Z');
  const operator = systemContext('test', now);

  /** The context of a person acting with their session, as the web layer builds it. */
  function as(user: User, organisation: Organisation, at = now): CommandContext {
    return {
      actor: { userId: user.id, organisationId: organisation.id, role: user.roles.join(' '), label: `web:${user.email}` },
      authority: { type: 'principal', principal: { userId: user.id, organisationId: organisation.id, organisationKind: organisation.kind, roles: user.roles, via: 'session' } },
      now: at,
    };
  }
  const organisation = (n: number, kind: OrganisationInput['kind']) =>
    registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `SVC${n}`, country: 'JP' }, operator);
  const person = async (org: Organisation, email: string, roles: string[]) =>
    (await createUser(database.store, { organisationId: org.id, email, displayName: email.split('@')[0]!, roles }, operator)).user;
  const input = (nameEn: string, runsOn: string[] = []): ServiceInput => ({
    nameJa: `${nameEn}（日本語）`,
    nameEn,
    description: 'A service of the tests.',
    serviceModel: 'saas',
    deploymentModel: 'public',
    regions: ['ap-northeast-1'],
    runsOn,
  });
  const audit = async (action: string) => (await database.store.audit.list({ action }, { limit: 100 })).items;
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('expected a refusal'), (error: unknown) => error as DomainError);

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    office = await organisation(1, 'programme-office');
    kumo = await organisation(2, 'provider');
    sora = await organisation(3, 'provider');
    agency = await organisation(4, 'agency');
    kumoCompliance = await person(kumo, 'compliance@kumo.example.jp', ['compliance']);
    kumoAdmin = await person(kumo, 'admin@kumo.example.jp', ['admin']);
    soraAdmin = await person(sora, 'admin@sora.example.jp', ['admin']);
    officer = await person(office, 'officer@office.example.jp', ['officer']);
    agencyAdmin = await person(agency, 'admin@agency.example.jp', ['admin']);
  });
  afterAll(async () => {
    await database.dispose();
  });

  describe('when a provider registers one', () => {
    it('stores it with what it runs on, of another provider too, and records it', async () => {
      const iaas = await registerService(database.store, sora.id, input('Sora Compute'), as(soraAdmin, sora));
      const saas = await registerService(database.store, kumo.id, input('Kumo Mail', [iaas.id.toUpperCase()]), as(kumoCompliance, kumo));
      expect(saas).toMatchObject({ providerId: kumo.id, nameEn: 'Kumo Mail', runsOn: [iaas.id], createdAt: now });
      const records = await audit('service.register');
      expect(records.map((r) => [r.objectId, r.actor.userId, r.outcome])).toContainEqual([saas.id, kumoCompliance.id, 'done']);
      const view = await getService(database.store, saas.id);
      expect(view.provider.id).toBe(kumo.id);
      expect(view.runsOn).toEqual([expect.objectContaining({ id: iaas.id, nameEn: 'Sora Compute', providerNameEn: 'Organisation 3' })]);
    });

    it('refuses another provider, and records the refusal', async () => {
      const error = await failure(registerService(database.store, kumo.id, input('Intruder'), as(soraAdmin, sora)));
      expect(error.code).toBe('forbidden');
      const refused = (await audit('service.register')).filter((r) => r.outcome === 'refused');
      expect(refused.map((r) => [r.actor.userId, r.objectId])).toEqual([[soraAdmin.id, kumo.id]]);
    });

    it('names every problem, including services that do not exist, and stores nothing', async () => {
      const before = await listProviderServices(database.store, as(kumoAdmin, kumo), kumo.id, {});
      const error = await failure(registerService(database.store, kumo.id, { ...input(''), regions: ['東京'] }, as(kumoAdmin, kumo)));
      expect(error.issues.map((i) => `${i.pointer} ${i.code}`)).toEqual(['/nameEn required', '/regions region']);
      const missing = '00000000-0000-4000-8000-000000000000';
      const unknown = await failure(registerService(database.store, kumo.id, input('Kumo Ghost', [missing]), as(kumoAdmin, kumo)));
      expect(unknown.issues).toEqual([{ pointer: '/runsOn', code: 'unknown-service', params: { value: missing } }]);
      const after = await listProviderServices(database.store, as(kumoAdmin, kumo), kumo.id, {});
      expect(after.items.map((s) => s.id)).toEqual(before.items.map((s) => s.id));
    });

    it('refuses, even to the operator, an organisation that is not a provider', async () => {
      const error = await failure(registerService(database.store, agency.id, input('Agency Cloud'), operator));
      expect(error.issues).toEqual([{ pointer: '/providerId', code: 'not-a-provider' }]);
    });
  });

  describe('when a provider changes one', () => {
    it('replaces its details and records the change', async () => {
      const service = await registerService(database.store, kumo.id, input('Kumo Drive'), as(kumoAdmin, kumo));
      const later = new Date('2026-05-02T09:00:00Z');
      const changed = await updateService(database.store, service.id, { ...input('Kumo Drive Pro'), regions: ['Tokyo', 'Osaka'] }, as(kumoCompliance, kumo, later));
      expect(changed).toMatchObject({ id: service.id, nameEn: 'Kumo Drive Pro', regions: ['Tokyo', 'Osaka'], createdAt: now, updatedAt: later });
      expect((await audit('service.update')).filter((r) => r.objectId === service.id && r.outcome === 'done')).toHaveLength(1);
    });

    it("refuses another provider's people, records it, and leaves the service as it was", async () => {
      const service = await registerService(database.store, kumo.id, input('Kumo Vault'), as(kumoAdmin, kumo));
      expect((await failure(updateService(database.store, service.id, input('Taken'), as(soraAdmin, sora)))).code).toBe('forbidden');
      expect((await failure(getServiceToUpdate(database.store, as(soraAdmin, sora), service.id))).code).toBe('forbidden');
      const refused = (await audit('service.update')).filter((r) => r.outcome === 'refused' && r.actor.userId === soraAdmin.id);
      expect(refused.map((r) => r.objectId)).toEqual([kumo.id, kumo.id]);
      expect((await getService(database.store, service.id)).service.nameEn).toBe('Kumo Vault');
    });

    it('refuses a service running, through others, on itself, and leaves it as it was', async () => {
      const base = await registerService(database.store, kumo.id, input('Kumo Base'), as(kumoAdmin, kumo));
      const top = await registerService(database.store, kumo.id, input('Kumo Top', [base.id]), as(kumoAdmin, kumo));
      const error = await failure(updateService(database.store, base.id, input('Kumo Base', [top.id]), as(kumoAdmin, kumo)));
      expect(error.issues).toEqual([{ pointer: '/runsOn', code: 'runs-on-cycle' }]);
      expect((await getService(database.store, base.id)).service.runsOn).toEqual([]);
    });

    it('answers not found for an id that names no service', async () => {
      expect((await failure(updateService(database.store, 'not-a-uuid', input('X'), as(kumoAdmin, kumo)))).code).toBe('not-found');
      expect((await failure(getService(database.store, '00000000-0000-4000-8000-000000000000'))).code).toBe('not-found');
    });
  });

  describe('when services are listed', () => {
    it("shows a provider's people their own, a page at a time, and finds them by name", async () => {
      const first = await listProviderServices(database.store, as(kumoCompliance, kumo), kumo.id, { limit: 2 });
      expect(first.provider.id).toBe(kumo.id);
      expect(first.items.every((s) => s.providerId === kumo.id)).toBe(true);
      const second = await listProviderServices(database.store, as(kumoCompliance, kumo), kumo.id, { limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((s) => s.nameEn)).not.toContain(first.items[0]!.nameEn);
      const found = await listProviderServices(database.store, as(kumoCompliance, kumo), kumo.id, { text: 'vault' });
      expect(found.items.map((s) => s.nameEn)).toEqual(['Kumo Vault']);
    });

    it("lets the programme office read any provider's, and refuses another provider and an agency", async () => {
      const read = await listProviderServices(database.store, as(officer, office), kumo.id, { text: 'Kumo Mail' });
      expect(read.items.map((s) => s.nameEn)).toEqual(['Kumo Mail']);
      expect((await failure(listProviderServices(database.store, as(soraAdmin, sora), kumo.id, {}))).code).toBe('forbidden');
      expect((await failure(listProviderServices(database.store, as(agencyAdmin, agency), kumo.id, {}))).code).toBe('forbidden');
    });

    it('offers every provider’s services to run on, by name', async () => {
      const choices = await listServiceChoices(database.store);
      const names = choices.map((c) => c.nameEn);
      expect(names).toContain('Sora Compute');
      expect(names).toEqual([...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    });
  });

  describe('the grade ceiling', () => {
    it('is any grade for a service that runs on nothing, and none while what it runs on holds no certificate', async () => {
      const alone = await registerService(database.store, sora.id, input('Sora Bare Metal'), as(soraAdmin, sora));
      const leaning = await registerService(database.store, kumo.id, input('Kumo Analytics', [alone.id]), as(kumoAdmin, kumo));
      expect(await serviceGradeCeiling(database.store, alone.id)).toBe(3);
      expect(await serviceGradeCeiling(database.store, leaning.id)).toBe(0);
    });
  });
});
