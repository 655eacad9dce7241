import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, type CommandContext } from '../app/index.js';

/**
 * The context of a command made over HTTP: on whose authority (the
 * principal the session or token resolved to), and for the audit trail who,
 * when, from which address, under which request id.
 */
export function requestContext(request: FastifyRequest, label?: string): CommandContext {
  const principal = request.principal;
  return {
    actor: principal
      ? {
          userId: principal.userId,
          organisationId: principal.organisationId,
          role: principal.roles.join(' '),
          label: label ?? `${principal.via === 'token' ? 'api' : 'web'}:${principal.userId}`,
        }
      : { label: label ?? 'web:anonymous' },
    authority: principal ? { type: 'principal', principal } : ANONYMOUS,
    now: new Date(),
    requestId: request.id,
    address: request.ip,
  };
}
