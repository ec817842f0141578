import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express from 'express';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/databases.js';
import { buildOrigin } from './public-url.js';
import {
  builtScriptHashes,
  hashInlineScripts,
  inlineScripts,
  scriptHash,
  withScriptHashes,
} from './script-hashes.js';

// Hashes worked out apart from this code: printf 'alert(1)' | openssl sha256 -binary | base64
const alertHash = "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='";
const logHash = "'sha256-4QeTKmCsTJucSmAlEEuByGUh5NHsXIowSXf1UkIieSc='";
const policy = "default-src 'self';script-src 'self';script-src-attr 'none'";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('inlineScripts', () => {
  it('finds the scripts a browser runs, and skips external ones and data blocks', () => {
    const html = `<head><script>alert(1)</script><script type="module" src="/a.js"></script>
      <script type="application/ld+json">{"a":1}</script><SCRIPT type='module'>import 'x'</SCRIPT>
      <script type=text/javascript>b()</script><script type="importmap">{}</script></head>`;
    expect(inlineScripts(html)).toEqual(['alert(1)', "import 'x'", 'b()', '{}']);
  });
});

describe('scriptHash', () => {
  it('is the SHA-256 of the text as the browser parsed it, line ends made LF', () => {
    expect(scriptHash('alert(1)')).toBe(alertHash);
    expect(scriptHash('console.log("a")\r\n')).toBe(logHash);
  });
});

describe('withScriptHashes', () => {
  it('adds the hashes script-src lacks, once, and leaves a policy without script-src alone', () => {
    const once = withScriptHashes(policy, [alertHash, alertHash]);
    expect(once).toBe(`default-src 'self';script-src 'self' ${alertHash};script-src-attr 'none'`);
    expect(withScriptHashes(once, [alertHash, logHash])).toBe(
      `default-src 'self';script-src 'self' ${alertHash} ${logHash};script-src-attr 'none'`,
    );
    expect(withScriptHashes("default-src 'self'", [alertHash])).toBe("default-src 'self'");
  });
});

describe('builtScriptHashes', () => {
  it('hashes every page under the folders, sorted, and refuses a script holding the build origin', () => {
    const dir = tempDir();
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'docs/intro'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'docs/intro/index.html'), '<script>alert(1)</script>');
    fs.writeFileSync(path.join(dir, 'index.html'), '<script>console.log("a")\n</script>');
    fs.writeFileSync(path.join(dir, 'app.js'), '<script>ignored()</script>');
    expect(builtScriptHashes([dir, path.join(dir, 'missing')])).toEqual(
      [alertHash, logHash].sort(),
    );
    fs.writeFileSync(path.join(dir, 'bad.html'), `<script>fetch("${buildOrigin}/x")</script>`);
    expect(() => builtScriptHashes([dir])).toThrow(/bad\.html: an inline script holds/);
  });
});

describe('hashInlineScripts', () => {
  const app = express();
  app.use(compression());
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    next();
  });
  app.use(hashInlineScripts());
  // As Astro's Node adapter answers: writeHead with its headers, then the body in chunks.
  app.get('/streamed', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.write('<p>a</p><script>alert(1)</scr');
    res.write(Buffer.from('ipt><p>b</p>'));
    res.end('<script>console.log("a")\n</script>');
  });
  // An embed sets its own policy in the headers it writes.
  app.get('/own-policy', (_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/html',
      'Content-Security-Policy': "script-src 'self'",
    });
    res.end('<script>alert(1)</script>');
  });
  app.get('/sent', (_req, res) => {
    res.type('html').send('<script>alert(1)</script>');
  });
  app.get('/json', (_req, res) => {
    res.json({ html: '<script>alert(1)</script>' });
  });

  it('adds the hashes of the inline scripts of an HTML page, whichever way it is written', async () => {
    const streamed = await request(app).get('/streamed').expect(200);
    expect(streamed.text).toBe(
      '<p>a</p><script>alert(1)</script><p>b</p><script>console.log("a")\n</script>',
    );
    expect(streamed.headers['content-security-policy']).toBe(
      `default-src 'self';script-src 'self' ${alertHash} ${logHash};script-src-attr 'none'`,
    );
    const own = await request(app).get('/own-policy').expect(200);
    expect(own.headers['content-security-policy']).toBe(`script-src 'self' ${alertHash}`);
    const sent = await request(app).get('/sent').expect(200);
    expect(sent.headers['content-security-policy']).toContain(alertHash);
  });

  it('leaves other responses as they are', async () => {
    const json = await request(app).get('/json').expect(200);
    expect(json.headers['content-security-policy']).toBe(policy);
    expect(json.body.html).toBe('<script>alert(1)</script>');
  });
});
