import type { AstroGlobal } from 'astro';
import type { RenderedCard } from './dashboard';
import { problemResponse, speakCallersLanguage } from './fragment';

type PageContext = Pick<AstroGlobal, 'locals' | 'request' | 'url'>;

/** A card of the preview and, for a chart, its result's columns (the editor's field pickers). */
export interface PreviewedCard {
  card: RenderedCard;
  columns: { name: string; numeric: boolean }[] | null;
}

/**
 * `POST /w/<ws>/card-preview`: the editor's live preview as the page draws it. The body is the
 * JSON API's preview request; the answer, the cards as DashboardCard renders them on the
 * dashboard's page (so what an author previews is what a reader sees), or the API's problem.
 */
export async function loadPreview(astro: PageContext): Promise<PreviewedCard[] | Response> {
  const { locals, request, url } = astro;
  const locale = speakCallersLanguage(astro);
  const { t } = locals;
  if (request.method !== 'POST') {
    const title = t('errors.methodNotAllowed.title');
    return problemResponse(405, { title, status: 405 }, locale, { Allow: 'POST' });
  }
  const dashboards = locals.workspace?.dashboards;
  if (!dashboards)
    return problemResponse(404, { title: t('errors.notFound.title'), status: 404 }, locale);
  const answer = await dashboards.preview(request, locale, {
    requestId: locals.painel.requestId,
    path: url.pathname,
    instance: `${url.pathname}${url.search}`,
  });
  if (!answer.ok) return problemResponse(answer.problem.status, answer.problem, locale);
  return answer.dashboard.cards.map((card) => ({
    card,
    columns: card.chart?.table.columns.map((c) => ({ name: c.label, numeric: c.numeric })) ?? null,
  }));
}
