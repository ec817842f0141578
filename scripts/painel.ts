import { runCli } from '@painel/api';
import { sendOnlyJobs, workerJobs } from '@painel/jobs';

// `painel <command>`: the operator's entry point. `npm run build` compiles it to
// api/dist/painel.mjs, which a release runs with production dependencies only and never builds.
const code = await runCli(process.argv.slice(2), { jobs: workerJobs, sendOnlyJobs });
if (code !== null) process.exit(code);
