import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PUBLIC } from '../access.js';
import {
  getStandard,
  getStandardControl,
  getStandardDocument,
  getStandardOverview,
  listStandardControls,
  listStandards,
  type StandardVersionSummary,
  type Store,
} from '../../app/index.js';
import type { Grade } from '../../domain/index.js';
import {
  ControlList,
  ControlListQuery,
  GradeParams,
  LangQuery,
  Problem,
  StandardControl,
  StandardControlParams,
  StandardDetail,
  StandardList,
  StandardParams,
  StandardVersion,
} from '../schemas.js';

/**
 * Public: the security standard, its versions and grades, each control as
 * each grade has it, and the OSCAL documents behind them. Old versions stay
 * readable (DOMAIN.md): a certification names the version it was granted under.
 */
export const standardRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.addSchema(StandardVersion);
  app.addSchema(Problem);
  const problemRef = Type.Ref('Problem');
  const tags = ['standards'];

  app.get(
    '/standards',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'List the versions of the standard',
        description: 'Newest first; the current one has current: true.',
        querystring: LangQuery,
        response: { 200: StandardList, 400: problemRef },
      },
    },
    async () => ({ items: (await listStandards(store)).map(toJson) }),
  );

  app.get(
    '/standards/:version',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'One version of the standard',
        description: 'With the control count of every family in each grade. `current` names the current version.',
        params: StandardParams,
        querystring: LangQuery,
        response: { 200: StandardDetail, 400: problemRef, 404: problemRef },
      },
    },
    async (request) => {
      const { standard, families } = await getStandardOverview(store, request.params.version);
      return {
        ...toJson(standard),
        families: families.map((f) => ({ id: f.familyId, title: f.familyTitle, controlCounts: f.counts })),
      };
    },
  );

  app.get(
    '/standards/:version/grades/:grade/controls',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: "List a grade's controls",
        description: 'Controls and enhancements in catalog order, filtered by family and text; page with nextCursor and prevCursor.',
        params: GradeParams,
        querystring: ControlListQuery,
        response: { 200: ControlList, 400: problemRef, 404: problemRef },
      },
    },
    async (request) => {
      const { family, q, limit, cursor } = request.query;
      const page = await listStandardControls(store, request.params.version, request.params.grade as Grade, {
        family: family?.toLowerCase(),
        text: q,
        limit,
        cursor,
        withTotal: true,
      });
      return {
        version: page.standard.version,
        grade: request.params.grade,
        total: page.total ?? 0,
        items: page.items.map((c) => ({ id: c.id, title: c.title, family: { id: c.familyId, title: c.familyTitle } })),
        nextCursor: page.nextCursor,
        prevCursor: page.prevCursor,
      };
    },
  );

  app.get(
    '/standards/:version/controls/:id',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'One control as each grade has it',
        description:
          'The grades that include the control and, per grade, the resolved OSCAL control: its statement, guidance and parameters as that grade sets them.',
        params: StandardControlParams,
        querystring: LangQuery,
        response: { 200: StandardControl, 400: problemRef, 404: problemRef },
      },
    },
    async (request) => {
      const found = await getStandardControl(store, request.params.version, request.params.id);
      // The highest grade's control names it: grades only narrow parameters, never rename.
      const top = found.byGrade.at(-1);
      const control = top?.control as { title?: unknown } | undefined;
      return {
        version: found.standard.version,
        id: found.id,
        title: typeof control?.title === 'string' ? control.title : found.id,
        family: { id: top?.familyId ?? '', title: top?.familyTitle ?? '' },
        grades: [...found.grades],
        byGrade: found.byGrade.map((g) => ({ grade: g.grade, control: g.control as { id: string; title: string } })),
      };
    },
  );

  for (const kind of ['profile', 'resolved'] as const) {
    app.get(
      `/standards/:version/grades/:grade/${kind}.json`,
      {
        config: PUBLIC,
        schema: {
          tags,
          summary: kind === 'profile' ? "A grade's OSCAL profile" : "A grade's resolved OSCAL catalog",
          description:
            kind === 'profile'
              ? 'The profile as imported (the same JSON data; key order and spacing may differ from the file).'
              : 'The catalog that resolving the profile produced (OSCAL Profile Resolution), as stored.',
          params: GradeParams,
          querystring: LangQuery,
          produces: ['application/json'],
          response: {
            200: {
              description: kind === 'profile' ? 'An OSCAL profile document' : 'An OSCAL catalog document',
              content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
            },
            400: problemRef,
            404: problemRef,
          },
        },
      },
      async (request, reply) => {
        const grade = request.params.grade as Grade;
        const standard = await getStandard(store, request.params.version);
        const text = await getStandardDocument(store, standard.version, grade, kind);
        // Stored JSON text is sent as it is: a catalog of megabytes is never parsed to be re-serialised.
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `inline; filename="shinrai-standard-${standard.version}-grade-${grade}-${kind}.json"`)
          .send(text);
      },
    );
  }
};

function toJson(s: StandardVersionSummary) {
  return {
    version: s.version,
    nameJa: s.nameJa,
    nameEn: s.nameEn,
    oscalVersion: s.oscalVersion,
    catalogSha256: s.catalogSha256,
    publishedAt: s.publishedAt.toISOString(),
    current: s.current,
    controlCounts: s.controlCounts,
  };
}
