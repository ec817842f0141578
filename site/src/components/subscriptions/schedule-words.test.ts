import { createT } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import { type Schedule, scheduleWords } from './schedule-words';

const words = (locale: 'en' | 'pt-BR', schedule: Schedule) =>
  scheduleWords(schedule, 'America/Sao_Paulo', locale, createT(locale));

describe('scheduleWords', () => {
  it('names the days in the week’s order and the time as each language writes it', () => {
    const weekly: Schedule = { kind: 'weekly', days: ['thu', 'mon'], time: '08:00' };
    expect(words('en', weekly)).toBe(
      'Weekly on Monday and Thursday at 08:00 AM (America/Sao_Paulo)',
    );
    expect(words('pt-BR', weekly)).toBe(
      'Toda semana: segunda-feira e quinta-feira, às 08:00 (America/Sao_Paulo)',
    );
  });

  it('says every kind', () => {
    expect(words('en', { kind: 'hourly', minute: 5 })).toBe(
      'Every hour at minute 5 (America/Sao_Paulo)',
    );
    expect(words('pt-BR', { kind: 'daily', time: '18:30' })).toBe(
      'Todo dia às 18:30 (America/Sao_Paulo)',
    );
    expect(words('en', { kind: 'monthly', day: 'last', time: '07:00' })).toBe(
      'Monthly on the last day at 07:00 AM (America/Sao_Paulo)',
    );
    expect(words('pt-BR', { kind: 'monthly', day: 15, time: '07:00' })).toBe(
      'Todo mês no dia 15, às 07:00 (America/Sao_Paulo)',
    );
    expect(words('en', { kind: 'cron', cron: '0 8 * * 1-5' })).toBe(
      'On the cron schedule 0 8 * * 1-5 (America/Sao_Paulo)',
    );
  });
});
