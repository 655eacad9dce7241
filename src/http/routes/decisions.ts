import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { getCertificate, getDecision, type Blocker, type CertificateView, type DecisionCase, type DecisionDeps, type Store } from '../../app/index.js';
import { PUBLIC } from '../access.js';
import { requestContext } from '../context.js';
import { Certificate, Decision, RegistrationNumberParams } from '../decision-schemas.js';
import { IdParams, LangQuery, Problem } from '../schemas.js';

/**
 * Certificates and decisions (issue 5, "Decisions"). A certificate is
 * public; the decision on a case (its assessment, what blocks it, its
 * history) is for the provider's own people and the programme office.
 */
export const decisionRoutes: FastifyPluginAsyncTypebox<{ readonly store: Store; readonly decisions: DecisionDeps }> = async (app, { store, decisions }) => {
  app.addSchema(Certificate);
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');

  app.get(
    '/certificates/:registrationNumber',
    {
      config: PUBLIC,
      schema: {
        tags: ['certificates'],
        summary: 'One certificate by its registration number',
        params: RegistrationNumberParams,
        querystring: LangQuery,
        response: { 200: Type.Ref('Certificate'), 404: problemRef },
      },
    },
    async (request) => certificateBody(await getCertificate(store, request.params.registrationNumber)),
  );

  app.get(
    '/applications/:id/decision',
    {
      config: { access: { action: 'application.read' } },
      schema: {
        tags: ['certificates'],
        summary: 'The decision on an application: its assessment, what blocks certification, its history and certificate',
        description: "For the provider's own people and the programme office.",
        params: IdParams,
        querystring: LangQuery,
        response: { 200: Decision, 401: problemRef, 403: problemRef, 404: problemRef },
      },
    },
    async (request) => {
      const view = await getDecision(store, requestContext(request), request.params.id, decisions);
      const certificate = view.certificate && certificateBody({ certificate: view.certificate, service: view.service, provider: view.provider, body: view.body, status: view.application.case.state });
      return decisionBody(view, certificate ?? null);
    },
  );
};

function certificateBody({ certificate, service, provider, body, status }: CertificateView) {
  return {
    registrationNumber: certificate.registrationNumber,
    status,
    service: { id: service.id, nameJa: service.nameJa, nameEn: service.nameEn },
    provider: { id: provider.id, nameJa: provider.nameJa, nameEn: provider.nameEn },
    body: { id: body.id, nameJa: body.nameJa, nameEn: body.nameEn },
    grade: certificate.grade,
    standardVersion: certificate.standardVersion,
    scope: certificate.scope,
    auditedPeriod: certificate.auditedPeriod,
    issuedOn: certificate.issuedOn,
    validUntil: certificate.validUntil,
  };
}

function decisionBody(view: DecisionCase, certificate: ReturnType<typeof certificateBody> | null) {
  const { application, evidence } = view;
  const { assessment } = evidence;
  return {
    applicationId: application.id,
    state: application.case.state,
    grade: application.grade,
    recommendation: application.case.recommendation,
    recommendationReason: view.recommendationReason,
    assessment: assessment
      ? {
          id: assessment.id,
          bodyId: assessment.bodyId,
          leadAuditor: assessment.leadAuditor?.name ?? null,
          auditedPeriod: assessment.period,
          controlsTotal: assessment.controlsTotal,
          controlsAssessed: assessment.controlsAssessed,
          signedOffAt: assessment.signedOffAt,
          reportSha256: assessment.reportSha256,
        }
      : null,
    findings: evidence.findings,
    authorisationOnSignOff: evidence.authorisation ? { day: evidence.authorisation.day, refusal: evidence.authorisation.refusal ?? null } : null,
    supplyChain: evidence.supplyChain,
    blockers: view.blockers.certify.map(blockerBody),
    history: view.history.map((event) => ({ occurredAt: event.occurredAt, command: event.command, from: event.from, to: event.to, actorRole: event.actorRole, reason: event.reason })),
    certificate,
  };
}

function blockerBody(blocker: Blocker) {
  const { refusal, ...details } = blocker;
  return { code: refusal, ...details };
}
