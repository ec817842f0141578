import { createT, type Locale } from '@painel/i18n';
import { ChartError } from '../charts/chart-error.js';

/**
 * Test-only: the ChartError a draw throws, with its message as an author reads it on the card
 * in each language (title and detail, translated from the key and params).
 */
export function thrownChartError(draw: () => unknown): ChartError & {
  shown: (locale: Locale) => { title: string; detail: string };
} {
  try {
    draw();
  } catch (error) {
    if (!(error instanceof ChartError)) throw error;
    return Object.assign(error, {
      shown: (locale: Locale) => {
        const t = createT(locale);
        return {
          title: t(`${error.key}.title`, error.params),
          detail: t(`${error.key}.detail`, error.params),
        };
      },
    });
  }
  throw new Error('expected the chart to throw a ChartError');
}
