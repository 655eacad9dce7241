import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { getAssessment, type AssessmentView, type Store } from '../../app/index.js';
import { AssessmentDetail } from '../assessment-schemas.js';
import { requestContext } from '../context.js';
import { IdParams, LangQuery, Problem } from '../schemas.js';

/**
 * Assessments (issue 5, "Assessments"): one assessment with its progress,
 * results, findings and evidence, for those who may read it — the engaged
 * body, the programme office, and the provider once it is signed off.
 */
export const assessmentRoutes: FastifyPluginAsyncTypebox<{ readonly store: Store }> = async (app, { store }) => {
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');

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
};

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
