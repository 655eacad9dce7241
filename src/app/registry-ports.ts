import type { AuditedPeriod, CalendarDate, Certificate, CertificationState, Grade, RegistryFilter, RegistryStatus, ServiceModel } from '../domain/index.js';
import type { CaseEvent } from './application-ports.js';
import type { ListWindow, Slice } from './list-window.js';

/** What the public list (./registry.ts) needs from storage: a read model the store keeps in step with every change. */

/** An organisation as the list names it. */
export interface PartyName {
  readonly id: string;
  readonly nameJa: string;
  readonly nameEn: string;
}

/** One listed service with its certification in force (or the last one it had). */
export interface RegistryEntry {
  readonly serviceId: string;
  readonly applicationId: string;
  readonly registrationNumber: string;
  readonly status: RegistryStatus;
  readonly grade: Grade;
  readonly standardVersion: string;
  readonly scope: string;
  readonly auditedPeriod: AuditedPeriod;
  readonly issuedOn: CalendarDate;
  readonly validUntil: CalendarDate;
  readonly service: {
    readonly nameJa: string;
    readonly nameEn: string;
    readonly serviceModel: ServiceModel;
    readonly regions: readonly string[];
  };
  readonly provider: PartyName;
  readonly body: PartyName;
  /** When the case last changed (its status, a renewal). */
  readonly changedAt: Date;
}

/** Position in the list's order (lower-cased English name of the service, then its id). */
export interface RegistryKeyset {
  readonly nameEn: string;
  readonly id: string;
}

/** A certificate a service holds or held, with its case's state and the body that assessed it. */
export interface ServiceCertificate extends Certificate {
  readonly status: CertificationState;
  readonly body: PartyName;
}

/** The values in use, for the list's filters. */
export interface RegistryFacets {
  /** Providers with a listed service, in name order. */
  readonly providers: readonly PartyName[];
  /** Auditing bodies that assessed a listed service, in name order. */
  readonly bodies: readonly PartyName[];
  /** Regions of listed services, in byte order. */
  readonly regions: readonly string[];
}

export interface RegistryRepository {
  list(filter: RegistryFilter, window: ListWindow<RegistryKeyset>): Promise<Slice<RegistryEntry>>;
  count(filter: RegistryFilter): Promise<number>;
  /** The service's entry, if it is listed. */
  find(serviceId: string): Promise<RegistryEntry | undefined>;
  facets(): Promise<RegistryFacets>;
  /** Every certificate issued for the service, the latest issued first. */
  certificatesOf(serviceId: string): Promise<ServiceCertificate[]>;
  /**
   * The history of each of the service's cases that was ever certified
   * (a case is public once listed), oldest first; a case never certified
   * (still in assessment, rejected) stays out.
   */
  publicHistory(serviceId: string): Promise<CaseEvent[]>;
}
