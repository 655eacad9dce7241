import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { PUBLIC } from '../../http/index.js';
import { getStandardOverview, listStandardControls, listStandards, MAX_SEARCH_LENGTH, type Store } from '../../app/index.js';
import { GRADES, isDomainError, parseGrade, type Grade } from '../../domain/index.js';
import { translator, type Locale, type Translate } from '../../i18n/index.js';
import { renderPage } from '../render.js';
import { controlHref, controlLabel, englishLang, familyName, GRADE_COLOURS, gradeHref, nameOf } from './standards-view.js';

const PAGE_SIZE = 50;

type VersionRequest = FastifyRequest<{ Params: { version: string } }>;
type GradeRequest = FastifyRequest<{ Params: { version: string; grade: string }; Querystring: Record<string, unknown> }>;

/** Public: the versions of the standard, each version's grades side by side, and each grade's controls. */
export const standardPages: FastifyPluginAsync<{ env: nunjucks.Environment; store: Store }> = async (app, { env, store }) => {
  app.get('/standards', { schema: { hide: true }, config: PUBLIC }, async (request, reply) => {
    const t = translator(request.locale);
    const versions = await listStandards(store);
    return renderPage(env, request, reply, 'standards.njk', {
      title: t('standards.title'),
      versions: versions.map((v) => ({ ...v, name: nameOf(v, request.locale), href: `/standards/${encodeURIComponent(v.version)}` })),
      grades: GRADES,
      gradeColours: GRADE_COLOURS,
    });
  });

  app.get('/standards/:version', { schema: { hide: true }, config: PUBLIC }, async (request: VersionRequest, reply: FastifyReply) => {
    const t = translator(request.locale);
    const [{ standard, families }, versions] = await Promise.all([getStandardOverview(store, request.params.version), listStandards(store)]);
    const others = versions.filter((v) => v.version !== standard.version);
    const current = versions.find((v) => v.current);
    const newerOther = others[0];
    return renderPage(env, request, reply, 'standard.njk', {
      title: nameOf(standard, request.locale),
      standard,
      current: current && current.version !== standard.version ? { href: `/standards/${encodeURIComponent(current.version)}` } : undefined,
      compareHref: newerOther ? diffHref(newerOther.version, standard.version, versions) : undefined,
      grades: GRADES.map((grade) => ({
        grade,
        count: standard.controlCounts[grade],
        purpose: t(`standards.grade.${grade}.for`),
        duties: grade === 3 ? t('standards.grade.3.duties') : undefined,
        href: gradeHref(standard.version, grade),
        profileHref: documentHref(standard.version, grade, 'profile'),
        resolvedHref: documentHref(standard.version, grade, 'resolved'),
      })),
      families: families.map((f) => ({ id: f.familyId, name: familyName(request.locale, f.familyId, f.familyTitle), counts: f.counts })),
      gradeColours: GRADE_COLOURS,
    });
  });

  app.get('/standards/:version/grades/:grade', { schema: { hide: true }, config: PUBLIC }, async (request: GradeRequest, reply: FastifyReply) => {
    const grade = parseGrade(request.params.grade);
    if (grade === undefined) return reply.callNotFound();
    const t = translator(request.locale);
    const { standard, families } = await getStandardOverview(store, request.params.version);
    const query = request.query;
    const q = typeof query.q === 'string' ? query.q.trim() : '';
    const family = typeof query.family === 'string' ? query.family : '';
    const cursor = typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : undefined;
    const inGrade = families.filter((f) => f.counts[grade] > 0);

    const fieldErrors: Record<string, string> = {};
    if (q.length > MAX_SEARCH_LENGTH) fieldErrors.q = t('standards.error.q-too-long', { max: MAX_SEARCH_LENGTH });
    if (family !== '' && !inGrade.some((f) => f.familyId === family)) fieldErrors.family = t('standards.error.family');

    let page;
    if (Object.keys(fieldErrors).length === 0) {
      try {
        page = await listStandardControls(store, standard.version, grade, { text: q || undefined, family: family || undefined, cursor, limit: PAGE_SIZE, withTotal: true });
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'invalid-cursor') throw error;
        fieldErrors.cursor = t('standards.error.cursor');
      }
    }
    const base = gradeHref(standard.version, grade);
    const errors = Object.entries(fieldErrors).map(([field, text]) => ({ text, href: field === 'cursor' ? base : `#${field}` }));
    if (errors.length > 0) reply.code(400);

    const pageHref = (c: string) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), ...(family ? { family } : {}), cursor: c }).toString()}`;
    return renderPage(env, request, reply, 'standard-grade.njk', {
      title: t('standards.grade-page.title', { grade }),
      standard,
      standardName: nameOf(standard, request.locale),
      standardHref: `/standards/${encodeURIComponent(standard.version)}`,
      grade,
      gradeColour: GRADE_COLOURS[grade],
      purpose: t(`standards.grade.${grade}.for`),
      action: base,
      query: { q, family },
      fieldErrors,
      errors,
      familyOptions: familyOptions(t, request.locale, inGrade, family),
      english: englishLang(request.locale),
      page: page && {
        total: page.total ?? 0,
        items: page.items.map((c) => ({
          label: controlLabel(c.id),
          title: c.title,
          href: controlHref(standard.version, c.id),
          family: familyName(request.locale, c.familyId, c.familyTitle),
        })),
      },
      pagination: page && {
        previous: page.prevCursor ? { href: pageHref(page.prevCursor), text: t('pagination.previous') } : undefined,
        next: page.nextCursor ? { href: pageHref(page.nextCursor), text: t('pagination.next') } : undefined,
      },
      profileHref: documentHref(standard.version, grade, 'profile'),
      resolvedHref: documentHref(standard.version, grade, 'resolved'),
    });
  });
};

function familyOptions(t: Translate, locale: Locale, families: readonly { familyId: string; familyTitle: string }[], selected: string) {
  return [
    { value: '', text: t('standards.all-families'), selected: selected === '' },
    ...families.map((f) => ({
      value: f.familyId,
      text: `${f.familyId.toUpperCase()} – ${familyName(locale, f.familyId, f.familyTitle).text}`,
      selected: selected === f.familyId,
    })),
  ];
}

/** The diff page from the older of two versions to the newer (the list is newest first). */
function diffHref(a: string, b: string, versions: readonly { version: string }[]): string {
  const index = (v: string) => versions.findIndex((x) => x.version === v);
  const [from, to] = index(a) > index(b) ? [a, b] : [b, a];
  return `/standards/diff?${new URLSearchParams({ from, to }).toString()}`;
}

function documentHref(version: string, grade: Grade, kind: 'profile' | 'resolved'): string {
  return `/api/v1/standards/${encodeURIComponent(version)}/grades/${grade}/${kind}.json`;
}
