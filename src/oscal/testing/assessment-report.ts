import type { AssessmentReport } from '../assessment-report.js';

/**
 * A signed-off initial assessment of a Grade 2 SaaS, as the assessments
 * store would give it: one control satisfied with evidence, one not
 * satisfied with a moderate finding the provider has answered, one not
 * applicable, and a low finding on the satisfied control, already closed.
 */
export const SIGNED_OFF_REPORT: AssessmentReport = {
  assessmentId: '6f1d2c3b-4a59-4e87-9d10-2b3c4d5e6f70',
  applicationId: '0b9e7c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d',
  kind: 'initial',
  service: { id: '3c2b1a09-8f7e-4d6c-9b5a-493827160504', name: 'Kumo Mail' },
  provider: { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: '株式会社クモ (Kumo KK)' },
  body: { id: '1f2e3d4c-5b6a-4978-8a69-5b4c3d2e1f00', name: 'Tokyo Assurance Audit Corporation' },
  standardVersion: '2026.1',
  grade: 2,
  period: { from: '2025-04-01', until: '2026-03-31' },
  leadAuditor: '監査 花子',
  signedOffAt: new Date('2026-05-29T06:30:00.000Z'),
  results: [
    {
      controlId: 'ac-2',
      result: 'satisfied',
      methods: ['examine', 'interview'],
      narrative: 'Accounts are created from the HR system and reviewed each quarter.\n\nThe last two reviews were examined.',
      recordedAt: new Date('2026-05-20T01:15:00.000Z'),
      evidence: [
        { sha256: 'a3f1c0d2e4b5968778695a4b3c2d1e0f9a8b7c6d5e4f30211203948576a6b7c8', fileName: 'account-review-2026Q1.pdf', mediaType: 'application/pdf', size: 48213 },
        { sha256: '0d1c2b3a49586776a5b4c3d2e1f0a9b8c7d6e5f40312213041526374859607a8', fileName: 'アカウント管理手順.docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 20480 },
      ],
    },
    {
      controlId: 'sc-7.3',
      result: 'not-satisfied',
      methods: ['test'],
      narrative: 'Two management interfaces answer from the internet.',
      recordedAt: new Date('2026-05-21T04:00:00.000Z'),
      evidence: [],
    },
    {
      controlId: 'pe-3',
      result: 'not-applicable',
      methods: ['examine'],
      narrative: 'The service has no premises: it runs on a certified IaaS.',
      recordedAt: new Date('2026-05-21T05:30:00.000Z'),
      evidence: [],
    },
  ],
  findings: [
    {
      id: 'c1b2a394-8576-4e5d-8c3b-2a190f8e7d6c',
      controlId: 'sc-7.3',
      risk: 'moderate',
      title: 'Management interfaces reachable from the internet',
      description: 'The consoles of two hosts accept connections from any address.',
      recordedOn: '2026-05-21',
      dueOn: '2026-08-19',
      status: 'open',
      providerResponse: 'Access will be limited to the operations VPN by the end of June.',
    },
    {
      id: 'd2c3b4a5-9687-4f6e-9d4c-3b2a1f0e9d8c',
      controlId: 'ac-2',
      risk: 'low',
      title: 'One review was a week late',
      description: 'The review of the fourth quarter was finished on 14 January.',
      recordedOn: '2026-05-20',
      dueOn: '2026-11-16',
      status: 'closed',
      providerResponse: null,
    },
  ],
};

/** The same assessment before sign-off: no lead auditor named yet, a finding on a control not yet recorded. */
export const OPEN_REPORT: AssessmentReport = {
  ...SIGNED_OFF_REPORT,
  leadAuditor: null,
  signedOffAt: null,
  results: SIGNED_OFF_REPORT.results.slice(0, 1),
  findings: SIGNED_OFF_REPORT.findings,
};

export const EXPORT_OPTIONS = {
  now: new Date('2026-05-22T00:00:00.000Z'),
  timeZone: 'Asia/Tokyo',
  evidenceHref: (sha256: string) => `/assessments/${SIGNED_OFF_REPORT.assessmentId}/evidence/${sha256}`,
  assessmentPlanHref: `/applications/${SIGNED_OFF_REPORT.applicationId}`,
} as const;
