import { describe, expect, it } from 'vitest';
import { embedPolicy } from './shared-view';

const directives = (policy: string) => new Map(policy.split(';').map((d) => [d.split(' ')[0], d]));

describe('embedPolicy', () => {
  it('lets the allowed origins and Painel itself frame an embed, and nothing else', () => {
    const policy = directives(
      embedPolicy(['https://intranet.example.com', 'http://127.0.0.1:8080'], false),
    );
    expect(policy.get('frame-ancestors')).toBe(
      "frame-ancestors 'self' https://intranet.example.com http://127.0.0.1:8080",
    );
    expect(policy.get('script-src')).toBe("script-src 'self'");
    expect(policy.get('default-src')).toBe("default-src 'self'");
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('refuses every other site when no origin is allowed, or none is an origin', () => {
    expect(directives(embedPolicy([], true)).get('frame-ancestors')).toBe("frame-ancestors 'self'");
    const injected = embedPolicy(["https://a.example; script-src 'unsafe-eval'", '*'], true);
    expect(directives(injected).get('frame-ancestors')).toBe("frame-ancestors 'self'");
    expect(injected).not.toContain('unsafe-eval');
    expect(directives(injected).has('upgrade-insecure-requests')).toBe(true);
  });

  it('lets anyone frame a refusal, so the page around it shows why', () => {
    expect(directives(embedPolicy(null, false)).get('frame-ancestors')).toBe('frame-ancestors *');
  });
});
