import { z } from 'zod';

// Pages forbid eval (their Content-Security-Policy). Unless told not to, zod tries `new Function`
// as it builds each object schema, to find that out, and every try is reported as a CSP
// violation. Its JIT only speeds parsing up, so browsers go without it; the server, which also
// renders pages from the browser entry, keeps it. Imported first, before any schema is built.
if ('document' in globalThis) z.config({ jitless: true });
