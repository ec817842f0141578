import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { demoApiKey } from '../../api/src/testing/api-key.js';
import { type PainelProcess, startPainel } from '../support/painel-process.js';

let painel: PainelProcess | undefined;

/** One real server (started with `npm start`) for the whole browser suite. */
export async function setup(project: TestProject) {
  painel = await startPainel();
  project.provide('baseUrl', painel.url);
  project.provide('dataDir', painel.dataDir);
  // The first account owns the Demo workspace; tests that query it share this editor key.
  project.provide('demoApiKey', await demoApiKey(painel.url));
}

export async function teardown() {
  await painel?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    demoApiKey: string;
  }
}
