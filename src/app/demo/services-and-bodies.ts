import { addDays, addMonths, calendarDate, calendarDateAt, type CalendarDate } from '../../domain/index.js';
import { authoriseBody, changeAuthorisationStatus } from '../auditing-bodies.js';
import { systemContext } from '../audit.js';
import type { Store } from '../ports.js';
import { listProviderServices, registerService } from '../services.js';

/**
 * The demo's cloud services and the auditing bodies' authorisations, so that
 * a newcomer finds services (one running on another) and bodies of each
 * standing. Added once: a provider that already has services, or a body that
 * already has an authorisation, is left as it is.
 */
const SERVICES: readonly { provider: string; nameJa: string; nameEn: string; model: string; deployment: string; regions: string[]; runsOn?: string }[] = [
  { provider: '8011001200002', nameJa: 'さくら IaaS 基盤', nameEn: 'Sakura IaaS Platform', model: 'iaas', deployment: 'public', regions: ['JP-East', 'JP-West'] },
  { provider: '9010401400004', nameJa: 'ひかり 行政クラウド', nameEn: 'Hikari Government Cloud', model: 'paas', deployment: 'government-only', regions: ['JP-East'], runsOn: 'Sakura IaaS Platform' },
  { provider: '7011101500005', nameJa: 'ミライ勤怠', nameEn: 'Mirai Timesheets', model: 'saas', deployment: 'public', regions: ['JP-East'], runsOn: 'Sakura IaaS Platform' },
  { provider: '4180001700007', nameJa: 'しずく会計クラウド', nameEn: 'Shizuku Accounting Cloud', model: 'saas', deployment: 'public', regions: ['JP-West'] },
];

/** Each body's authorisation: its serial, how many years it runs, its highest grade, and a suspension's reason for the one suspended. */
const AUTHORISATIONS: readonly { body: string; serial: string; years: number; highestGrade: number; suspend?: string }[] = [
  { body: '4010001234567', serial: '001', years: 3, highestGrade: 3 },
  { body: '9010401100001', serial: '002', years: 3, highestGrade: 2 },
  { body: 'OC412345', serial: '003', years: 2, highestGrade: 2, suspend: 'Quality review of audit working papers under way' },
];

/**
 * When the demo's authorisations took effect: the 1 April (the start of
 * Japan's fiscal year) at least 200 days before the demo starts, so that
 * every step of the demo's cases (./cases.ts) lies within them, whenever the
 * demo is first started.
 */
export function demoAuthorisationStart(now: Date, timeZone: string): CalendarDate {
  const latest = addDays(calendarDateAt(now, timeZone), -200);
  const year = Number(latest.slice(0, 4));
  const april = calendarDate(`${year}-04-01`);
  return april <= latest ? april : calendarDate(`${year - 1}-04-01`);
}

export async function seedDemoServicesAndBodies(store: Store, now: Date, timeZone: string): Promise<{ services: number; authorisations: number }> {
  const context = systemContext('demo', now);
  const byRegistryId = async (registryId: string) => (await store.organisations.list({ text: registryId }, { limit: 1 })).items[0];
  const created = new Map<string, string>();
  let services = 0;
  for (const service of SERVICES) {
    const provider = await byRegistryId(service.provider);
    if (!provider) continue;
    const existing = await listProviderServices(store, context, provider.id, { limit: 1 });
    if (existing.items.length > 0) continue;
    const runsOn = service.runsOn ? created.get(service.runsOn) : undefined;
    const stored = await registerService(
      store,
      provider.id,
      { nameJa: service.nameJa, nameEn: service.nameEn, serviceModel: service.model, deploymentModel: service.deployment, regions: service.regions, runsOn: runsOn ? [runsOn] : [] },
      context,
    );
    created.set(service.nameEn, stored.id);
    services += 1;
  }
  let authorisations = 0;
  const validFrom = demoAuthorisationStart(now, timeZone);
  for (const entry of AUTHORISATIONS) {
    const body = await byRegistryId(entry.body);
    if (!body || (await store.auditingBodies.listAuthorisations([body.id])).length > 0) continue;
    // Granted, in the demo's story, on the day it took effect: the demo's cases (./cases.ts) were signed off under it since.
    const granted = systemContext('demo', earlier(new Date(`${validFrom}T00:00:00Z`), now));
    const validUntil = addDays(addMonths(validFrom, 12 * entry.years), -1);
    const number = `AB-${validFrom.slice(0, 4)}-${entry.serial}`;
    const stored = await authoriseBody(store, { bodyId: body.id, number, validFrom, validUntil, highestGrade: entry.highestGrade }, granted);
    if (entry.suspend) await changeAuthorisationStatus(store, { authorisationId: stored.id, change: 'suspend', reason: entry.suspend }, context);
    authorisations += 1;
  }
  return { services, authorisations };
}

function earlier(a: Date, b: Date): Date {
  return a < b ? a : b;
}
