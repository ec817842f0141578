import { main } from '../api/src/server.js';
import { buildIfStale } from './build.js';

// `npm start`: build what is missing or stale, then serve everything on one port.
buildIfStale({ log: (line) => console.log(`[build] ${line}`) });
await main();
