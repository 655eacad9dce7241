import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, type DatabaseKind, type TestDatabase } from '../../test/support/databases.js';
import { smallStandard } from '../../test/support/standards.js';
import type { NewAssessment, NewFinding, TenantScope } from '../app/index.js';
import { calendarDate, newCase, type Application, type ControlResult, type NewOrganisation, type OrganisationKind } from '../domain/index.js';

/**
 * The store's contract for assessments, their results, evidence and
 * findings, part of the suite run on PGlite and on PostgreSQL
 * (pglite.test.ts, postgres.test.ts).
 */
export function describeAssessmentContract(kind: DatabaseKind): void {
  describe(`assessments in the store on ${kind}`, () => {
    let database: TestDatabase;
    let providerId: string;
    let otherProviderId: string;
    let bodyId: string;
    let otherBodyId: string;
    let auditorId: string;
    let leadId: string;
    let application: Application;
    let otherApplication: Application;
    const at = (iso: string) => new Date(iso);
    const scopeOf = (organisationId: string) => ({ organisationId }) as TenantScope;
    const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const newAssessment = (overrides: Partial<NewAssessment> = {}): NewAssessment => ({
      applicationId: application.id,
      kind: 'initial',
      bodyId,
      period: { start: calendarDate('2026-01-01'), end: calendarDate('2026-12-31') },
      controlsTotal: 2,
      createdAt: at('2026-05-01T00:00:00Z'),
      ...overrides,
    });
    const result = (controlId: string, overrides: Partial<ControlResult> = {}): ControlResult => ({
      controlId,
      result: 'satisfied',
      methods: ['examine', 'test'],
      narrative: `Checked ${controlId}.`,
      recordedBy: auditorId,
      recordedAt: at('2026-05-02T00:00:00Z'),
      ...overrides,
    });
    const finding = (assessmentId: string, overrides: Partial<NewFinding> = {}): NewFinding => ({
      assessmentId,
      applicationId: application.id,
      controlId: 'ac-2',
      risk: 'moderate',
      title: 'Stale accounts',
      description: 'Three accounts of people who left.',
      recordedOn: calendarDate('2026-05-02'),
      dueOn: calendarDate('2026-07-31'),
      recordedBy: auditorId,
      createdAt: at('2026-05-02T00:00:00Z'),
      ...overrides,
    });
    const signOff = (id: string, by = leadId, iso = '2027-01-15T00:00:00Z') => database.store.assessments.signOff(id, { at: at(iso), by, reportSha256: 'd'.repeat(64) });

    beforeEach(async () => {
      database = await freshDatabase(kind);
      const { store } = database;
      const insert = async (n: number, orgKind: OrganisationKind) => (await store.organisations.insert(organisation(n, orgKind))).id;
      providerId = await insert(1, 'provider');
      otherProviderId = await insert(2, 'provider');
      bodyId = await insert(3, 'auditing-body');
      otherBodyId = await insert(4, 'auditing-body');
      auditorId = (await store.users.insert({ organisationId: bodyId, email: 'auditor@body.example.jp', displayName: 'Auditor', roles: ['auditor'] })).id;
      leadId = (await store.users.insert({ organisationId: bodyId, email: 'lead@body.example.jp', displayName: 'Lead', roles: ['lead-auditor'] })).id;
      await store.standards.insert(smallStandard('2026.1'));
      const service = async (owner: string, nameEn: string) =>
        store.services.insert(owner, { nameJa: nameEn, nameEn, description: '', serviceModel: 'saas', deploymentModel: 'public', regions: ['ap-northeast-1'], runsOn: [] }, at('2026-04-01T00:00:00Z'));
      const apply = async (owner: string, serviceId: string) =>
        store.applications.insert(
          owner,
          { serviceId, grade: 2, standardVersion: '2026.1', scope: 'All of it.', auditedPeriod: { start: calendarDate('2026-01-01'), end: calendarDate('2026-12-31') }, bodyId },
          newCase(2),
          at('2026-04-02T00:00:00Z'),
        );
      application = await apply(providerId, (await service(providerId, 'Mail')).id);
      otherApplication = await apply(otherProviderId, (await service(otherProviderId, 'Compute')).id);
    });
    afterEach(async () => {
      await database.dispose();
    });

    it('are stored open, with their period as days, and one application has at most one open', async () => {
      const { assessments } = database.store;
      const stored = await assessments.insert(newAssessment());
      expect(stored).toMatchObject({
        applicationId: application.id,
        kind: 'initial',
        bodyId,
        leadAuditorId: null,
        period: { start: '2026-01-01', end: '2026-12-31' },
        controlsTotal: 2,
        controlsDone: 0,
        state: 'open',
        signedOffAt: null,
        reportSha256: null,
      });
      expect(await assessments.findById(stored.id)).toEqual(stored);
      expect(await assessments.findById('00000000-0000-4000-8000-000000000009')).toBeUndefined();
      const second = await database.store.transaction((tx) => tx.assessments.insert(newAssessment())).catch((e: unknown) => e);
      expect(second).toMatchObject({ code: 'conflict' });
      expect((await assessments.listByApplication(application.id)).map((a) => a.id)).toEqual([stored.id]);
    });

    it('keep one result per control, the latest replacing the earlier, and count them as done', async () => {
      const { assessments } = database.store;
      const stored = await assessments.insert(newAssessment());
      await assessments.putResult(stored.id, result('ac-2'));
      await assessments.putResult(stored.id, result('ac-1', { result: 'not-applicable', methods: ['interview'] }));
      const replaced = await assessments.putResult(stored.id, result('ac-2', { result: 'not-satisfied', narrative: 'Found stale accounts.', recordedAt: at('2026-05-03T00:00:00Z') }));
      expect(replaced).toEqual(result('ac-2', { result: 'not-satisfied', narrative: 'Found stale accounts.', recordedAt: at('2026-05-03T00:00:00Z') }));
      expect((await assessments.listResults(stored.id)).map((r) => [r.controlId, r.result, r.methods])).toEqual([
        ['ac-1', 'not-applicable', ['interview']],
        ['ac-2', 'not-satisfied', ['examine', 'test']],
      ]);
      expect((await assessments.findById(stored.id))?.controlsDone).toBe(2);
    });

    it('keep several results at once, replacing earlier ones, and refuse the whole lot if one is not valid', async () => {
      const { assessments } = database.store;
      const stored = await assessments.insert(newAssessment());
      await assessments.putResult(stored.id, result('ac-2'));
      expect(await assessments.putResults(stored.id, [])).toEqual([]);
      const kept = await assessments.putResults(stored.id, [result('ac-2', { result: 'not-satisfied', narrative: 'Stale accounts.' }), result('ac-1', { methods: ['interview'] })]);
      expect(kept).toEqual([result('ac-1', { methods: ['interview'] }), result('ac-2', { result: 'not-satisfied', narrative: 'Stale accounts.' })]);
      expect(await assessments.listResults(stored.id)).toEqual(kept);
      expect((await assessments.findById(stored.id))?.controlsDone).toBe(2);
      await expect(
        database.store.transaction((tx) => tx.assessments.putResults(stored.id, [result('ac-1', { narrative: 'Changed.' }), result('ac-2', { narrative: '' })])),
      ).rejects.toThrow();
      expect(await assessments.listResults(stored.id)).toEqual(kept);
    });

    it('refuse, in the database, a result without a method, an unknown one, and an empty narrative', async () => {
      const { assessments } = database.store;
      const stored = await assessments.insert(newAssessment());
      await expect(assessments.putResult(stored.id, result('ac-1', { methods: [] }))).rejects.toThrow();
      await expect(assessments.putResult(stored.id, result('ac-1', { methods: ['observe' as 'test'] }))).rejects.toThrow();
      await expect(assessments.putResult(stored.id, result('ac-1', { narrative: '' }))).rejects.toThrow();
      expect(await assessments.listResults(stored.id)).toEqual([]);
    });

    it('keep an evidence file once, however many uploads and controls cite it, and give its bytes back', async () => {
      const { assessments } = database.store;
      const stored = await assessments.insert(newAssessment());
      const content = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');
      const file = { sha256: sha256(content), size: content.byteLength, mediaType: 'application/pdf', content, storedAt: at('2026-05-02T00:00:00Z') };
      const first = await assessments.putEvidenceFile(file);
      const again = await assessments.putEvidenceFile({ ...file, mediaType: 'text/plain; charset=utf-8', storedAt: at('2026-05-03T00:00:00Z') });
      expect(first).toEqual({ file: { sha256: file.sha256, size: file.size, mediaType: 'application/pdf', storedAt: file.storedAt }, reused: false });
      expect(again).toEqual({ file: first.file, reused: true });
      expect(await database.handle.db.selectFrom('evidence_file').select('sha256').execute()).toHaveLength(1);

      const cite = (controlId: string, fileName: string, iso: string) =>
        assessments.citeEvidence({ assessmentId: stored.id, controlId, sha256: file.sha256, fileName, uploadedBy: auditorId, uploadedAt: at(iso) });
      expect(await cite('ac-1', 'policy.pdf', '2026-05-02T00:00:00Z')).toBe(true);
      expect(await cite('ac-1', 'policy-again.pdf', '2026-05-02T01:00:00Z')).toBe(false);
      expect(await cite('ac-2', 'accounts-policy.pdf', '2026-05-03T00:00:00Z')).toBe(true);
      expect((await assessments.listEvidence(stored.id)).map((e) => [e.controlId, e.fileName, e.size, e.mediaType])).toEqual([
        ['ac-1', 'policy.pdf', content.byteLength, 'application/pdf'],
        ['ac-2', 'accounts-policy.pdf', content.byteLength, 'application/pdf'],
      ]);
      const download = await assessments.findEvidence(stored.id, file.sha256);
      expect(download).toMatchObject({ fileName: 'policy.pdf', mediaType: 'application/pdf', size: content.byteLength });
      expect(download && Buffer.from(download.content).equals(Buffer.from(content))).toBe(true);
      expect(download?.content).toBeInstanceOf(Uint8Array);
      // Cited in another assessment only, a file is not this one's to give.
      const other = await assessments.insert(newAssessment({ applicationId: otherApplication.id }));
      expect(await assessments.findEvidence(other.id, file.sha256)).toBeUndefined();
    });

    it('keep findings with their due date and the provider’s answer', async () => {
      const { assessments } = database.store;
      const stored = await assessments.insert(newAssessment());
      const recorded = await assessments.insertFinding(finding(stored.id));
      expect(recorded).toMatchObject({ assessmentId: stored.id, applicationId: application.id, risk: 'moderate', recordedOn: '2026-05-02', dueOn: '2026-07-31', status: 'open', providerResponse: null });
      expect(await assessments.findFinding(recorded.id)).toEqual(recorded);
      const answered = await assessments.setFindingResponse(recorded.id, 'Removed on 3 May.');
      expect(answered).toEqual({ ...recorded, providerResponse: 'Removed on 3 May.' });
      expect(await assessments.listFindings(stored.id)).toEqual([answered]);
      await expect(assessments.insertFinding(finding(stored.id, { dueOn: calendarDate('2026-05-02') }))).rejects.toThrow();
      await expect(assessments.insertFinding(finding(stored.id, { risk: 'severe' as 'low' }))).rejects.toThrow();
    });

    it('list a provider only its own findings, of signed-off assessments, the earliest due first, a page at a time', async () => {
      const { assessments } = database.store;
      const stored = await assessments.insert(newAssessment());
      const dues = ['2026-08-01', '2026-05-20', '2026-06-01'];
      const recorded = [];
      for (const due of dues) recorded.push(await assessments.insertFinding(finding(stored.id, { dueOn: calendarDate(due) })));
      const others = await assessments.insert(newAssessment({ applicationId: otherApplication.id }));
      await assessments.insertFinding(finding(others.id, { applicationId: otherApplication.id }));
      await signOff(others.id);
      // Open, the assessment's findings are not yet the provider's to read.
      expect((await assessments.listProviderFindings(scopeOf(providerId), { limit: 10 })).items).toEqual([]);
      await signOff(stored.id);

      const first = await assessments.listProviderFindings(scopeOf(providerId), { limit: 2 });
      expect(first.items.map((item) => item.finding.dueOn)).toEqual(['2026-05-20', '2026-06-01']);
      expect(first.items[0]).toMatchObject({ serviceId: application.serviceId, grade: 2 });
      expect(first.hasMore).toBe(true);
      const last = first.items.at(-1)!.finding;
      const second = await assessments.listProviderFindings(scopeOf(providerId), { limit: 2, after: { dueOn: last.dueOn, id: last.id } });
      expect([second.items.map((item) => item.finding.dueOn), second.hasMore]).toEqual([['2026-08-01'], false]);
      const back = await assessments.listProviderFindings(scopeOf(providerId), { limit: 2, before: { dueOn: second.items[0]!.finding.dueOn, id: second.items[0]!.finding.id } });
      expect(back.items.map((item) => item.finding.id)).toEqual(first.items.map((item) => item.finding.id));
      expect((await assessments.listProviderFindings(scopeOf(otherProviderId), { limit: 10 })).items.map((item) => item.finding.applicationId)).toEqual([otherApplication.id]);
      expect(recorded).toHaveLength(3);
    });

    it('list a body only its own assessments, newest first, a page at a time', async () => {
      const { assessments } = database.store;
      const older = await assessments.insert(newAssessment());
      const newer = await assessments.insert(newAssessment({ applicationId: otherApplication.id, createdAt: at('2026-05-05T00:00:00Z') }));
      const first = await assessments.listByBody(scopeOf(bodyId), { limit: 1 });
      expect([first.items.map((item) => item.assessment.id), first.hasMore]).toEqual([[newer.id], true]);
      expect(first.items[0]).toMatchObject({ serviceId: otherApplication.serviceId, providerId: otherProviderId, grade: 2 });
      const position = { createdAt: newer.createdAt.toISOString(), id: newer.id };
      const second = await assessments.listByBody(scopeOf(bodyId), { limit: 1, after: position });
      expect([second.items.map((item) => item.assessment.id), second.hasMore]).toEqual([[older.id], false]);
      const back = await assessments.listByBody(scopeOf(bodyId), { limit: 5, before: { createdAt: older.createdAt.toISOString(), id: older.id } });
      expect(back.items.map((item) => item.assessment.id)).toEqual([newer.id]);
      expect((await assessments.listByBody(scopeOf(otherBodyId), { limit: 5 })).items).toEqual([]);
    });

    it('are signed off once, with the digest, and their leads are remembered for the service, the latest first', async () => {
      const { assessments } = database.store;
      const first = await assessments.insert(newAssessment());
      await assessments.setLeadAuditor(first.id, leadId);
      const signed = await signOff(first.id);
      expect(signed).toMatchObject({ state: 'signed-off', leadAuditorId: leadId, signedOffBy: leadId, signedOffAt: at('2027-01-15T00:00:00Z'), reportSha256: 'd'.repeat(64) });
      // Signed off, it stays as it was signed.
      expect(await signOff(first.id, auditorId, '2027-02-01T00:00:00Z')).toEqual(signed);

      const second = await assessments.insert(newAssessment({ kind: 'inspection', createdAt: at('2027-05-01T00:00:00Z') }));
      await assessments.setLeadAuditor(second.id, auditorId);
      await signOff(second.id, auditorId, '2028-01-15T00:00:00Z');
      expect(await assessments.previousLeads(application.serviceId)).toEqual([auditorId, leadId]);
      expect(await assessments.previousLeads(otherApplication.serviceId)).toEqual([]);
      await expect(database.handle.db.updateTable('assessment').set({ report_sha256: 'not a digest' }).where('id', '=', first.id).execute()).rejects.toThrow();
    });

    it('refuse a period longer than twelve months', async () => {
      const tooLong = newAssessment({ period: { start: calendarDate('2026-01-01'), end: calendarDate('2027-01-01') } });
      await expect(database.store.assessments.insert(tooLong)).rejects.toThrow();
    });
  });
}

function organisation(n: number, kind: OrganisationKind): NewOrganisation {
  return { kind, nameJa: `組織${n}`, nameEn: `Organisation ${n}`, registryScheme: 'other', registryId: `ASMT${n}`, country: 'JP' as NewOrganisation['country'], website: null };
}
