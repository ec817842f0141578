import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../api/src/db/knex.js';
import { expectAccessible, fileBrowser, loggedInPage, realErrors } from '../support/app-page.js';

/**
 * The jobs pages against the started server (`npm start`, jobs in process on SQLite): the Demo
 * owner sees the runs the server made at start, retries a failed one by keyboard and sees it
 * run again; a workspace's Jobs page lists its own runs; both languages, axe-clean, 375 px.
 */

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const browser = fileBrowser();

// The server's own metadata database: a schema refresh that failed (an unreachable source, say)
// is written as the local queue leaves one out of attempts, so the test need not break a job.
let db: Db;
let failedRun: string;
let demoId: string;
beforeAll(async () => {
  db = createDb({ client: 'sqlite', filename: path.join(dataDir, 'painel.sqlite') });
  demoId = (await db('workspaces').where({ slug: 'demo' }).first('id')).id;
  failedRun = randomUUID();
  const at = Date.now() - 60_000;
  await db('job_queue').insert({
    id: failedRun,
    name: 'refresh-schemas',
    data: JSON.stringify({ workspaceId: demoId }),
    state: 'failed',
    retry_count: 2,
    retry_limit: 2,
    retry_delay_seconds: 60,
    retry_backoff: true,
    expire_seconds: 3600,
    run_after: at,
    created_at: at,
    started_at: at + 1000,
    finished_at: at + 3500,
    error: 'connect ECONNREFUSED 10.0.0.9:5432',
  });
});
afterAll(() => db?.destroy());

/** The row of a run, found by its id. */
const row = (page: Page, id: string) => page.locator(`tr[data-run="${id}"]`);

/** Reloads until `check` holds: the queue works on its own clock. */
async function reloadUntil(page: Page, check: () => Promise<boolean>) {
  await expect
    .poll(
      async () => {
        await page.reload();
        return check();
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
}

describe('the job runs pages', () => {
  it('shows the Demo owner every run, with the one made at start completed', async () => {
    const { page, errors } = await loggedInPage(browser(), baseUrl, '/admin/jobs');
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: 'Jobs' }).isVisible())
      .toBe(true);
    const warmed = page.locator('tr', { hasText: 'refresh-public-dashboards' }).first();
    await reloadUntil(page, async () => (await warmed.getAttribute('data-state')) === 'completed');
    expect(await warmed.getByRole('cell').nth(0).innerText()).toBe('Completed');
    const failed = row(page, failedRun);
    expect(await failed.innerText()).toMatch(/Failed/);
    expect(await failed.innerText()).toMatch(/connect ECONNREFUSED 10\.0\.0\.9:5432/);
    expect(await failed.innerText()).toMatch(/2\.5 sec/);
    expect(await failed.innerText()).toMatch(/2 of 2/);
    // The account navigation leads here.
    expect(
      await page
        .getByRole('navigation', { name: 'Your account' })
        .getByRole('link', { name: 'Jobs' })
        .getAttribute('aria-current'),
    ).toBe('page');
    await expectAccessible(page);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it('filters by state and job', async () => {
    const { page } = await loggedInPage(browser(), baseUrl, '/admin/jobs');
    await page.getByLabel('State').selectOption('failed');
    await page.getByLabel('Job', { exact: true }).selectOption('refresh-schemas');
    await page.getByRole('button', { name: 'Show runs' }).click();
    await page.waitForURL(/state=failed/);
    const states = await page
      .locator('tr[data-run]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['failed']));
    await page.context().close();
  });

  it('retries a failed run by keyboard, and the run completes', async () => {
    const { page, errors } = await loggedInPage(browser(), baseUrl, '/admin/jobs');
    const retry = row(page, failedRun).getByRole('button', {
      name: /^Retry the failed run of refresh-schemas/,
    });
    await retry.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-app-status]').innerText()).toMatch(/queued again/);
    await reloadUntil(
      page,
      async () => (await row(page, failedRun).getAttribute('data-state')) === 'completed',
    );
    expect(await row(page, failedRun).getByRole('button').count()).toBe(0);
    expect(realErrors(errors)).toEqual([]);
    await page.context().close();
  });

  it("lists a workspace's own runs on its Jobs page, in Portuguese, at 375 px", async () => {
    const { page } = await loggedInPage(browser(), baseUrl, '/pt-br/w/demo/jobs', undefined, {
      width: 375,
    });
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Tarefas');
    expect(await row(page, failedRun).innerText()).toMatch(/Concluída/);
    // Only runs sent for Demo: the instance's scheduled refreshes are not the workspace's.
    expect(await page.locator('tr', { hasText: 'refresh-public-dashboards' }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await expectAccessible(page);
    await page.context().close();
  });
});
