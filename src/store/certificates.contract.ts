import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedCase, seedParties, type Parties } from '../../test/support/cases.js';
import { freshDatabase, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import { calendarDate, type Certificate } from '../domain/index.js';

/**
 * The store's contract for certificates, part of the suite run on PGlite and
 * on PostgreSQL (pglite.test.ts, postgres.test.ts).
 */
export function describeCertificateContract(kind: DatabaseKind): void {
  describe(`certificates in the store on ${kind}`, () => {
    let database: TestDatabase;
    let parties: Parties;

    beforeEach(async () => {
      database = await freshDatabase(kind);
      parties = await seedParties(database);
    });
    afterEach(() => database.dispose());

    const issueFor = async (applicationId: string, issuedOn: string) => {
      const application = (await database.store.applications.findById(applicationId))!;
      return database.store.certificates.issue({
        applicationId,
        serviceId: application.serviceId,
        providerId: application.providerId,
        bodyId: application.bodyId,
        grade: application.grade,
        standardVersion: application.standardVersion,
        scope: application.scope,
        auditedPeriod: application.auditedPeriod,
        issuedOn: calendarDate(issuedOn),
        validUntil: calendarDate('2028-05-01'),
        approverId: parties.approver.id,
        issuedAt: new Date(`${issuedOn}T03:00:00Z`),
      });
    };

    it('number certificates in sequence within each year of issue, and find them by number and by case', async () => {
      const certified = await seedCase(database, parties, { state: 'certified', now: new Date('2027-02-01T00:00:00Z') });
      expect(certified.certificate?.registrationNumber).toBe('C27-0001');
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => seedCase(database, parties, { state: 'under-review' })));
      expect((await issueFor(a!.application.id, '2027-03-01')).registrationNumber).toBe('C27-0002');
      expect((await issueFor(b!.application.id, '2028-01-05')).registrationNumber).toBe('C28-0001');
      const third = await issueFor(c!.application.id, '2027-12-31');
      expect(third.registrationNumber).toBe('C27-0003');
      expect(await database.store.certificates.findByNumber('C27-0003')).toEqual(third);
      expect(await database.store.certificates.findByApplication(c!.application.id)).toEqual(third);
      expect(await database.store.certificates.findByNumber('C27-0099')).toBeUndefined();
    });

    it('give distinct numbers to certificates issued at the same moment', async () => {
      const cases = await Promise.all([1, 2, 3, 4, 5].map(() => seedCase(database, parties, { state: 'under-review' })));
      const issued = await Promise.all(cases.map((seeded) => database.store.transaction((tx) => issueCertificateIn(tx, seeded.application.id))));
      expect(new Set(issued.map((certificate) => certificate.registrationNumber)).size).toBe(5);
      expect(issued.map((certificate) => certificate.registrationNumber).sort()).toEqual(['C27-0001', 'C27-0002', 'C27-0003', 'C27-0004', 'C27-0005']);

      async function issueCertificateIn(tx: typeof database.store, applicationId: string): Promise<Certificate> {
        const application = (await tx.applications.findById(applicationId))!;
        return tx.certificates.issue({
          applicationId,
          serviceId: application.serviceId,
          providerId: application.providerId,
          bodyId: application.bodyId,
          grade: application.grade,
          standardVersion: application.standardVersion,
          scope: application.scope,
          auditedPeriod: application.auditedPeriod,
          issuedOn: calendarDate('2027-04-01'),
          validUntil: calendarDate('2028-05-01'),
          approverId: parties.approver.id,
          issuedAt: new Date('2027-04-01T00:00:00Z'),
        });
      }
    });

    it('refuse a second certificate for one case, and keep the first', async () => {
      const certified = await seedCase(database, parties, { state: 'certified' });
      await expect(issueFor(certified.application.id, '2027-03-01')).rejects.toThrow();
      expect(await database.store.certificates.findByApplication(certified.application.id)).toEqual(certified.certificate);
    });

    it('renew a certificate under its number with the new period, validity and approver', async () => {
      const certified = await seedCase(database, parties, { state: 'certified' });
      const renewed = await database.store.certificates.renew(certified.application.id, {
        auditedPeriod: { start: calendarDate('2027-01-01'), end: calendarDate('2027-12-31') },
        validUntil: calendarDate('2029-05-01'),
        approverId: parties.approver.id,
      });
      expect(renewed).toEqual({
        ...certified.certificate,
        auditedPeriod: { start: '2027-01-01', end: '2027-12-31' },
        validUntil: '2029-05-01',
      });
    });

    it('come with a case that the domain certified: validity from the audited period, and a history of every step', async () => {
      const certified = await seedCase(database, parties, { state: 'certified', grade: 3 });
      expect(certified.application.case).toMatchObject({ state: 'certified', validUntil: '2028-05-01', inspectionDue: '2027-12-31', approver: parties.approver.id });
      expect(certified.certificate).toMatchObject({ grade: 3, validUntil: '2028-05-01', auditedPeriod: { start: '2026-01-01', end: '2026-12-31' } });
      expect((await database.store.applications.listEvents(certified.application.id)).map((event) => event.to)).toEqual([
        'submitted',
        'in-assessment',
        'assessed',
        'under-review',
        'under-review',
        'certified',
      ]);
    });
  });
}
