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

const AUTHORISATIONS: readonly { body: string; number: string; validFrom: string; validUntil: string; highestGrade: number; suspend?: string }[] = [
  { body: '4010001234567', number: 'AB-2026-001', validFrom: '2026-04-01', validUntil: '2029-03-31', highestGrade: 3 },
  { body: '9010401100001', number: 'AB-2026-002', validFrom: '2026-04-01', validUntil: '2029-03-31', highestGrade: 2 },
  { body: 'OC412345', number: 'AB-2026-003', validFrom: '2026-04-01', validUntil: '2028-03-31', highestGrade: 2, suspend: 'Quality review of audit working papers under way' },
];

export async function seedDemoServicesAndBodies(store: Store, now: Date): Promise<{ services: number; authorisations: number }> {
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
  for (const entry of AUTHORISATIONS) {
    const body = await byRegistryId(entry.body);
    if (!body || (await store.auditingBodies.listAuthorisations([body.id])).length > 0) continue;
    // Granted, in the demo's story, on the day it took effect: the demo's cases (./cases.ts) were signed off under it since.
    const granted = systemContext('demo', earlier(new Date(`${entry.validFrom}T00:00:00Z`), now));
    const stored = await authoriseBody(store, { bodyId: body.id, number: entry.number, validFrom: entry.validFrom, validUntil: entry.validUntil, highestGrade: entry.highestGrade }, granted);
    if (entry.suspend) await changeAuthorisationStatus(store, { authorisationId: stored.id, change: 'suspend', reason: entry.suspend }, context);
    authorisations += 1;
  }
  return { services, authorisations };
}

function earlier(a: Date, b: Date): Date {
  return a < b ? a : b;
}
