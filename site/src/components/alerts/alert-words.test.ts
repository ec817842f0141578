import { createT } from '@painel/i18n';
import { describe, expect, it } from 'vitest';
import { type Condition, conditionWords, sourceWords } from './alert-words';

const words = (locale: 'en' | 'pt-BR', condition: Condition) =>
  conditionWords(condition, locale, createT(locale));

describe('conditionWords', () => {
  it('names the column, or says the value, with numbers as each language writes them', () => {
    expect(words('en', { kind: 'above', column: 'delay', threshold: 1500.5 })).toBe(
      '“delay” is above 1,500.5',
    );
    expect(words('pt-BR', { kind: 'below', threshold: 1500.5 })).toBe(
      'O valor está abaixo de 1.500,5',
    );
    expect(words('en', { kind: 'change', percent: 10 })).toBe(
      'The value changes by more than 10 %',
    );
  });

  it('says the row conditions', () => {
    expect(words('pt-BR', { kind: 'rows-appear' })).toBe('A consulta retorna linhas');
    expect(words('en', { kind: 'rows-disappear' })).toBe('The query returns no rows');
  });
});

describe('sourceWords', () => {
  it('says what the alert watches, or that it is gone', () => {
    const t = createT('en');
    const none = { savedQuery: null, dashboard: null };
    expect(sourceWords({ ...none, savedQuery: { id: 'q', name: 'Delays' } }, t)).toBe(
      'Saved query “Delays”',
    );
    expect(sourceWords({ ...none, dashboard: { slug: 'flights', card: 'late' } }, t)).toBe(
      'Chart “late” of the dashboard “flights”',
    );
    expect(sourceWords(none, t)).toBe('Its query or chart was deleted');
  });
});
