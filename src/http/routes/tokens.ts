import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DomainError, TOKEN_SCOPES } from '../../domain/index.js';
import { Problem } from '../schemas.js';

const dateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

const CurrentApiToken = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    scopes: Type.Array(Type.Unsafe<string>({ type: 'string', enum: [...TOKEN_SCOPES] })),
    organisationId: Type.String({ format: 'uuid', description: 'The organisation the token acts in' }),
    createdAt: dateTime,
    expiresAt: dateTime,
    lastUsedAt: Type.Unsafe<Date | string | null>({ type: ['string', 'null'], format: 'date-time', description: 'Noted at most once a minute' }),
  },
  { $id: 'CurrentApiToken', description: 'An API token, without the token itself' },
);

/**
 * For machine clients: what the presented API token is, so a program can
 * check its token works, what it may do and when it expires, before it needs
 * to. Tokens are made, listed and revoked on the account pages only.
 */
export const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');

  app.get(
    '/tokens/current',
    {
      config: { access: { action: 'token.introspect' } },
      schema: {
        tags: ['tokens'],
        summary: 'The API token of this request',
        description: 'Needs an API token with the read scope in `Authorization: Bearer`.',
        security: [{ bearer: [] }],
        response: { 200: CurrentApiToken, 401: problemRef, 403: problemRef, 404: problemRef },
      },
    },
    async (request) => {
      const token = request.apiToken;
      // Reached with a principal but no token only by a caller the API does not admit (a page session).
      if (!token) throw new DomainError('not-found', 'this request presented no API token');
      const { id, name, scopes, organisationId, createdAt, expiresAt, lastUsedAt } = token;
      return { id, name, scopes: [...scopes], organisationId, createdAt, expiresAt, lastUsedAt };
    },
  );
};
