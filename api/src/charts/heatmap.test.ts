import { describe, expect, it } from 'vitest';
import { renderExample } from '../testing/chart-examples.fixture.js';

describe('describeHeatmap', () => {
  it('names a heatmap’s hottest and coolest cells', () => {
    expect(renderExample('heatmap', 'pt-BR').description).toBe(
      'Atraso médio por dia e hora: mapa de calor de Atraso médio (min) por Hora e Dia, 126 células. ' +
        'Maior: 23h, Fri (21,3\u00a0min). Menor: 7h, Tue (5,5\u00a0min).',
    );
  });
});
