import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { emailInDomains, parseSignupRule } from './signup-rule.js';

describe('parseSignupRule', () => {
  it('reads the three modes, domains lower-cased', () => {
    expect(parseSignupRule('open')).toEqual({ mode: 'open' });
    expect(parseSignupRule('invite')).toEqual({ mode: 'invite' });
    expect(parseSignupRule('domains: Example.org ,example.com.br')).toEqual({
      mode: 'domains',
      domains: ['example.org', 'example.com.br'],
    });
  });

  it('says how to write a value that is no rule', () => {
    expect(parseSignupRule('closed')).toEqual({
      error: 'use open, invite or domains:example.org,example.com',
    });
    expect(parseSignupRule('domains:')).toMatchObject({ error: expect.stringMatching(/^use /) });
    expect(parseSignupRule('domains:*.example.org,localhost')).toEqual({
      error: 'not a domain name: *.example.org, localhost',
    });
  });

  it('is SIGNUP in the configuration, where a bad value stops the boot', () => {
    expect(loadConfig({ SIGNUP: 'domains:example.org' }, '/tmp').signup).toEqual({
      mode: 'domains',
      domains: ['example.org'],
    });
    expect(loadConfig({}, '/tmp').signup).toBeUndefined();
    expect(() => loadConfig({ SIGNUP: 'everyone' }, '/tmp')).toThrow(ConfigError);
    expect(() => loadConfig({ SIGNUP: 'everyone' }, '/tmp')).toThrow(/SIGNUP: use open, invite/);
  });
});

describe('emailInDomains', () => {
  const domains = ['example.org'];
  it.each([
    ['ana@example.org', true],
    ['Ana@EXAMPLE.ORG', true],
    ['ana@mail.example.org', false],
    ['ana@evil-example.org', false],
    ['ana@example.org.evil.net', false],
    ['example.org@evil.net', false],
    ['ana@example.orgx', false],
    ['example.org', false],
  ])('%s → %s', (email, admitted) => {
    expect(emailInDomains(email, domains)).toBe(admitted);
  });
});
