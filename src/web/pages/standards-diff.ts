import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { diffStandards, listStandards, type StandardVersionSummary, type Store } from '../../app/index.js';
import { translator, type Locale } from '../../i18n/index.js';
import { renderPage } from '../render.js';
import { controlHref, controlLabel, englishLang, listAllControls, nameOf } from './standards-view.js';

type DiffRequest = FastifyRequest<{ Querystring: Record<string, unknown> }>;

/**
 * Public: what changed from one version of the standard to another, grade by
 * grade — controls added, removed, and changed (in both, with different
 * resolved content). With one version there is nothing to compare, and the
 * page says so.
 */
export const standardDiffPage: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  app.get('/standards/diff', { schema: { hide: true }, config: PUBLIC }, async (request: DiffRequest, reply: FastifyReply) => {
    const t = translator(request.locale);
    const versions = await listStandards(store);
    const base = { title: t('standards.diff.title'), english: englishLang(request.locale) };
    if (versions.length < 2) return renderPage(env, request, reply, 'standard-diff.njk', { ...base, onlyOne: true });

    // By default: from the version before the newest to the newest (the list is newest first).
    const given = (name: 'from' | 'to') => (typeof request.query[name] === 'string' ? request.query[name] : undefined);
    const from = given('from') ?? versions[1]?.version ?? '';
    const to = given('to') ?? versions[0]?.version ?? '';

    const fieldErrors: Record<string, string> = {};
    const known = (v: string) => versions.some((x) => x.version === v);
    if (!known(from)) fieldErrors.from = t('standards.diff.error.unknown');
    if (!known(to)) fieldErrors.to = t('standards.diff.error.unknown');
    if (Object.keys(fieldErrors).length === 0 && from === to) fieldErrors.to = t('standards.diff.error.same');
    const errors = Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
    if (errors.length > 0) reply.code(400);

    const form = {
      from: options(versions, from, request.locale),
      to: options(versions, to, request.locale),
    };
    if (errors.length > 0) return renderPage(env, request, reply, 'standard-diff.njk', { ...base, form, fieldErrors, errors });

    const diff = await diffStandards(store, from, to);
    const [titlesFrom, titlesTo] = await Promise.all([titles(store, diff.from.version), titles(store, diff.to.version)]);
    const item = (version: string, names: ReadonlyMap<string, string>) => (id: string) => ({
      label: controlLabel(id),
      title: names.get(id) ?? '',
      href: controlHref(version, id),
    });
    const grades = diff.grades.map((g) => ({
      grade: g.grade,
      added: g.added.map(item(diff.to.version, titlesTo)),
      removed: g.removed.map(item(diff.from.version, titlesFrom)),
      changed: g.changed.map(item(diff.to.version, titlesTo)),
      hasChanges: g.added.length + g.removed.length + g.changed.length > 0,
    }));
    return renderPage(env, request, reply, 'standard-diff.njk', {
      ...base,
      form,
      fieldErrors,
      errors,
      from: { ...diff.from, name: nameOf(diff.from, request.locale), href: `/standards/${encodeURIComponent(diff.from.version)}` },
      to: { ...diff.to, name: nameOf(diff.to, request.locale), href: `/standards/${encodeURIComponent(diff.to.version)}` },
      grades,
      identical: grades.every((g) => !g.hasChanges),
    });
  });
};

function options(versions: readonly StandardVersionSummary[], selected: string, locale: Locale) {
  return versions.map((v) => ({ value: v.version, text: `${v.version} – ${nameOf(v, locale)}`, selected: v.version === selected }));
}

/** Control titles of a version: Grade 3 holds every control of the version (grades nest). */
async function titles(store: Store, version: string): Promise<Map<string, string>> {
  return new Map((await listAllControls(store, version, 3)).map((c) => [c.id, c.title]));
}
