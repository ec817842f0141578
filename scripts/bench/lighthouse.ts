import { measuredServerEnv, runLighthouse } from '../../test/lighthouse/lighthouse.js';
import { atMost, type BenchRow, type Section } from './section.js';

/**
 * The exact Lighthouse scores (mobile, median of 3) and LCP that `npm test` asserts budgets on.
 * The goal is 100 everywhere and LCP ≤ 1 s; the test tolerates less, the bench shows the truth.
 */
export const lighthouseSection: Section = {
  name: 'Lighthouse (mobile, median of 3)',
  async run(context) {
    const server = await context.startServer({ env: measuredServerEnv() });
    try {
      const run = await runLighthouse(server.url);
      const rows: BenchRow[] = run.scores.flatMap((s) => [
        {
          metric: `${s.url}: performance`,
          unit: 'score' as const,
          value: s.performance,
          target: { label: '100', met: s.performance === 100 },
          note: `accessibility ${s.accessibility}, best practices ${s.bestPractices}, SEO ${s.seo}`,
        },
        {
          metric: `${s.url}: LCP`,
          unit: 'ms' as const,
          value: s.lcpMs,
          target: atMost(s.lcpMs, 1000, '≤ 1 s'),
        },
      ]);
      return { rows, details: run.scores };
    } finally {
      await server.stop();
    }
  },
};
