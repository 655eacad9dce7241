import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getRegistryService, searchRegistry, type RegistryEntry, type ServiceCertification, type Store } from '../../app/index.js';
import { PUBLIC } from '../access.js';
import { RegistryList, RegistryListQuery, RegistryService, RegistryServiceDetail } from '../registry-schemas.js';
import { createResponseCache, matchesEtag, type CachedResponse } from '../response-cache.js';
import { IdParams, LangQuery, Problem } from '../schemas.js';
import { createVersionedCache } from '../versioned-cache.js';

export interface RegistryRouteOptions {
  readonly store: Store;
  /** The data version (AppDeps.dataVersion); without it nothing is cached. */
  readonly dataVersion?: (() => number) | undefined;
}

/**
 * The public list over the API (issue 5, "The public list"): anyone may read
 * it, procurement systems and other programmes most of all, so it is read far
 * more often than it changes. Each answer is kept, as sent, until the data
 * changes (the database notifies every server: src/store/change-feed.ts), and
 * carries a strong ETag, so a client that has it gets 304 and no body.
 * The list's total is kept the same way, by filters alone: the next pages
 * of a search, or the same one with another limit, do not count it again.
 */
export const registryRoutes: FastifyPluginAsyncTypebox<RegistryRouteOptions> = async (app, { store, dataVersion }) => {
  const cache = createResponseCache(2000);
  const totals = createVersionedCache<number>(2000);
  app.addSchema(RegistryService);
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');
  const notModified = Type.Unsafe<undefined>({ description: 'Not modified: the answer is as the If-None-Match tag says' });
  const tags = ['registry'];

  /** Answers from the cache, or makes the body, keeps it and answers; then 304 if the client has it. */
  const cached = async (request: FastifyRequest, reply: FastifyReply, key: string, make: (version: number | undefined) => Promise<unknown>) => {
    const version = dataVersion?.();
    let entry: CachedResponse | undefined = version === undefined ? undefined : cache.get(key, version);
    if (!entry) {
      const body = await make(version);
      if (version === undefined) return body;
      entry = cache.set(key, version, String(reply.serialize(body)));
    }
    reply.header('etag', entry.etag).header('cache-control', 'no-cache');
    if (matchesEtag(request.headers['if-none-match'], entry.etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(entry.body);
  };

  app.get(
    '/registry/services',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'The public list of certified services',
        description:
          'Every service that is certified, or was and is now suspended, expired or revoked, with its certificate. ' +
          'Filters combine; in order of the services’ English names; page with nextCursor and prevCursor.',
        querystring: RegistryListQuery,
        response: { 200: RegistryList, 304: notModified, 400: problemRef },
      },
    },
    async (request, reply) => {
      const { limit, cursor, grade, status, provider, auditingBody, serviceModel, region, q } = request.query;
      const filters = JSON.stringify([grade ?? '', status ?? '', provider?.toLowerCase() ?? '', auditingBody?.toLowerCase() ?? '', serviceModel ?? '', region ?? '', q ?? '']);
      return cached(request, reply, JSON.stringify(['list', limit, cursor ?? '', filters]), async (version) => {
        const knownTotal = version === undefined ? undefined : totals.get(filters, version);
        const page = await searchRegistry(store, { limit, cursor, grade, status, provider, auditingBody, serviceModel, region, q, withTotal: true, knownTotal });
        const total = page.total ?? 0;
        if (version !== undefined && knownTotal === undefined) totals.set(filters, version, total);
        return { items: page.items.map(registryJson), total, nextCursor: page.nextCursor, prevCursor: page.prevCursor };
      });
    },
  );

  app.get(
    '/registry/services/:id',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'One service on the public list',
        description: 'With every certificate it holds or held, the full public history of each certification, and whether it is under review because a service it runs on lapsed.',
        params: IdParams,
        querystring: LangQuery,
        response: { 200: RegistryServiceDetail, 304: notModified, 404: problemRef },
      },
    },
    async (request, reply) =>
      cached(request, reply, JSON.stringify(['service', request.params.id.toLowerCase()]), async () => detailJson(await getRegistryService(store, request.params.id))),
  );
};

/** An entry as the API (and the page's JSON download) names it: the auditing body in full, the case's id left out. */
export function registryJson(entry: RegistryEntry) {
  const { body, applicationId: _case, ...rest } = entry;
  return { ...rest, auditingBody: body };
}

function detailJson(found: ServiceCertification & { readonly entry: RegistryEntry }) {
  return {
    ...registryJson(found.entry),
    certificates: found.certificates.map((c) => ({
      registrationNumber: c.registrationNumber,
      status: c.status,
      grade: c.grade,
      standardVersion: c.standardVersion,
      scope: c.scope,
      auditedPeriod: c.auditedPeriod,
      issuedOn: c.issuedOn,
      validUntil: c.validUntil,
      auditingBody: c.body,
    })),
    history: found.history.map((e) => ({
      occurredAt: e.occurredAt,
      registrationNumber: e.registrationNumber,
      event: e.command,
      from: e.from,
      to: e.to,
      actorRole: e.actorRole,
      reason: e.reason,
    })),
    reviewFlags: found.reviewFlags,
  };
}
