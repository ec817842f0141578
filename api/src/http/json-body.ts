import { HttpError } from '../errors.js';

/** The largest JSON or YAML body the API reads; a larger one is a 413. */
export const bodyLimitBytes = 256 * 1024;

const tooLarge = () =>
  new HttpError(413, {
    key: 'errors.payloadTooLarge',
    params: { limit: `${Math.round(bodyLimitBytes / 1024)} KB` },
  });

/**
 * A fetch Request's JSON body, read with the API's rules (express.json in app.ts): JSON only
 * (415), at most `bodyLimitBytes` (413), well formed (400). For the pages that take a JSON post.
 */
export async function readJsonBody(request: globalThis.Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type))
    throw new HttpError(415, { key: 'errors.unsupportedMediaType' });
  if (Number(request.headers.get('content-length') ?? 0) > bodyLimitBytes) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > bodyLimitBytes) throw tooLarge();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, { key: 'errors.malformedJson' });
  }
}
