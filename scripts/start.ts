import { main } from '@painel/api';
import { inProcessJobs } from '@painel/jobs';
import { buildIfStale } from './build.js';

// `npm start`: build what is missing or stale, then serve everything on one port, with the
// jobs in the same process (the embedded setup).
buildIfStale({ log: (line) => console.log(`[build] ${line}`) });
await main({ background: inProcessJobs });
