import type { Locale } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import { expected, htmlParts, sampleParams, templates } from '../testing/emails.fixture.js';
import { expectSnapshot } from '../testing/snapshot.js';
import { EmailError } from './email-error.js';
import { escapeHtml } from './layout.js';
import { renderEmail } from './templates.js';

const locales: Locale[] = ['en', 'pt-BR'];

describe('renderEmail', () => {
  for (const locale of locales) {
    for (const template of templates) {
      it(`${template} (${locale}) says the right things and matches its snapshots`, () => {
        const email = renderEmail(template, locale, sampleParams[template]);
        const [subject, expiry] = expected[template][locale];
        const { link } = sampleParams[template];
        expect(email.subject).toBe(subject);
        expect(email.text).toContain(expiry);
        expect(email.text).toContain(`\n${link}\n`);
        expect(email.html).toContain(`<html lang="${locale}"`);
        expect(email.html).toContain(`<p>${escapeHtml(expiry)}</p>`);
        // A real link, and the URL shown as text for those who copy it.
        expect(email.html).toContain(`<a href="${link}"`);
        expect(email.html).toContain(`>${link}</a>`);
        expect(email.html).not.toMatch(/<img|<script|src=/);
        expectSnapshot(
          `email-${template}-${locale}.txt`,
          `Subject: ${email.subject}\n\n${email.text}`,
        );
        const { layout, content } = htmlParts(email.html, locale, subject);
        expectSnapshot('email-layout.html', layout);
        expectSnapshot(`email-${template}-${locale}.html`, content);
      });
    }
  }

  it('greets by name in each language, and without one in invitations', () => {
    expect(renderEmail('verify-email', 'en', sampleParams['verify-email']).text).toMatch(
      /^Hi Ana Souza,\n/,
    );
    expect(renderEmail('verify-email', 'pt-BR', sampleParams['verify-email']).text).toMatch(
      /^Olá, Ana Souza,\n/,
    );
    expect(renderEmail('invite', 'pt-BR', sampleParams.invite).text).toMatch(/^Olá,\n/);
  });

  it('states the expiry with the right plural, numbers formatted per locale', () => {
    const reset = (locale: Locale, minutes: number) =>
      renderEmail('reset-password', locale, { ...sampleParams['reset-password'], minutes }).text;
    expect(reset('en', 1)).toContain('This link expires in 1 minute.');
    expect(reset('pt-BR', 1)).toContain('Este link expira em 1 minuto.');
    expect(reset('en', 1440)).toContain('This link expires in 1,440 minutes.');
    expect(reset('pt-BR', 1440)).toContain('Este link expira em 1.440 minutos.');
    const verify = renderEmail('verify-email', 'pt-BR', {
      ...sampleParams['verify-email'],
      hours: 1,
    });
    expect(verify.text).toContain('Este link expira em 1 hora.');
  });

  it('names the role in the reader’s language, and shows an unknown role as given', () => {
    const invite = (locale: Locale, role: string) =>
      renderEmail('invite', locale, { ...sampleParams.invite, role }).text;
    expect(invite('en', 'admin')).toContain('on Painel as an administrator.');
    expect(invite('pt-BR', 'viewer')).toContain('no Painel como leitor.');
    expect(invite('en', 'auditor')).toContain('on Painel as auditor.');
  });

  it('escapes every param in HTML and keeps user input on one line', () => {
    const name = '<script>alert("x")</script> & <b>Ana</b>';
    const verify = renderEmail('verify-email', 'en', { ...sampleParams['verify-email'], name });
    expect(verify.html).not.toContain('<script>');
    expect(verify.html).not.toContain('<b>');
    expect(verify.html).toContain(
      'Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Ana&lt;/b&gt;,',
    );
    expect(verify.text).toContain(`Hi ${name},`);

    const invite = renderEmail('invite', 'pt-BR', {
      ...sampleParams.invite,
      inviter: 'Eve\r\nBcc: victim@example.org',
      workspace: '"><img src=x onerror=alert(1)>',
    });
    expect(invite.subject).toBe(
      'Eve Bcc: victim@example.org convidou você para "><img src=x onerror=alert(1)> no Painel',
    );
    expect(invite.html).not.toContain('<img');
    expect(invite.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(invite.text).not.toMatch(/Eve\r?\n/);
  });

  it('escapes the link in attributes and accepts only absolute http(s) links', () => {
    const link = 'https://painel.example/reset?token=a&next="/x"';
    const email = renderEmail('reset-password', 'en', { ...sampleParams['reset-password'], link });
    expect(email.html).toContain('href="https://painel.example/reset?token=a&amp;next=%22/x%22"');
    for (const bad of ['javascript:alert(1)', '/reset?token=a', 'data:text/html,hi', 'ftp://x/y']) {
      expect(() =>
        renderEmail('reset-password', 'en', { ...sampleParams['reset-password'], link: bad }),
      ).toThrow(EmailError);
    }
  });

  it('refuses an expiry that is not a positive number', () => {
    expect(() => renderEmail('invite', 'en', { ...sampleParams.invite, days: Number.NaN })).toThrow(
      /invalid expiry for the invite email/i,
    );
    expect(() =>
      renderEmail('reset-password', 'en', { ...sampleParams['reset-password'], minutes: 0 }),
    ).toThrow(EmailError);
  });
});
