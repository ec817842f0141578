import type express from 'express';
import request from 'supertest';

/**
 * A browser stand-in for tests: keeps cookies by name (ignoring path, which tests check
 * separately) and echoes the CSRF cookie like the site's script does.
 */
export function browser(app: express.Express, lang = 'en') {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: request.Response) => {
    const setCookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (!value || /Expires=Thu, 01 Jan 1970/.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  const send = (
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    body?: object | string,
    csrf = true,
    contentType?: string,
  ) => {
    let req = request(app)
      [method](path)
      .set('Accept-Language', lang)
      .set('User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
    if (jar.size) req = req.set('Cookie', cookieHeader());
    const token = jar.get('painel_csrf');
    if (csrf && token && method !== 'get') req = req.set('X-CSRF-Token', decodeURIComponent(token));
    if (contentType) req = req.set('Content-Type', contentType);
    return (body !== undefined ? req.send(body) : req).then(keep);
  };
  return {
    jar,
    get: (path: string) => send('get', path),
    post: (path: string, body?: object, csrf?: boolean) => send('post', path, body, csrf),
    put: (path: string, body?: object) => send('put', path, body),
    patch: (path: string, body?: object) => send('patch', path, body),
    /** A body sent as it is, with its own content type (uploads, YAML). */
    raw: (method: 'post' | 'put', path: string, body: string, contentType: string) =>
      send(method, path, body, true, contentType),
    delete: (path: string, body?: object, csrf?: boolean) => send('delete', path, body, csrf),
    /** The cookie and CSRF headers it sends, for a request a test builds itself. */
    session: () => ({
      Cookie: cookieHeader(),
      'X-CSRF-Token': decodeURIComponent(jar.get('painel_csrf') ?? ''),
    }),
  };
}

/** The token of an emailed link. */
export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token') ?? '';
}

/** What `browser()` returns: a test's signed-in (or anonymous) visitor. */
export type Browser = ReturnType<typeof browser>;
