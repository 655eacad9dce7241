import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceCase, day, seedCase, seedParties, type Parties } from '../../test/support/cases.js';
import { freshDatabase, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import { registerService, systemContext, type RegistryEntry } from '../app/index.js';
import { migrate } from './migrate.js';
import type { Application, RegistryFilter, ServiceModel } from '../domain/index.js';

/**
 * The store's contract for the public list, part of the suite run on PGlite
 * and on PostgreSQL (pglite.test.ts, postgres.test.ts). The list is a read
 * model the database keeps through triggers, so these tests change cases,
 * certificates and services the way the use cases do and read the list back.
 */
export function describeRegistryContract(kind: DatabaseKind): void {
  describe(`the public list in the store on ${kind}`, () => {
    let database: TestDatabase;
    let parties: Parties;
    const operator = systemContext('test', new Date('2027-01-10T00:00:00Z'));

    beforeEach(async () => {
      database = await freshDatabase(kind);
      parties = await seedParties(database);
    });
    afterEach(() => database.dispose());

    const service = async (nameEn: string, nameJa: string, options: { model?: ServiceModel; regions?: string[]; provider?: Parties } = {}) =>
      (
        await registerService(
          database.store,
          (options.provider ?? parties).provider.id,
          { nameJa, nameEn, serviceModel: options.model ?? 'saas', deploymentModel: 'public', regions: options.regions ?? ['Tokyo'] },
          operator,
        )
      ).id;
    const certified = async (serviceId: string, options: { grade?: 1 | 2 | 3; provider?: Parties } = {}) =>
      (await seedCase(database, options.provider ?? parties, { state: 'certified', serviceId, grade: options.grade ?? 2 })).application;
    const suspend = (application: Application) => advanceCase(database, application, { type: 'suspend', cause: 'manual', reason: 'Critical finding left open' });
    const list = async (filter: RegistryFilter = {}, limit = 50) => (await database.store.registry.list(filter, { limit })).items;
    const names = async (filter: RegistryFilter = {}) => (await list(filter)).map((entry) => entry.service.nameEn);

    describe('when cases reach each state', () => {
      it('lists every certified, renewal-pending, suspended, expired and revoked service, and no other, with its status', async () => {
        await certified(await service('Alpha Mail', 'アルファメール'));
        const renewing = await certified(await service('Bravo Storage', 'ブラボーストレージ'));
        await advanceCase(database, renewing, { type: 'file-renewal', today: day('2028-01-10') }, { actorRole: 'provider' });
        await suspend(await certified(await service('Charlie Compute', 'チャーリー計算')));
        await advanceCase(database, await certified(await service('Delta Desk', 'デルタデスク')), { type: 'expire', today: day('2028-05-02') }, { actorRole: 'system' });
        await advanceCase(database, await suspend(await certified(await service('Echo Mail', 'エコーメール'))), { type: 'revoke', reason: 'Not remedied' });
        await advanceCase(database, await certified(await service('Foxtrot Files', 'フォックストロット')), { type: 'withdraw' }, { actorRole: 'provider' });
        await seedCase(database, parties, { state: 'under-review', serviceId: await service('Golf Gateway', 'ゴルフゲートウェイ') });
        const rejected = (await seedCase(database, parties, { state: 'under-review', serviceId: await service('Hotel Hosting', 'ホテルホスティング') })).application;
        await advanceCase(database, rejected, { type: 'reject', by: parties.approver.id, reason: 'Findings remain open' });

        const entries = await list();
        expect(entries.map((e) => [e.service.nameEn, e.status])).toEqual([
          ['Alpha Mail', 'certified'],
          ['Bravo Storage', 'renewal-pending'],
          ['Charlie Compute', 'suspended'],
          ['Delta Desk', 'expired'],
          ['Echo Mail', 'revoked'],
        ]);
        expect(await database.store.registry.count({})).toBe(5);
      });

      it('shows the provider, grade, standard version, scope, regions, model, body, registration number and validity of each', async () => {
        const id = await service('Kumo Compute', 'くもコンピュート', { model: 'iaas', regions: ['ap-northeast-1', 'JP-West'] });
        const application = await certified(id, { grade: 3 });
        const certificate = (await database.store.certificates.findByApplication(application.id))!;
        const entry = await database.store.registry.find(id);
        expect(entry).toEqual({
          serviceId: id,
          applicationId: application.id,
          registrationNumber: certificate.registrationNumber,
          status: 'certified',
          grade: 3,
          standardVersion: parties.standardVersion,
          scope: 'The whole service.',
          auditedPeriod: { start: day('2026-01-01'), end: day('2026-12-31') },
          issuedOn: day('2027-02-01'),
          validUntil: day('2028-05-01'),
          service: { nameJa: 'くもコンピュート', nameEn: 'Kumo Compute', serviceModel: 'iaas', regions: ['ap-northeast-1', 'JP-West'] },
          provider: { id: parties.provider.id, nameJa: parties.provider.nameJa, nameEn: parties.provider.nameEn },
          body: { id: parties.body.id, nameJa: parties.body.nameJa, nameEn: parties.body.nameEn },
          changedAt: application.updatedAt,
        } satisfies RegistryEntry);
        expect(await database.store.registry.find(await service('Unlisted', '未掲載'))).toBeUndefined();
      });
    });

    describe('when the list is filtered', () => {
      let other: Parties;
      beforeEach(async () => {
        other = await seedParties(database);
        await certified(await service('Kumo Mail', 'くもメール', { regions: ['Tokyo', 'Osaka'] }), { grade: 2 });
        await certified(await service('Kumo Compute', 'くもコンピュート', { model: 'iaas', regions: ['ap-northeast-1'] }), { grade: 3 });
        await suspend(await certified(await service('Sora Accounting', 'そら会計', { regions: ['Osaka'] }), { grade: 2 }));
        await certified(await service('100% Uptime Hosting', '完全稼働ホスティング', { model: 'paas', provider: other, regions: ['JP-East'] }), { grade: 1, provider: other });
      });

      it('narrows by grade, status, provider, auditing body, service model and region, and by all of them together', async () => {
        expect(await names({ grade: 2 })).toEqual(['Kumo Mail', 'Sora Accounting']);
        expect(await names({ status: 'suspended' })).toEqual(['Sora Accounting']);
        expect(await names({ grade: 2, status: 'certified' })).toEqual(['Kumo Mail']);
        expect(await names({ providerId: other.provider.id })).toEqual(['100% Uptime Hosting']);
        expect(await names({ bodyId: parties.body.id })).toEqual(['Kumo Compute', 'Kumo Mail', 'Sora Accounting']);
        expect(await names({ serviceModel: 'iaas' })).toEqual(['Kumo Compute']);
        expect(await names({ region: 'Osaka' })).toEqual(['Kumo Mail', 'Sora Accounting']);
        expect(await names({ region: 'osaka' })).toEqual([]);
        expect(await names({ region: 'Osaka', status: 'certified', providerId: parties.provider.id, serviceModel: 'saas', grade: 2 })).toEqual(['Kumo Mail']);
        expect(await database.store.registry.count({ region: 'Osaka' })).toBe(2);
        expect(await database.store.registry.count({ grade: 1, status: 'suspended' })).toBe(0);
      });

      it('finds text in either name of the service, either name of its provider or its registration number, ignoring case and width', async () => {
        expect(await names({ text: 'kumo' })).toEqual(['Kumo Compute', 'Kumo Mail']);
        expect(await names({ text: 'KUMO MAIL' })).toEqual(['Kumo Mail']);
        expect(await names({ text: 'くもメ' })).toEqual(['Kumo Mail']);
        // Full-width Latin letters, as Japanese input gives them, after the domain's NFKC.
        expect(await names({ text: 'ＫＵＭＯ'.normalize('NFKC') })).toEqual(['Kumo Compute', 'Kumo Mail']);
        expect(await names({ text: '会' })).toEqual(['Sora Accounting']);
        expect(await names({ text: other.provider.nameEn.toLowerCase() })).toEqual(['100% Uptime Hosting']);
        expect(await names({ text: other.provider.nameJa })).toEqual(['100% Uptime Hosting']);
        const number = (await database.store.registry.find((await list({ text: 'sora' }))[0]!.serviceId))!.registrationNumber;
        expect(await names({ text: number.toLowerCase() })).toEqual(['Sora Accounting']);
        // LIKE's wildcards are the text itself.
        expect(await names({ text: '100%' })).toEqual(['100% Uptime Hosting']);
        expect(await names({ text: '1_0' })).toEqual([]);
        expect(await names({ text: 'Mail Kumo' })).toEqual([]);
        expect(await database.store.registry.count({ text: 'kumo', grade: 3 })).toBe(1);
      });
    });

    it('finds names written in half-width or full-width forms by their ordinary ones (NFKC), on the database side too', async () => {
      await certified(await service('ＫＵＭＯ Drive', 'ｸﾓドライブ'));
      expect(await names({ text: 'kumo' })).toEqual(['ＫＵＭＯ Drive']);
      expect(await names({ text: 'クモ' })).toEqual(['ＫＵＭＯ Drive']);
    });

    it('pages in order of English name, forwards and back, however names compare in the database locale', async () => {
      const created = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo', 'Foxtrot', 'golf'];
      for (const name of created) await certified(await service(name, `${name}（日本語）`));
      const sorted = [...created].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
      const first = await database.store.registry.list({}, { limit: 3 });
      expect(first.items.map((e) => e.service.nameEn)).toEqual(sorted.slice(0, 3));
      expect(first.hasMore).toBe(true);
      const last = first.items.at(-1)!;
      const second = await database.store.registry.list({}, { limit: 3, after: { nameEn: last.service.nameEn, id: last.serviceId } });
      expect(second.items.map((e) => e.service.nameEn)).toEqual(sorted.slice(3, 6));
      const top = second.items[0]!;
      const back = await database.store.registry.list({}, { limit: 3, before: { nameEn: top.service.nameEn, id: top.serviceId } });
      expect(back.items.map((e) => e.service.nameEn)).toEqual(sorted.slice(0, 3));
      expect(back.hasMore).toBe(false);
      const end = second.items.at(-1)!;
      const third = await database.store.registry.list({}, { limit: 3, after: { nameEn: end.service.nameEn, id: end.serviceId } });
      expect(third.items.map((e) => e.service.nameEn)).toEqual(sorted.slice(6));
      expect(third.hasMore).toBe(false);
    });

    describe('when a listed case or its service changes', () => {
      it('shows the change at once: a suspension, a reinstatement, a renamed service, a renewal', async () => {
        const id = await service('Kumo Mail', 'くもメール');
        const application = await certified(id);
        const suspended = await suspend(application);
        expect((await database.store.registry.find(id))?.status).toBe('suspended');
        expect((await database.store.registry.find(id))?.changedAt).toEqual(suspended.updatedAt);
        await advanceCase(database, suspended, { type: 'reinstate', by: parties.approver.id, today: day('2027-07-01') });
        expect((await database.store.registry.find(id))?.status).toBe('certified');

        await database.store.services.update(id, { nameJa: 'くもメールプラス', nameEn: 'Kumo Mail Plus', description: '', serviceModel: 'saas', deploymentModel: 'public', regions: ['Tokyo', 'Kyushu'], runsOn: [] }, new Date('2027-08-01T00:00:00Z'));
        expect((await database.store.registry.find(id))?.service).toEqual({ nameJa: 'くもメールプラス', nameEn: 'Kumo Mail Plus', serviceModel: 'saas', regions: ['Tokyo', 'Kyushu'] });
        expect(await names({ text: 'plus' })).toEqual(['Kumo Mail Plus']);
        expect(await names({ region: 'Kyushu' })).toEqual(['Kumo Mail Plus']);

        await database.store.certificates.renew(application.id, { auditedPeriod: { start: day('2027-01-01'), end: day('2027-12-31') }, validUntil: day('2029-05-01'), approverId: parties.approver.id });
        expect((await database.store.registry.find(id))?.validUntil).toBe('2029-05-01');
      });

      it('lists a certification suspended while pending renewal as suspended, and as pending renewal again once reinstated', async () => {
        const id = await service('Kumo Mail', 'くもメール');
        const inspected = await advanceCase(database, await certified(id), { type: 'record-inspection', period: { start: day('2027-01-01'), end: day('2027-12-31') } }, { actorRole: 'auditing-body' });
        const renewing = await advanceCase(database, inspected, { type: 'file-renewal', today: day('2028-01-10') }, { actorRole: 'provider' });
        expect((await database.store.registry.find(id))?.status).toBe('renewal-pending');
        const suspended = await suspend(renewing);
        expect((await database.store.registry.find(id))?.status).toBe('suspended');
        // Past the old validity (2028-05-01): the renewal filed in time still keeps it valid.
        await advanceCase(database, suspended, { type: 'reinstate', by: parties.approver.id, today: day('2028-05-10') }, { now: new Date('2028-05-10T00:00:00Z') });
        const entry = await database.store.registry.find(id);
        expect([entry?.status, entry?.changedAt]).toEqual(['renewal-pending', new Date('2028-05-10T00:00:00Z')]);
        expect((await database.store.registry.publicHistory(id)).slice(-3).map((event) => [event.command, event.from, event.to])).toEqual([
          ['file-renewal', 'certified', 'renewal-pending'],
          ['suspend', 'renewal-pending', 'suspended'],
          ['reinstate', 'suspended', 'renewal-pending'],
        ]);
      });

      it('changes the list only when the change commits', async () => {
        const id = await service('Kumo Mail', 'くもメール');
        const application = await certified(id);
        await expect(
          database.store.transaction(async (tx) => {
            await tx.applications.changeCase(application.id, { case: { ...application.case, state: 'suspended', suspension: { cause: 'manual', reason: 'r', from: 'certified' } }, returnReason: null, submittedAt: null, at: new Date('2027-06-01T00:00:00Z') });
            expect((await tx.registry.find(id))?.status).toBe('suspended');
            throw new Error('roll back');
          }),
        ).rejects.toThrow('roll back');
        expect((await database.store.registry.find(id))?.status).toBe('certified');
      });

      it('shows, of a service certified twice, the certificate in force, and keeps both with their history', async () => {
        const id = await service('Kumo Mail', 'くもメール');
        const first = await certified(id);
        await advanceCase(database, first, { type: 'expire', today: day('2028-05-02') }, { actorRole: 'system', now: new Date('2028-05-02T00:00:00Z') });
        expect((await database.store.registry.find(id))?.status).toBe('expired');
        const second = (await seedCase(database, parties, { state: 'certified', serviceId: id, grade: 3, now: new Date('2028-06-01T00:00:00Z'), period: { start: day('2027-06-01'), end: day('2028-05-31') } })).application;
        const entry = await database.store.registry.find(id);
        expect([entry?.applicationId, entry?.status, entry?.grade]).toEqual([second.id, 'certified', 3]);
        expect(await database.store.registry.count({})).toBe(1);

        const certificates = await database.store.registry.certificatesOf(id);
        expect(certificates.map((c) => [c.applicationId, c.status, c.body.nameEn])).toEqual([
          [second.id, 'certified', parties.body.nameEn],
          [first.id, 'expired', parties.body.nameEn],
        ]);
        // A case still under way is not public: its history joins once it is certified.
        const pending = (await seedCase(database, parties, { state: 'submitted', serviceId: id })).application;
        const history = await database.store.registry.publicHistory(id);
        expect(history.some((event) => event.applicationId === pending.id)).toBe(false);
        expect(history.filter((event) => event.applicationId === first.id).map((event) => [event.command, event.from, event.to, event.actorRole])).toEqual([
          ['submit', 'draft', 'submitted', 'provider'],
          ['accept', 'submitted', 'in-assessment', 'programme-office'],
          ['sign-off', 'in-assessment', 'assessed', 'auditing-body'],
          ['begin-review', 'assessed', 'under-review', 'programme-office'],
          ['recommend', 'under-review', 'under-review', 'programme-office'],
          ['certify', 'under-review', 'certified', 'programme-office'],
          ['expire', 'certified', 'expired', 'system'],
        ]);
        expect(history.filter((event) => event.applicationId === second.id).at(-1)?.command).toBe('certify');
      });

      it('names providers and bodies as they are now called', async () => {
        const id = await service('Kumo Mail', 'くもメール');
        await certified(id);
        await sql`UPDATE organisation SET name_en = 'Renamed Provider K.K.', name_ja = '改名株式会社' WHERE id = ${parties.provider.id}`.execute(database.handle.db);
        expect((await database.store.registry.find(id))?.provider).toEqual({ id: parties.provider.id, nameJa: '改名株式会社', nameEn: 'Renamed Provider K.K.' });
        expect(await names({ text: 'renamed' })).toEqual(['Kumo Mail']);
      });
    });

    describe('when the list is counted', () => {
      /**
       * Every filter whose count the tally answers (migration 0021), and the
       * ones the rows answer, with each filter's count set against what the
       * list itself finds: a tally that missed a change would disagree.
       */
      const everyFilter = (bodies: readonly string[], providers: readonly string[]): RegistryFilter[] => {
        const one: RegistryFilter[] = [
          {},
          ...([1, 2, 3] as const).map((grade) => ({ grade })),
          ...(['certified', 'renewal-pending', 'suspended', 'expired', 'revoked'] as const).map((status) => ({ status })),
          ...(['iaas', 'paas', 'saas'] as const).map((serviceModel) => ({ serviceModel })),
          ...['Tokyo', 'Osaka', 'JP-East', 'Kyushu', 'Nowhere'].map((region) => ({ region })),
          ...bodies.map((bodyId) => ({ bodyId })),
          ...providers.map((providerId) => ({ providerId })),
          { text: 'kumo' },
        ];
        // Each filter with each other, which also gives those no service matches.
        return one.flatMap((a, i) => one.slice(i).map((b) => ({ ...a, ...b })));
      };
      const expectCountsAsListed = async (filters: readonly RegistryFilter[]) => {
        const wrong: string[] = [];
        for (const filter of filters) {
          const [counted, listed] = [await database.store.registry.count(filter), (await list(filter, 100)).length];
          if (counted !== listed) wrong.push(`${JSON.stringify(filter)}: counted ${counted}, listed ${listed}`);
        }
        expect(wrong).toEqual([]);
      };

      it('counts what it lists, for every filter, through every change a listed service goes through', async () => {
        const other = await seedParties(database);
        const filters = everyFilter([parties.body.id, other.body.id], [parties.provider.id, other.provider.id]);
        const mail = await certified(await service('Kumo Mail', 'くもメール', { regions: ['Tokyo', 'Osaka'] }), { grade: 2 });
        const compute = await certified(await service('Kumo Compute', 'くもコンピュート', { model: 'iaas', regions: ['Osaka'] }), { grade: 3 });
        const sora = await certified(await service('Sora Accounting', 'そら会計', { model: 'paas', provider: other, regions: ['JP-East'] }), { grade: 1, provider: other });
        await expectCountsAsListed(filters);
        expect(await database.store.registry.count({})).toBe(3);
        expect(await database.store.registry.count({ region: 'Osaka' })).toBe(2);
        expect(await database.store.registry.count({ region: 'Osaka', grade: 3, serviceModel: 'iaas', bodyId: parties.body.id, status: 'certified' })).toBe(1);

        const suspended = await suspend(mail);
        expect(await database.store.registry.count({ status: 'suspended', region: 'Tokyo' })).toBe(1);
        expect(await database.store.registry.count({ status: 'certified', region: 'Tokyo' })).toBe(0);
        await expectCountsAsListed(filters);
        await advanceCase(database, suspended, { type: 'revoke', reason: 'Not remedied' });
        await advanceCase(database, compute, { type: 'file-renewal', today: day('2028-01-10') }, { actorRole: 'provider' });
        await advanceCase(database, sora, { type: 'expire', today: day('2028-05-02') }, { actorRole: 'system' });
        await expectCountsAsListed(filters);
        expect(await database.store.registry.count({ status: 'revoked' })).toBe(1);
        expect(await database.store.registry.count({ status: 'renewal-pending', grade: 3 })).toBe(1);
        expect(await database.store.registry.count({ status: 'expired', bodyId: other.body.id })).toBe(1);

        // Certified again: the service counts once, under the certificate in force.
        await seedCase(database, other, { state: 'certified', serviceId: sora.serviceId, grade: 2, now: new Date('2028-06-01T00:00:00Z'), period: { start: day('2027-06-01'), end: day('2028-05-31') } });
        expect(await database.store.registry.count({})).toBe(3);
        expect(await database.store.registry.count({ grade: 1 })).toBe(0);
        // A service moved to other regions and another model; a region written twice counts once, as the filter finds it.
        await database.store.services.update(mail.serviceId, { nameJa: 'くもメール', nameEn: 'Kumo Mail', description: '', serviceModel: 'paas', deploymentModel: 'public', regions: ['Kyushu', 'Kyushu'], runsOn: [] }, new Date('2027-08-01T00:00:00Z'));
        expect(await database.store.registry.count({ region: 'Kyushu' })).toBe(1);
        expect(await database.store.registry.count({ region: 'Tokyo' })).toBe(0);
        await expectCountsAsListed(filters);
        // Withdrawn: the last case that listed it is no longer listed, and the service leaves the list.
        const gone = await certified(await service('Nagi Chat', 'なぎチャット', { regions: ['Tokyo'] }));
        await advanceCase(database, gone, { type: 'withdraw' }, { actorRole: 'provider' });
        expect(await database.store.registry.count({ region: 'Tokyo' })).toBe(0);
        await expectCountsAsListed(filters);
      });

      it('counts every one of several changes to one group that commit at once', async () => {
        const applications: Application[] = [];
        for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot']) applications.push(await certified(await service(name, name, { regions: ['Osaka'] })));
        // On PostgreSQL these are six transactions at once, each moving the same rows of the tally.
        await Promise.all(applications.map((application) => suspend(application)));
        expect(await database.store.registry.count({ status: 'suspended', region: 'Osaka' })).toBe(6);
        expect(await database.store.registry.count({ status: 'certified' })).toBe(0);
        await expectCountsAsListed(everyFilter([parties.body.id], [parties.provider.id]));
      });

      it('leaves the counts as they were when a change rolls back', async () => {
        const application = await certified(await service('Kumo Mail', 'くもメール', { regions: ['Osaka'] }));
        await expect(
          database.store.transaction(async (tx) => {
            await tx.applications.changeCase(application.id, { case: { ...application.case, state: 'suspended', suspension: { cause: 'manual', reason: 'r', from: 'certified' } }, returnReason: null, submittedAt: null, at: new Date('2027-06-01T00:00:00Z') });
            expect(await tx.registry.count({ status: 'suspended', region: 'Osaka' })).toBe(1);
            throw new Error('roll back');
          }),
        ).rejects.toThrow('roll back');
        expect(await database.store.registry.count({ status: 'suspended' })).toBe(0);
        expect(await database.store.registry.count({ status: 'certified', region: 'Osaka' })).toBe(1);
      });

      it('counts the services listed before the tally existed (migration 0021)', async () => {
        const old = await freshDatabase(kind, { migrate: false });
        try {
          await migrate(old.handle.db, { through: '0018_token_scopes_for_assessments.sql' });
          const oldParties = await seedParties(old);
          const register = async (nameEn: string, serviceModel: ServiceModel, regions: string[]) =>
            (await registerService(old.store, oldParties.provider.id, { nameJa: nameEn, nameEn, serviceModel, deploymentModel: 'public', regions }, operator)).id;
          await seedCase(old, oldParties, { state: 'certified', serviceId: await register('Kumo Mail', 'saas', ['Tokyo', 'Osaka']), grade: 2 });
          await seedCase(old, oldParties, { state: 'certified', serviceId: await register('Kumo Compute', 'iaas', ['Osaka']), grade: 3 });
          await seedCase(old, oldParties, { state: 'under-review', serviceId: await register('Sora Mail', 'saas', ['Osaka']) });
          await migrate(old.handle.db);
          expect(await old.store.registry.count({})).toBe(2);
          expect(await old.store.registry.count({ region: 'Osaka' })).toBe(2);
          expect(await old.store.registry.count({ region: 'Tokyo', grade: 2, serviceModel: 'saas', bodyId: oldParties.body.id, status: 'certified' })).toBe(1);
          expect(await old.store.registry.count({ grade: 3, region: 'Tokyo' })).toBe(0);
        } finally {
          await old.dispose();
        }
      });
    });

    it('offers the providers and regions in use as filters', async () => {
      const other = await seedParties(database);
      await certified(await service('Kumo Mail', 'くもメール', { regions: ['Tokyo', 'Osaka'] }));
      await certified(await service('Sora Mail', 'そらメール', { provider: other, regions: ['JP-East', 'Osaka'] }), { provider: other });
      await service('Unlisted', '未掲載', { regions: ['Hokkaido'] });
      const facets = await database.store.registry.facets();
      expect(facets.regions).toEqual(['JP-East', 'Osaka', 'Tokyo']);
      expect(facets.providers.map((p) => p.id).sort()).toEqual([parties.provider.id, other.provider.id].sort());
      expect(facets.providers.find((p) => p.id === other.provider.id)).toEqual({ id: other.provider.id, nameJa: other.provider.nameJa, nameEn: other.provider.nameEn });
      expect(facets.bodies.map((b) => b.id).sort()).toEqual([parties.body.id, other.body.id].sort());
    });
  });
}
