import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession } from '../support/api-session.js';
import {
  demoOwner,
  expectAccessible,
  fileBrowser,
  logIn,
  realErrors,
} from '../support/app-page.js';
import { openPage } from '../support/browser.js';
import { receivedMail } from '../support/mail.js';

/**
 * Alerts from the pages, in Portuguese: the Demo owner creates an alert on a saved query of the
 * flights data from "Novo alerta", sees it in the list with its condition in words, has a bad
 * webhook URL refused on its field, sends a test (the email arrives at the e2e SMTP server and
 * the history shows it), pauses it and deletes it.
 */

const baseUrl = inject('baseUrl');
const mailDir = inject('mailDir');
const browser = fileBrowser();
const stamp = Date.now().toString(36);
const name = `Muitos voos ${stamp}`;
const queryName = `Total de voos ${stamp}`;
const list = `${baseUrl}/pt-br/w/demo/alerts`;
let owner: Record<string, string>;
let saved: { locale: string; timeZone: string };
let queryId: string;
let page: Page;
let errors: string[];

// The owner reads Portuguese in São Paulo while this file runs (the email and the form's
// default time zone follow the profile); other files expect English, so it is put back after.
beforeAll(async () => {
  owner = await apiSession(baseUrl, demoOwner.email, demoOwner.password);
  saved = (await (
    await fetch(`${baseUrl}/api/auth/me`, { headers: owner })
  ).json()) as typeof saved;
  const patch = await fetch(`${baseUrl}/api/auth/me`, {
    method: 'PATCH',
    headers: owner,
    body: JSON.stringify({ locale: 'pt-BR', timeZone: 'America/Sao_Paulo' }),
  });
  expect(patch.status).toBe(200);
  const query = await fetch(`${baseUrl}/api/workspaces/demo/saved-queries`, {
    method: 'POST',
    headers: owner,
    body: JSON.stringify({
      name: queryName,
      sourceId: 'demo',
      sql: 'SELECT count(*) AS voos FROM flights',
    }),
  });
  expect(query.status).toBe(201);
  ({ id: queryId } = (await query.json()) as { id: string });
  ({ page, errors } = await openPage(browser()));
  await logIn(page, baseUrl, '/pt-br/w/demo/alerts', demoOwner, '/pt-br');
});
afterAll(async () => {
  await fetch(`${baseUrl}/api/workspaces/demo/saved-queries/${queryId}`, {
    method: 'DELETE',
    headers: owner,
  });
  await fetch(`${baseUrl}/api/auth/me`, {
    method: 'PATCH',
    headers: owner,
    body: JSON.stringify({ locale: saved.locale, timeZone: saved.timeZone }),
  });
});

const status = () => page.locator('[data-app-status]');
const row = () => page.locator('tr', { hasText: name });
const form = () => page.getByRole('form', { name: 'Configurações do alerta' });

async function fitsPhone(path: string) {
  const { page: phone } = await openPage(browser(), { width: 375 });
  await logIn(phone, baseUrl, path, demoOwner, '/pt-br');
  expect(
    await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBe(0);
  await phone.context().close();
}

describe('alerts', () => {
  it('is in the workspace’s navigation', async () => {
    await page.goto(`${baseUrl}/pt-br/w/demo/subscriptions`);
    await page.getByRole('link', { name: 'Alertas', exact: true }).click();
    await page.waitForURL(list);
    await expectAccessible(page);
  });

  it('creates an alert on a saved query from “Novo alerta”', async () => {
    await page.getByRole('link', { name: 'Novo alerta' }).click();
    await page.waitForURL(`${list}/new`);
    await expectAccessible(page);
    const create = page.getByRole('form', { name: 'Novo alerta' });
    expect(await create.getByLabel('Fuso horário').inputValue()).toBe('America/Sao_Paulo');
    // The owner is told from the start.
    expect(await create.getByRole('checkbox', { name: /owner@example\.org/ }).isChecked()).toBe(
      true,
    );
    await create.getByLabel('Nome', { exact: true }).fill(name);
    expect(await create.getByRole('radio', { name: 'Consulta salva' }).isChecked()).toBe(true);
    await create.getByLabel('Consulta a verificar').selectOption({ label: queryName });
    await create.getByRole('radio', { name: 'Acima de um limite' }).check();
    await create.getByLabel('Coluna', { exact: true }).fill('voos');
    await create.getByLabel('Limite', { exact: true }).fill('1000000');
    await create.getByRole('button', { name: 'Criar alerta' }).click();
    await page.waitForURL(list);
    await expect.poll(() => status().innerText()).toBe('O alerta foi criado.');
    await expect
      .poll(() => row().innerText())
      .toMatch(
        new RegExp(
          `Consulta salva “${queryName}”\\s+“voos” está acima de 1\\.000\\.000\\s+Normal\\s+Ainda não verificado\\s+Ativo`,
        ),
      );
    await expectAccessible(page);
  });

  it('shows the API’s refusal of a webhook URL on its field, keeping what was typed', async () => {
    await row().getByRole('link', { name }).click();
    const webhook = form().getByRole('textbox', { name: 'URL do webhook' });
    await webhook.fill('ftp://exemplo.org/ganchos');
    await form().getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => webhook.getAttribute('aria-invalid')).toBe('true');
    expect(await form().getByRole('alert').first().innerText()).toMatch(/http:\/\/ ou https:\/\//);
    expect(await page.locator('#alert-webhookUrl-error').innerText()).toBe(
      'Deve começar com http:// ou https://',
    );
    expect(await webhook.inputValue()).toBe('ftp://exemplo.org/ganchos');
    // Nothing was saved: the page, opened again, has no webhook.
    await page.goto(page.url());
    expect(await form().getByRole('textbox', { name: 'URL do webhook' }).inputValue()).toBe('');
  });

  it('sends a test: the email arrives and the history says so', async () => {
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enviar teste' }).click();
    await expect.poll(() => status().innerText(), { timeout: 30_000 }).toMatch(/^Teste enviado\./);
    const mail = await receivedMail(
      mailDir,
      demoOwner.email,
      (m) => m.subject === `Teste: ${name}`,
    );
    expect(mail.text).toContain(`Este é um teste do alerta “${name}”`);
    const history = page.getByRole('table', { name: 'Histórico' });
    await expect
      .poll(() => history.locator('tr[data-event="notified"]').first().innerText())
      .toMatch(/Avisado \(e-mail\)[\s\S]*owner@example\.org/);
    expect(await history.locator('tr[data-event="notified"]').first().innerText()).toMatch(
      /\(teste\)/,
    );
    await expectAccessible(page);
  });

  it('pauses it', async () => {
    await page.getByRole('button', { name: 'Pausar alerta' }).click();
    await page.waitForURL(list);
    await expect.poll(() => status().innerText()).toBe('O alerta foi pausado.');
    await expect.poll(() => row().innerText()).toMatch(/Pausado$/);
    await row().getByRole('link', { name }).click();
    expect(
      await form()
        .getByRole('checkbox', { name: /^Pausado/ })
        .isChecked(),
    ).toBe(true);
    await expect(page.getByRole('button', { name: 'Retomar alerta' }).count()).resolves.toBe(1);
  });

  it('fits a 375 px phone', async () => {
    const path = new URL(page.url()).pathname;
    await fitsPhone('/pt-br/w/demo/alerts');
    await fitsPhone(path);
  });

  it('deletes it, after asking', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Excluir alerta' }).click();
    await page.waitForURL(list);
    expect(await row().count()).toBe(0);
    expect(realErrors(errors)).toEqual([]);
  });
});
