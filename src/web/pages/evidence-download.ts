import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { downloadEvidence, type Store } from '../../app/index.js';
import { webContext } from '../session.js';

/**
 * An evidence file, for those who may read its assessment: the engaged body,
 * the programme office, and the provider once it is signed off. It is always
 * sent as an attachment, with the type its bytes were found to be when it was
 * uploaded and `nosniff`, so that no browser runs what an upload holds.
 */
export const evidenceDownloadPage: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
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
};

/** RFC 6266 §4.3: an ASCII fallback name for old clients, and the real one in UTF-8 (RFC 8187). */
export function attachment(fileName: string): string {
  // Everything outside printable ASCII, and the quote and backslash, is replaced in the fallback.
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
