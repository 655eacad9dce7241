import { sql, type Kysely } from 'kysely';
import type { CertificateRepository, NewCertificate } from '../app/index.js';
import { calendarDate, registrationNumber, type Certificate } from '../domain/index.js';
import { translated } from './errors.js';
import type { Database } from './schema.js';
import { gradeColumn } from './grade-column.js';

/** Certificates and their registration numbers (migrations/0013_assessments_and_certificates.sql). */
export function certificateRepository(db: Kysely<Database>): CertificateRepository {
  const select = () =>
    db
      .selectFrom('certificate')
      .select(['registration_number', 'application_id', 'service_id', 'provider_id', 'body_id', 'grade', 'standard_version', 'scope', 'approver_id', 'issued_at'])
      .select([
        sql<string>`audited_from::text`.as('audited_from'),
        sql<string>`audited_until::text`.as('audited_until'),
        sql<string>`issued_on::text`.as('issued_on'),
        sql<string>`valid_until::text`.as('valid_until'),
      ]);

  return {
    issue: (certificate: NewCertificate) =>
      translated(async () => {
        const year = Number(certificate.issuedOn.slice(0, 4));
        // One statement, so the year's row is locked from reading the last number to writing the next.
        const { last } = await db
          .insertInto('certificate_number')
          .values({ year, last: 1 })
          .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`certificate_number.last + 1` }))
          .returning('last')
          .executeTakeFirstOrThrow();
        const number = registrationNumber(year, last);
        await db
          .insertInto('certificate')
          .values({
            registration_number: number,
            application_id: certificate.applicationId,
            service_id: certificate.serviceId,
            provider_id: certificate.providerId,
            body_id: certificate.bodyId,
            grade: certificate.grade,
            standard_version: certificate.standardVersion,
            scope: certificate.scope,
            audited_from: certificate.auditedPeriod.start,
            audited_until: certificate.auditedPeriod.end,
            issued_on: certificate.issuedOn,
            valid_until: certificate.validUntil,
            approver_id: certificate.approverId,
            issued_at: certificate.issuedAt,
          })
          .execute();
        return toCertificate(await select().where('registration_number', '=', number).executeTakeFirstOrThrow());
      }),

    findByApplication: async (applicationId) => {
      const row = await select().where('application_id', '=', applicationId).executeTakeFirst();
      return row && toCertificate(row);
    },

    findByNumber: async (number) => {
      const row = await select().where('registration_number', '=', number).executeTakeFirst();
      return row && toCertificate(row);
    },

    renew: (applicationId, renewal) =>
      translated(async () => {
        await db
          .updateTable('certificate')
          .set({
            audited_from: renewal.auditedPeriod.start,
            audited_until: renewal.auditedPeriod.end,
            valid_until: renewal.validUntil,
            approver_id: renewal.approverId,
          })
          .where('application_id', '=', applicationId)
          .executeTakeFirstOrThrow();
        return toCertificate(await select().where('application_id', '=', applicationId).executeTakeFirstOrThrow());
      }),
  };
}

interface CertificateRow {
  registration_number: string;
  application_id: string;
  service_id: string;
  provider_id: string;
  body_id: string;
  grade: number;
  standard_version: string;
  scope: string;
  audited_from: string;
  audited_until: string;
  issued_on: string;
  valid_until: string;
  approver_id: string;
  issued_at: Date;
}

function toCertificate(row: CertificateRow): Certificate {
  return {
    registrationNumber: row.registration_number,
    applicationId: row.application_id,
    serviceId: row.service_id,
    providerId: row.provider_id,
    bodyId: row.body_id,
    grade: gradeColumn(row.grade),
    standardVersion: row.standard_version,
    scope: row.scope,
    auditedPeriod: { start: calendarDate(row.audited_from), end: calendarDate(row.audited_until) },
    issuedOn: calendarDate(row.issued_on),
    validUntil: calendarDate(row.valid_until),
    approverId: row.approver_id,
    issuedAt: row.issued_at,
  };
}

