import { describe, expect, it } from 'vitest';
import { problemBody } from '../http/problem.js';
import { jobStates } from './control.js';
import { jobErrors } from './errors.js';

const context = {
  requestId: 'r1',
  path: '/api/jobs/runs/1/retry',
  instance: '/api/jobs/runs/1/retry',
};

describe('jobErrors.notFailed', () => {
  it('names the run’s state in the reader’s words, not as the queue spells it', () => {
    const active = jobErrors.notFailed('active');
    expect(problemBody(active, 'en', context).detail).toMatch(/^This run is running, not failed\./);
    expect(problemBody(active, 'pt-BR', context).detail).toMatch(
      /^Esta execução está em execução, não falhou\./,
    );
    for (const state of jobStates)
      for (const locale of ['en', 'pt-BR'] as const)
        expect(problemBody(jobErrors.notFailed(state), locale, context).detail).not.toMatch(
          /errors\.jobs|\$t\(/,
        );
  });
});
