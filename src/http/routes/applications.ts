import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  acceptApplication,
  draftApplication,
  editApplication,
  getApplication,
  listApplicationsToCheck,
  listProviderApplications,
  returnApplication,
  SSP_MAX_BYTES,
  submitApplication,
  uploadSsp,
  type ApplicationListItem,
  type ApplicationView,
  type StoredSsp,
  type Store,
} from '../../app/index.js';
import { calendarDateAt, type Application, type ApplicationInput, type Page } from '../../domain/index.js';
import {
  Application as ApplicationSchema,
  ApplicationBody,
  ApplicationDetail,
  ApplicationList,
  ApplicationPatch,
  ApplicationQueueQuery,
  ProviderApplicationListQuery,
  ReturnBody,
  SspSummary,
} from '../application-schemas.js';
import { requestContext } from '../context.js';
import { IdParams, LangQuery, Problem } from '../schemas.js';

export interface ApplicationRouteOptions {
  readonly store: Store;
  /** The programme's time zone: whether a body may be engaged depends on the day there. */
  readonly timeZone: string;
}

/**
 * Applications for certification (issue 5, "Applications"): a provider's
 * keepers draft, change, give the plan to and submit their own; the office's
 * officers work through the queue, returning or accepting. The routes name
 * their action; each use case asks the policy again about the provider the
 * application belongs to, so another provider is answered 403, as the pages
 * answer, and the refusal is on the audit trail.
 */
