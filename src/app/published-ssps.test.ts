import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/databases.js';
import type { DomainError, Organisation, OrganisationInput } from '../domain/index.js';
import { createFileLoader } from '../oscal/index.js';
import { draftApplication, uploadSsp } from './applications.js';
import { systemContext } from './audit.js';
import { registerOrganisation } from './organisations.js';
import { registerService } from './services.js';
import { ensureDefaultStandard } from './standards/default-standard.js';

/**
 * Published system security plans (test/fixtures/ssp/README.md gives where
 * each comes from) upload and get a completeness report against the default
 * standard, whose grades are NIST SP 800-53B's baselines. The numbers were
 * counted from the baselines' profiles in data/standard and from the
 * plans' implemented requirements, not from Shinrai's own reading of them.
 */
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../test/fixtures/ssp/${name}`, import.meta.url)));

describe('published system security plans', () => {
  let database: TestDatabase;
  let provider: Organisation;
  let serviceId: string;
  let bodyId: string;
  const operator = systemContext('test', new Date('2026-05-01T09:00:00Z'));
  const draftFor = async (grade: string) =>
    (await draftApplication(database.store, provider.id, { serviceId, grade, standardVersion: '2026.1', scope: 'All of it.', auditedFrom: '2026-01-01', auditedUntil: '2026-12-31', bodyId }, operator)).id;

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await ensureDefaultStandard({ store: database.store, load: createFileLoader(), now: () => new Date() });
    const organisation = (n: number, kind: OrganisationInput['kind']) =>
      registerOrganisation(database.store, { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `PUBSSP${n}`, country: 'JP' }, operator);
    provider = await organisation(1, 'provider');
    bodyId = (await organisation(2, 'auditing-body')).id;
    serviceId = (await registerService(database.store, provider.id, { nameJa: 'ログ', nameEn: 'Logging', serviceModel: 'iaas', deploymentModel: 'private', regions: ['Tokyo'] }, operator)).id;
  }, 60_000);
  afterAll(async () => {
    await database.dispose();
  });

  describe("NIST's example plan (OSCAL 1.0.0), which answers AU-1 only", () => {
    // LOW has 149 controls, MODERATE 287, HIGH 370 and Grade 3 adds 21 to it; AU-1 is in every one.
    it.each([
      ['1', 149],
      ['2', 287],
      ['3', 391],
    ])('is kept with a report of Grade %s that lists every other control as missing', async (grade, total) => {
      const id = await draftFor(grade);
      const ssp = await uploadSsp(database.store, operator, id, { fileName: 'ssp-example.json', bytes: fixture('nist-ssp-example.json') });
      expect(ssp).toMatchObject({ oscalVersion: '1.0.0', size: 20064, sha256: '9ffe86c41543a38bcf2c1273928cd690edae1bf5c99a8cbdc9dc8b47fc8a23ce' });
      expect(ssp.report.complete).toBe(false);
      expect(ssp.report.controls).toHaveLength(total);
      expect(ssp.report.counts).toEqual({ implemented: 1, 'not-applicable': 0, planned: 0, missing: total - 1, 'no-statement': 0, 'not-applicable-without-reason': 0 });
      // Twelve by-component descriptions across AU-1's statements say how it is implemented.
      expect(ssp.report.controls.find((answer) => answer.controlId === 'au-1')).toEqual({ controlId: 'au-1', status: 'implemented', statements: 12 });
      expect(ssp.report.outsideGrade).toEqual([]);
    });
  });

  describe("FedRAMP's Rev 5 SSP template (OSCAL 1.0.4), which answers twenty controls, nineteen of them only as planned", () => {
    // The template's requirements: AC-1, AC-2, AT-1, AU-1, CA-1, CM-1, CP-1, IA-1, IR-1, MA-1, MP-1, PE-1, PL-1,
    // PS-1, RA-1, SA-1, SC-1, SI-1, SR-1 (implementation-status planned) and SI-8 (implemented). All twenty
    // are in MODERATE; SI-8 is not in LOW.
    it('reports Grade 2: one implemented, nineteen planned, the rest of the 287 missing', async () => {
      const id = await draftFor('2');
      const ssp = await uploadSsp(database.store, operator, id, { fileName: 'FedRAMP-SSP-OSCAL-Template.json', bytes: fixture('fedramp-ssp-template.json') });
      expect(ssp).toMatchObject({ oscalVersion: '1.0.4', size: 229732 });
      expect(ssp.report.counts).toEqual({ implemented: 1, 'not-applicable': 0, planned: 19, missing: 267, 'no-statement': 0, 'not-applicable-without-reason': 0 });
      expect(ssp.report.controls.find((answer) => answer.controlId === 'si-8')).toEqual({ controlId: 'si-8', status: 'implemented', statements: 1 });
      expect(ssp.report.controls.find((answer) => answer.controlId === 'ac-2')).toEqual({ controlId: 'ac-2', status: 'planned' });
      expect(ssp.report.outsideGrade).toEqual([]);
    });

    it('reports Grade 1 with SI-8 outside the grade', async () => {
      const id = await draftFor('1');
      const { report } = await uploadSsp(database.store, operator, id, { fileName: 'FedRAMP-SSP-OSCAL-Template.json', bytes: fixture('fedramp-ssp-template.json') });
      expect([report.controls.length, report.complete, report.counts.planned, report.counts.missing, report.counts.implemented]).toEqual([149, false, 19, 130, 0]);
      expect(report.outsideGrade).toEqual(['si-8']);
    });
  });

  describe('OSCAL versions', () => {
    // The completeness check reads control-implementation/implemented-requirements,
    // their statements and by-components, which have the same shape in OSCAL 1.0,
    // 1.1 and 1.2; each plan is checked against its own version's schema. A plan
    // of another version is refused, saying which versions are read.
    it('refuses a plan of a version outside 1.0.x to 1.2.x, naming the versions it reads', async () => {
      const id = await draftFor('1');
      const plan = JSON.parse(readFileSync(new URL('../../test/fixtures/ssp/nist-ssp-example.json', import.meta.url), 'utf8')) as { 'system-security-plan': { metadata: Record<string, unknown> } };
      plan['system-security-plan'].metadata['oscal-version'] = '0.9.0';
      const error = await uploadSsp(database.store, operator, id, { fileName: 'old.json', bytes: new TextEncoder().encode(JSON.stringify(plan)) }).then(
        () => expect.unreachable('expected a refusal'),
        (caught: unknown) => caught as DomainError,
      );
      expect([error.code, error.issues.map((i) => [i.pointer, i.code])]).toEqual(['validation', [['/ssp', 'oscal.unsupported-oscal-version']]]);
      expect(String(error.issues[0]?.params?.message)).toContain('1.0.x, 1.1.x, 1.2.x');
      expect(await database.store.applications.findSsp(id)).toBeUndefined();
    });
  });
});
