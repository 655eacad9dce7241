import type { AuditedPeriod, CalendarDate, Certificate } from '../domain/index.js';

/** What issuing and renewing certificates need from storage. */

export type NewCertificate = Omit<Certificate, 'registrationNumber'>;

export interface CertificateRepository {
  /**
   * Issues a certificate under the next registration number of the year of
   * `issuedOn`; two issued at once get two numbers. Call it in the
   * transaction that certifies the case.
   */
  issue(certificate: NewCertificate): Promise<Certificate>;
  findByApplication(applicationId: string): Promise<Certificate | undefined>;
  findByNumber(registrationNumber: string): Promise<Certificate | undefined>;
  /** A renewed certificate: the new audited period and validity, the approver of the renewal. */
  renew(applicationId: string, renewal: { readonly auditedPeriod: AuditedPeriod; readonly validUntil: CalendarDate; readonly approverId: string }): Promise<Certificate>;
}
