import type { Locale } from '@painel/i18n';
import { expect } from 'vitest';
import { escapeHtml } from '../email/layout.js';
import type { EmailParams, EmailTemplate } from '../email/mailer.js';

/** One set of params per template, shared by the template and transport tests. */
export const sampleParams: { [T in EmailTemplate]: EmailParams[T] } = {
  'verify-email': {
    name: 'Ana Souza',
    link: 'https://painel.example/verify-email?token=v3r1fy',
    hours: 24,
  },
  'reset-password': {
    name: 'Ana Souza',
    link: 'https://painel.example/reset-password?token=r3s3t',
    minutes: 30,
  },
  invite: {
    inviter: 'Bruno Lima',
    workspace: 'Vendas 2026',
    role: 'editor',
    link: 'https://painel.example/invites/1nv1te',
    days: 7,
  },
};

export const templates = Object.keys(sampleParams) as EmailTemplate[];

/** What each email must say, per locale: subject, and the expiry sentence. */
export const expected: Record<EmailTemplate, Record<'en' | 'pt-BR', [string, string]>> = {
  'verify-email': {
    en: ['Confirm your email address for Painel', 'This link expires in 24 hours.'],
    'pt-BR': ['Confirme seu endereço de e-mail no Painel', 'Este link expira em 24 horas.'],
  },
  'reset-password': {
    en: ['Reset your Painel password', 'This link expires in 30 minutes.'],
    'pt-BR': ['Redefina sua senha do Painel', 'Este link expira em 30 minutos.'],
  },
  invite: {
    en: ['Bruno Lima invited you to Vendas 2026 on Painel', 'This link expires in 7 days.'],
    'pt-BR': ['Bruno Lima convidou você para Vendas 2026 no Painel', 'Este link expira em 7 dias.'],
  },
};

/**
 * Splits an email's HTML for its snapshots: the article's content, which is the email's own, and
 * the document around it, the same for every email once its language and subject are replaced
 * by placeholders (and so kept once, in `email-layout.html`). Together they are the whole HTML.
 */
export function htmlParts(html: string, locale: Locale, subject: string) {
  const open = /<div role="article"[^>]*>\n/.exec(html);
  const start = open ? open.index + open[0].length : -1;
  const end = html.lastIndexOf('</div>');
  expect(start, 'the article element').toBeGreaterThan(0);
  expect(end, 'the end of the article').toBeGreaterThanOrEqual(start);
  const layout = `${html.slice(0, start)}{{content}}\n${html.slice(end)}`
    .replaceAll(`lang="${locale}"`, 'lang="{{locale}}"')
    .replaceAll(escapeHtml(subject), '{{subject}}');
  return { layout, content: html.slice(start, end) };
}
