import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { downloadEvidence, exportAssessmentResults, exportPoam, type OscalExport, type Store } from '../../app/index.js';
import { attachment } from '../../http/index.js';
import { webContext } from '../session.js';

/**
 * An evidence file, for those who may read its assessment: the engaged body,
 * the programme office, and the provider once it is signed off. It is always
 * sent as an attachment, with the type its bytes were found to be when it was
 * uploaded and `nosniff`, so that no browser runs what an upload holds.
 * The assessment's OSCAL exports are downloads of the same kind.
 */
export const evidenceDownloadPage: FastifyPluginAsync<{ store: Store; timeZone: string }> = async (app, { store, timeZone }) => {
  app.get(
    '/assessments/:id/evidence/:sha256',
    { schema: { hide: true }, config: { access: { action: 'assessment.read' } } },
    async (request: FastifyRequest<{ Params: { id: string; sha256: string } }>, reply) => {
      const file = await downloadEvidence(store, webContext(request), request.params.id, request.params.sha256);
      return reply
        .type(file.mediaType)
        .header('content-disposition', attachment(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-length', String(file.size))
        .send(Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength));
    },
  );

  // The assessment as OSCAL, for the same readers: the links of the workspace and of the office's and provider's pages.
  const oscal = (request: FastifyRequest, reply: FastifyReply, exported: OscalExport<unknown>) =>
    reply.type('application/json').header('content-disposition', attachment(exported.fileName)).header('cache-control', 'private, no-store').send(exported.document);
  const reading = { schema: { hide: true }, config: { access: { action: 'assessment.read' as const } } };
  app.get('/assessments/:id/assessment-results.json', reading, async (request: FastifyRequest<{ Params: { id: string } }>, reply) =>
    oscal(request, reply, await exportAssessmentResults(store, webContext(request), request.params.id, { timeZone })),
  );
  app.get('/assessments/:id/poam.json', reading, async (request: FastifyRequest<{ Params: { id: string } }>, reply) =>
    oscal(request, reply, await exportPoam(store, webContext(request), request.params.id, { timeZone })),
  );
};
