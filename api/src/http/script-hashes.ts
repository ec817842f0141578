import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { appRoot } from '../app-root.js';
import { holdResponse } from './held-response.js';
import { buildOrigin } from './public-url.js';

/*
 * Pages run no inline script the Content-Security-Policy does not name by its SHA-256 hash, so
 * that markup injected into a page cannot run (no 'unsafe-inline'). Hashes, not nonces: the
 * prebuilt pages are the same bytes for everyone and are cached.
 */

// What a <script> without `src` holds that the browser runs, and so CSP checks: classic scripts,
// modules, import maps and speculation rules. JSON-LD and other data blocks are never run.
const runType =
  /^(?:|module|importmap|speculationrules|(?:text|application)\/(?:x-)?(?:java|ecma)script|text\/(?:jscript|livescript))$/i;
const scriptElement = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const srcAttribute = /\ssrc\s*=/i;
const typeAttribute = /\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;

/** The text of every inline script of `html` that a browser would run. */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const [, attributes = '', text = ''] of html.matchAll(scriptElement)) {
    if (srcAttribute.test(attributes)) continue;
    const type = typeAttribute.exec(attributes);
    if (runType.test((type?.[1] ?? type?.[2] ?? type?.[3] ?? '').trim())) scripts.push(text);
  }
  return scripts;
}

/** The CSP source that allows `script`: its SHA-256 over the text as the browser parsed it. */
export function scriptHash(script: string): string {
  // The HTML parser turns CR LF and lone CRs into LF before the script exists.
  const parsed = script.replace(/\r\n?/g, '\n');
  return `'sha256-${createHash('sha256').update(parsed, 'utf8').digest('base64')}'`;
}

function* htmlFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(file);
    else if (entry.name.endsWith('.html')) yield file;
  }
}

/**
 * The hashes of every inline script in the built pages under `dirs` (the site's and the docs'),
 * sorted and without repeats: read once at boot, the script-src of every prebuilt page, here and
 * in nginx (`painel script-hashes`). A script that holds the build origin would change when the
 * server puts PUBLIC_URL in its place, so it stops the boot with what to fix.
 */
export function builtScriptHashes(dirs: readonly string[]): string[] {
  const hashes = new Set<string>();
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const file of htmlFiles(dir)) {
      for (const script of inlineScripts(fs.readFileSync(file, 'utf8'))) {
        if (script.includes(buildOrigin))
          throw new Error(
            `${file}: an inline script holds ${buildOrigin}, which is replaced when the page is sent, so its hash would not match; read the address from the page (location.origin) instead`,
          );
        hashes.add(scriptHash(script));
      }
    }
  }
  return [...hashes].sort();
}

/** The release's hashes: its site's and docs' built pages, as `painel serve` sends them. */
export function releaseScriptHashes(root = appRoot()): string[] {
  return builtScriptHashes([path.join(root, 'site/dist/client'), path.join(root, 'docs/build')]);
}

/** `policy` (a Content-Security-Policy value) with the `hashes` its script-src lacks added to it. */
export function withScriptHashes(policy: string, hashes: readonly string[]): string {
  const directives = policy.split(';');
  const at = directives.findIndex((d) => /^\s*script-src(?:\s|$)/i.test(d));
  if (at === -1) return policy;
  const sources = (directives[at] ?? '').trim().split(/\s+/);
  const missing = [...new Set(hashes)].filter((h) => !sources.includes(h));
  if (missing.length === 0) return policy;
  directives[at] = [...sources, ...missing].join(' ');
  return directives.join(';');
}

const isHtml = (type: unknown) => typeof type === 'string' && /^\s*text\/html\b/i.test(type);

/**
 * For pages rendered on each request (dashboards, editors, embeds): holds an HTML response until
 * it ends, then adds the hashes of the inline scripts it carries (Astro's island loaders, the
 * page's small scripts) to the script-src of the policy it goes out with, the app's or the page's
 * own (an embed's). The same HTML always gets the same header. Other responses pass untouched.
 */
export function hashInlineScripts(): RequestHandler {
  return function hashInlineScripts(_req, res, next) {
    holdResponse(res, {
      hold: () => isHtml(res.getHeader('content-type')),
      ended(body, send) {
        const policy = res.getHeader('content-security-policy');
        if (typeof policy === 'string') {
          const hashes = inlineScripts(body.toString('utf8')).map(scriptHash);
          res.setHeader('Content-Security-Policy', withScriptHashes(policy, hashes));
        }
        send(body);
      },
    });
    next();
  };
}
