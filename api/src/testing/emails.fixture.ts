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
