import { describe, expect, it } from 'vitest';
import { renderExample } from '../testing/chart-examples.fixture.js';

describe('describeScatter', () => {
  it('says how strongly a scatter plot’s y follows its x', () => {
    expect(renderExample('bubble', 'pt-BR').description).toBe(
      'Atraso por distância: gráfico de bolhas de Atraso médio (min) em função de Distância (mi), com tamanho por Voos, 60 bolhas. ' +
        'Distância (mi) de 325 a 2.588; Atraso médio (min) de 6,8\u00a0min a 22,0\u00a0min. ' +
        'Atraso médio (min) tende a subir quando Distância (mi) sobe (r = 0,72). ' +
        'Maior bolha: Distância (mi): 1.079; Atraso médio (min): 12,2\u00a0min; Voos: 4.269.',
    );
  });
});
