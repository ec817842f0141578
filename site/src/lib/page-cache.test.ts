import { describe, expect, it } from 'vitest';
import {
  applyPageCache,
  type PageAnswer,
  pageCachePolicy,
  privateCacheControl,
  sharedCacheControl,
} from './page-cache';

const anonymous: Omit<PageAnswer, 'pathname'> = {
  method: 'GET',
  anonymous: true,
  status: 200,
  setsCookie: false,
};

describe('pageCachePolicy', () => {
  it('lets shared caches keep an anonymous reader’s public dashboard, link or embed briefly', () => {
    for (const pathname of [
      '/dashboards/flights',
      '/pt-br/dashboards/flights',
      '/public/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde',
      '/pt-br/public/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde',
      '/embed/eyJhbGciOiJIUzI1NiJ9.e30.sig',
    ])
      expect(pageCachePolicy({ ...anonymous, pathname }), pathname).toEqual({
        cacheControl: 'public, max-age=0, s-maxage=10',
      });
    expect(pageCachePolicy({ ...anonymous, method: 'HEAD', pathname: '/dashboards/x' })).toEqual({
      cacheControl: sharedCacheControl,
    });
  });

  it('says the cards fragment varies with Accept-Language, whose language it speaks', () => {
    expect(pageCachePolicy({ ...anonymous, pathname: '/dashboards/flights/cards' })).toEqual({
      cacheControl: sharedCacheControl,
      vary: 'Accept-Language',
    });
  });

  it('keeps private whatever may be the reader’s own or should stop at once', () => {
    const cases: [string, Partial<PageAnswer>][] = [
      ['a reader who sent a session cookie or Authorization', { anonymous: false }],
      ['an answer that sets a cookie', { setsCookie: true }],
      ['a missing dashboard', { status: 404 }],
      ['a revoked link', { status: 410 }],
      ['a refused token', { status: 401 }],
      ['a POST', { method: 'POST' }],
    ];
    for (const [what, change] of cases)
      for (const pathname of ['/dashboards/flights', '/public/token', '/embed/token'])
        expect(
          pageCachePolicy({ ...anonymous, ...change, pathname }),
          `${what}: ${pathname}`,
        ).toEqual({ cacheControl: privateCacheControl });
  });

  it('leaves every other page alone', () => {
    for (const pathname of [
      '/',
      '/login',
      '/w/demo/dashboards/flights',
      '/dashboards',
      '/dashboards/flights/edit',
      '/pt-br/embed/token',
      '/api/public/dashboards/flights',
    ])
      expect(pageCachePolicy({ ...anonymous, pathname }), pathname).toBeNull();
  });
});

describe('applyPageCache', () => {
  it('sets Cache-Control and adds to the Vary already there, once', () => {
    const response = new Response('<p>cards</p>', {
      headers: { 'Cache-Control': 'private, no-store', Vary: 'Accept-Encoding' },
    });
    const policy = { cacheControl: sharedCacheControl, vary: 'Accept-Language' as const };
    applyPageCache(applyPageCache(response, policy), policy);
    expect(response.headers.get('Cache-Control')).toBe(sharedCacheControl);
    expect(response.headers.get('Vary')).toBe('Accept-Encoding, Accept-Language');
  });

  it('changes nothing without a policy', () => {
    const response = new Response('', { headers: { 'Cache-Control': 'no-cache' } });
    expect(applyPageCache(response, null).headers.get('Cache-Control')).toBe('no-cache');
    expect(response.headers.get('Vary')).toBeNull();
  });
});
