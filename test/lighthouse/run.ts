import { startPainel } from '../support/painel-process.js';
import { runLighthouse } from './lighthouse.js';

// `npm run test:lighthouse`: the budgets of lighthouserc.json, on the median of 3 mobile runs.
const painel = await startPainel();
let failed = true;
try {
  const run = await runLighthouse(painel.url);
  console.table(run.scores);
  if (!run.passed) console.error(run.report);
  failed = !run.passed;
  console.log(failed ? 'lighthouse: 0 passed, 1 failed' : 'lighthouse: 1 passed, 0 failed');
} finally {
  await painel.stop();
}
process.exit(failed ? 1 : 0);
