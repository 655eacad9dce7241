import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { exportAudit, type Store, type StoredAuditRecord } from '../../app/index.js';
import { auditSearchFrom } from '../audit-search.js';
import { CSV_BOM, csvRecord } from '../csv.js';
import { webContext } from '../session.js';

const AUDIT_READ = { access: { action: 'audit.read' } } as const;

/** The CSV's columns: stable names for programs, in the order of the page's table. */
const CSV_COLUMNS = [
  'id', 'occurred_at', 'actor_label', 'actor_user_id', 'actor_organisation_id', 'actor_role',
  'action', 'object_type', 'object_id', 'outcome', 'request_id', 'address', 'digest',
] as const;

/**
 * Every record that matches the page's filters, as a download: CSV for
 * spreadsheets, JSON (the API's record shape) for programs. Both stream, so
 * a long trail never sits in memory, and both are recorded in the trail.
 */
export const auditExportPages: FastifyPluginAsync<{ store: Store; timeZone: string }> = async (app, { store, timeZone }) => {
  const today = dayFormatter(timeZone);

  const download = async (request: FastifyRequest, reply: FastifyReply, format: 'csv' | 'json') => {
    const records = await exportAudit(store, webContext(request), auditSearchFrom(request.query), { timeZone, format });
    const chunks = format === 'csv' ? csvChunks(records) : jsonChunks(records);
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="shinrai-audit-${today(new Date())}.${format}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(chunks));
  };

  app.get('/audit.csv', { schema: { hide: true }, config: AUDIT_READ }, (request, reply) => download(request, reply, 'csv'));
  app.get('/audit.json', { schema: { hide: true }, config: AUDIT_READ }, (request, reply) => download(request, reply, 'json'));
};

async function* csvChunks(records: AsyncIterable<StoredAuditRecord>): AsyncGenerator<string> {
  yield CSV_BOM + csvRecord(CSV_COLUMNS);
  for await (const r of records) {
    yield csvRecord([
      r.id, r.occurredAt.toISOString(), r.actor.label, r.actor.userId ?? '', r.actor.organisationId ?? '', r.actor.role ?? '',
      r.action, r.objectType, r.objectId ?? '', r.outcome, r.requestId ?? '', r.address ?? '', r.digest,
    ]);
  }
}

/** A JSON array written one record at a time. */
async function* jsonChunks(records: AsyncIterable<StoredAuditRecord>): AsyncGenerator<string> {
  let separator = '[\n';
  for await (const record of records) {
    yield separator + JSON.stringify(record);
    separator = ',\n';
  }
  yield separator === '[\n' ? '[]\n' : '\n]\n';
}

/** Today's date in the programme's time zone, YYYY-MM-DD, for the file's name. */
function dayFormatter(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
  return (at) => format.format(at);
}