export const applicationRoutes: FastifyPluginAsyncTypebox<ApplicationRouteOptions> = async (app, { store, timeZone }) => {
  app.addSchema(ApplicationSchema);
  app.addSchema(SspSummary);
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');
  const tags = ['applications'];
  const refused = { 401: problemRef, 403: problemRef, 404: problemRef };
  const reading = { access: { action: 'application.read' as const } };
  const drafting = { access: { action: 'application.draft' as const } };
  const checking = { access: { action: 'application.check' as const } };
  const detail = async (context: ReturnType<typeof requestContext>, id: string) => detailOf(await getApplication(store, context, id));

  app.get(
    '/providers/:id/applications',
    {
      config: reading,
      schema: {
        tags,
        summary: "List a provider's applications",
        description: "For the provider's own people and the programme office. Newest first; page with nextCursor and prevCursor.",
        params: IdParams,
        querystring: ProviderApplicationListQuery,
        response: { 200: ApplicationList, 400: problemRef, ...refused },
      },
    },
    async (request) => listOf(await listProviderApplications(store, requestContext(request), request.params.id, request.query)),
  );

  app.post(
    '/providers/:id/applications',
    {
      config: drafting,
      schema: {
        tags,
        summary: 'Draft an application',
        description: "By the provider's compliance people or admins. Every problem is answered at once, as 422. Upload the plan next.",
        params: IdParams,
        body: ApplicationBody,
        response: { 201: ApplicationDetail, 400: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request, reply) => {
      const context = requestContext(request);
      const drafted = await draftApplication(store, request.params.id, inputOf(request.body), context);
      reply.header('location', `/api/v1/applications/${drafted.id}`);
      return reply.code(201).send(await detail(context, drafted.id));
    },
  );

  app.get(
    '/applications',
    {
      config: checking,
      schema: {
        tags,
        summary: "The office's queue of completeness checks",
        description: "For the office's officers: submitted applications, the longest waiting first; page with nextCursor and prevCursor.",
        querystring: ApplicationQueueQuery,
        response: { 200: ApplicationList, 400: problemRef, 401: problemRef, 403: problemRef },
      },
    },
    async (request) => listOf(await listApplicationsToCheck(store, requestContext(request), request.query)),
  );

  app.get(
    '/applications/:id',
    {
      config: reading,
      schema: {
        tags,
        summary: 'One application, with its plan’s completeness',
        params: IdParams,
        querystring: LangQuery,
        response: { 200: ApplicationDetail, ...refused },
      },
    },
    async (request) => detail(requestContext(request), request.params.id),
  );

  app.patch(
    '/applications/:id',
    {
      config: drafting,
      schema: {
        tags,
        summary: 'Change a draft or returned application',
        description:
          'The fields given replace the application’s; the others stay. Checked as in drafting (422). A new grade or version checks the uploaded plan again. Once submitted, refused with 409 until the office returns it.',
        params: IdParams,
        body: ApplicationPatch,
        response: { 200: ApplicationDetail, 400: problemRef, 409: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request) => {
      const context = requestContext(request);
      const { grade, ...rest } = request.body;
      await editApplication(store, context, request.params.id, { ...rest, ...(grade === undefined ? {} : { grade: String(grade) }) });
      return detail(context, request.params.id);
    },
  );

  // The plan is the body itself, read as bytes: its digest is of what was
  // sent, and it is parsed with the same bounds as an uploaded file, up to
  // the same size (larger is 413).
  await app.register(async (plain) => {
    const raw = plain.withTypeProvider<TypeBoxTypeProvider>();
    // JSON only; every other type is answered 415 rather than read.
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: SSP_MAX_BYTES }, (_request, body, done) => done(null, body));
    raw.put(
      '/applications/:id/ssp',
      {
        config: drafting,
        bodyLimit: SSP_MAX_BYTES,
        schema: {
          tags,
          summary: 'Upload the system security plan',
          description: `An OSCAL system-security-plan (1.0.x, 1.1.x or 1.2.x) as the JSON body, at most ${SSP_MAX_BYTES / 1024 / 1024} MB. It is checked against its schema (422 if it is not a valid SSP, and nothing is kept) and against the grade; an incomplete plan is kept with its report. It replaces any plan uploaded before; refused with 409 once the application is submitted.`,
          params: IdParams,
          body: Type.Unsafe<Uint8Array>({ type: 'object', description: 'An OSCAL document with one root property, system-security-plan' }),
          response: { 200: Type.Ref('SspSummary'), 400: problemRef, 409: problemRef, 413: problemRef, 415: problemRef, 422: problemRef, ...refused },
        },
      },
      async (request) => summaryOf(await uploadSsp(store, requestContext(request), request.params.id, { fileName: 'ssp.json', bytes: new Uint8Array(request.body) })),
    );
  });

  app.post(
    '/applications/:id/submit',
    {
      config: drafting,
      schema: {
        tags,
        summary: 'Submit an application to the office',
        description: 'Refused with 409 while the plan is missing or incomplete, or once submitted.',
        params: IdParams,
        response: { 200: ApplicationDetail, 409: problemRef, ...refused },
      },
    },
    async (request) => {
      const context = requestContext(request);
      await submitApplication(store, context, request.params.id);
      return detail(context, request.params.id);
    },
  );

  app.post(
    '/applications/:id/return',
    {
      config: checking,
      schema: {
        tags,
        summary: 'Return a submitted application to its provider',
        description: "An officer, with a reason the provider sees (422 without one); 409 if it is not submitted.",
        params: IdParams,
        body: ReturnBody,
        response: { 200: ApplicationDetail, 400: problemRef, 409: problemRef, 422: problemRef, ...refused },
      },
    },
    async (request) => {
      const context = requestContext(request);
      await returnApplication(store, context, request.params.id, request.body.reason);
      return detail(context, request.params.id);
    },
  );

  app.post(
    '/applications/:id/accept',
    {
      config: checking,
      schema: {
        tags,
        summary: 'Accept a submitted application into assessment',
        description: 'An officer; refused with 409 unless the engaged body holds an authorisation covering the grade today and declared no conflict with the provider, or if it is not submitted.',
        params: IdParams,
        response: { 200: ApplicationDetail, 409: problemRef, ...refused },
      },
    },
    async (request) => {
      const context = requestContext(request);
      await acceptApplication(store, context, request.params.id, calendarDateAt(context.now, timeZone));
      return detail(context, request.params.id);
    },
  );
};

function inputOf(body: { serviceId: string; grade: number; standardVersion: string; scope: string; auditedFrom: string; auditedUntil: string; bodyId: string }): ApplicationInput {
  return { ...body, grade: String(body.grade) };
}

function applicationOf(application: Application) {
  const { case: current, auditedPeriod, ...rest } = application;
  return { ...rest, auditedFrom: auditedPeriod.start, auditedUntil: auditedPeriod.end, state: current.state };
}

function itemOf({ application, service }: ApplicationListItem) {
  return { application: applicationOf(application), service: { id: service.id, nameJa: service.nameJa, nameEn: service.nameEn } };
}

function listOf(page: Page<ApplicationListItem>) {
  return { items: page.items.map(itemOf), nextCursor: page.nextCursor, prevCursor: page.prevCursor };
}

function summaryOf(ssp: StoredSsp) {
  const { report } = ssp;
  return {
    sha256: ssp.sha256,
    size: ssp.size,
    oscalVersion: ssp.oscalVersion,
    uploadedAt: ssp.uploadedAt,
    complete: report.complete,
    controlsTotal: report.controls.length,
    counts: report.counts,
    needingAnswer: report.controls.filter((answer) => answer.status !== 'implemented' && answer.status !== 'not-applicable').map(({ controlId, status }) => ({ controlId, status })),
    outsideGrade: report.outsideGrade,
  };
}

function detailOf(view: ApplicationView) {
  return { ...itemOf(view), ssp: view.ssp ? summaryOf(view.ssp) : null };
}
