import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ASSESSMENT_RESULTS_MAX_BYTES,
  exportAssessmentResults,
  exportPoam,
  getAssessment,
  importAssessmentResults,
  type AssessmentResultsImported,
  type AssessmentView,
  type Store,
} from '../../app/index.js';
import { calendarDateAt } from '../../domain/index.js';
import { attachment } from '../attachment.js';
import { AssessmentDetail, AssessmentImport } from '../assessment-schemas.js';
import { requestContext } from '../context.js';
import { IdParams, LangQuery, Problem } from '../schemas.js';

/**
 * Assessments (issue 5, "Assessments"): one assessment with its progress,
 * results, findings and evidence, for those who may read it — the engaged
 * body, the programme office, and the provider once it is signed off.
 */
export const assessmentRoutes: FastifyPluginAsyncTypebox<{ readonly store: Store; readonly timeZone: string }> = async (app, { store, timeZone }) => {
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');
  const oscalDocument = (root: string) => Type.Unsafe<unknown>({ type: 'object', description: `An OSCAL 1.1.3 document with one root property, ${root}` });

  app.get(
    '/assessments/:id',
    {
      config: { access: { action: 'assessment.read' } },
      schema: {
        tags: ['assessments'],
        summary: 'One assessment: its progress, results, findings and evidence',
        description: 'For the engaged auditing body and the programme office; for the provider of the service once it is signed off.',
        params: IdParams,
        querystring: LangQuery,
        response: { 200: AssessmentDetail, 401: problemRef, 403: problemRef, 404: problemRef },
      },
    },
    async (request) => detailOf(await getAssessment(store, requestContext(request), request.params.id)),
  );

  app.get(
    '/assessments/:id/assessment-results',
    {
      config: { access: { action: 'assessment.read' } },
      schema: {
        tags: ['assessments'],
        summary: 'The assessment as OSCAL assessment-results',
        description:
          'The security assessment report as an OSCAL 1.1.3 assessment-results document, valid against its schema, sent as an attachment. Its version is "draft" while the assessment is open and "final" once signed off. For those who may read the assessment.',
        params: IdParams,
        response: { 200: oscalDocument('assessment-results'), 401: problemRef, 403: problemRef, 404: problemRef },
      },
    },
    async (request, reply) => {
      const exported = await exportAssessmentResults(store, requestContext(request), request.params.id, { timeZone });
      return reply.type('application/json').header('content-disposition', attachment(exported.fileName)).send(JSON.stringify(exported.document));
    },
  );

  app.get(
    '/assessments/:id/poam',
    {
      config: { access: { action: 'assessment.read' } },
      schema: {
        tags: ['assessments'],
        summary: 'The remediation items of the assessment as an OSCAL POA&M',
        description:
          'One poam-item per finding, with its risk level, due date, status and the provider\'s response, as an OSCAL 1.1.3 plan-of-action-and-milestones sent as an attachment. 404 while the assessment has no finding (a POA&M has at least one item).',
        params: IdParams,
        response: { 200: oscalDocument('plan-of-action-and-milestones'), 401: problemRef, 403: problemRef, 404: problemRef },
      },
    },
    async (request, reply) => {
      const exported = await exportPoam(store, requestContext(request), request.params.id, { timeZone });
      return reply.type('application/json').header('content-disposition', attachment(exported.fileName)).send(JSON.stringify(exported.document));
    },
  );

  // The document is the body itself, read as bytes and parsed with the same
  // bounds as an uploaded file, up to the same size (larger is 413).
  await app.register(async (plain) => {
    const raw = plain.withTypeProvider<TypeBoxTypeProvider>();
    // JSON only; every other type is answered 415 rather than read.
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: ASSESSMENT_RESULTS_MAX_BYTES }, (_request, body, done) => done(null, body));
    raw.post(
      '/assessments/:id/assessment-results',
      {
        config: { access: { action: 'assessment.record' } },
        bodyLimit: ASSESSMENT_RESULTS_MAX_BYTES,
        schema: {
          tags: ['assessments'],
          summary: 'Import results from OSCAL assessment-results',
          description: `An OSCAL assessment-results document (1.0.x, 1.1.x or 1.2.x) as the JSON body, at most ${ASSESSMENT_RESULTS_MAX_BYTES / 1024 / 1024} MB, into an open assessment whose lead auditor is named, by the engaged body's auditors. It is refused with 422, and nothing is recorded, when it is not valid against its schema, determines a control outside the grade, or holds a result or finding the forms would refuse. Otherwise every result and finding is recorded in one transaction, each finding due by its risk; an evidence file is cited only when the same file was already uploaded to the assessment. The answer lists what was recorded, what could not be mapped (each by its JSON pointer in the document) and the controls of the grade the document does not assess. 409 once the assessment is signed off.`,
          params: IdParams,
          body: Type.Unsafe<Uint8Array>({ type: 'object', description: 'An OSCAL document with one root property, assessment-results' }),
          response: { 200: AssessmentImport, 400: problemRef, 401: problemRef, 403: problemRef, 404: problemRef, 409: problemRef, 413: problemRef, 415: problemRef, 422: problemRef },
        },
      },
      async (request) => {
        const context = requestContext(request);
        const imported = await importAssessmentResults(store, context, request.params.id, { fileName: 'assessment-results.json', bytes: new Uint8Array(request.body) }, {
          timeZone,
          day: calendarDateAt(context.now, timeZone),
        });
        return importOf(imported);
      },
    );
  });
};

function importOf(imported: AssessmentResultsImported) {
  return {
    sha256: imported.sha256,
    oscalVersion: imported.oscalVersion,
    results: imported.results.map(({ controlId, result, methods, narrative, recordedAt }) => ({ controlId, result, methods: [...methods], narrative, recordedAt })),
    findings: imported.findings.map(({ id, controlId, risk, title, recordedOn, dueOn }) => ({ id, controlId, risk, title, recordedOn, dueOn })),
    evidence: imported.evidence.map(({ controlId, sha256, fileName }) => ({ controlId, sha256, fileName })),
    unmapped: imported.unmapped.map(({ pointer, code, params }) => ({ pointer, code, params: { ...params } })),
    notAssessed: [...imported.notAssessed],
  };
}

function detailOf(view: AssessmentView) {
  const { assessment, application, progress } = view;
  return {
    id: assessment.id,
    applicationId: application.id,
    kind: assessment.kind,
    state: assessment.state,
    serviceId: application.serviceId,
    providerId: application.providerId,
    bodyId: assessment.bodyId,
    grade: application.grade,
    standardVersion: application.standardVersion,
    period: assessment.period,
    leadAuditorId: assessment.leadAuditorId,
    progress: { done: progress.done, total: progress.total, byStatus: progress.byStatus },
    signedOffAt: assessment.signedOffAt,
    reportSha256: assessment.reportSha256,
    results: view.results.map(({ controlId, result, methods, narrative, recordedAt }) => ({ controlId, result, methods: [...methods], narrative, recordedAt })),
    findings: view.findings.map(({ id, controlId, risk, title, description, recordedOn, dueOn, status, providerResponse }) => ({
      id,
      controlId,
      risk,
      title,
      description,
      recordedOn,
      dueOn,
      status,
      providerResponse,
    })),
    evidence: view.evidence.map(({ controlId, sha256, fileName, size, mediaType, uploadedAt }) => ({ controlId, sha256, fileName, size, mediaType, uploadedAt })),
  };
}
