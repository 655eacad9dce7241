import type { FastifyPluginAsync } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { translator } from '../../i18n/index.js';
import { renderPage } from '../render.js';

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Record<string, unknown>;
}
interface OpenApiOperation {
  summary?: string;
  description?: string;
  parameters?: OpenApiParameter[];
  responses?: Record<string, { description?: string }>;
}
interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation>>;
}

/**
 * Public: the API reference, rendered on the server from the same OpenAPI
 * document that /api/openapi.json serves, so it cannot drift from the API and
 * needs no script to read.
 */
export const apiReferencePage: FastifyPluginAsync<{ env: nunjucks.Environment }> = async (app, { env }) => {
  app.get('/api', { schema: { hide: true }, config: PUBLIC }, async (request, reply) => {
    const document = app.swagger() as OpenApiDocument;
    const operations = Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        anchor: `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-$/, ''),
        summary: op.summary ?? '',
        description: op.description ?? '',
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          description: p.description ?? (p.schema?.description as string | undefined) ?? '',
          schema: describeSchema(p.schema),
        })),
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({ status, description: r.description ?? '' })),
      })),
    );
    return renderPage(env, request, reply, 'api.njk', { title: translator(request.locale)('api.title'), operations });
  });
};

/** A one-line summary of a parameter's schema: type, allowed values and bounds. */
function describeSchema(schema: Record<string, unknown> | undefined): string {
  if (!schema) return '';
  const options = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  if (options?.every((o) => 'const' in o)) return options.map((o) => String(o.const)).join(' | ');
  const parts = [String(schema.type ?? '')];
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? ''}..${schema.maximum ?? ''}`);
  if (schema.maxLength !== undefined) parts.push(`≤ ${String(schema.maxLength)}`);
  if (schema.default !== undefined) parts.push(`= ${JSON.stringify(schema.default)}`);
  return parts.join(' ');
}
