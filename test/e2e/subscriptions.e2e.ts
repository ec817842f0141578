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
 * Subscriptions from the pages, in Portuguese: the Demo owner subscribes to the flights
 * dashboard from its "Assinar" button, sees the subscription in the list with its schedule in
 * words, sends it now (the email arrives, in Portuguese, at the e2e SMTP server), unsubscribes
 * through the email's link without signing in, pauses it, adds an outside address while the
 * workspace settings allow it (and is refused another once they do not) and deletes it.
 */

const baseUrl = inject('baseUrl');
const mailDir = inject('mailDir');
const browser = fileBrowser();
const name = `Voos semanais ${Date.now().toString(36)}`;
const list = `${baseUrl}/pt-br/w/demo/subscriptions`;
let owner: Record<string, string>;
let saved: { locale: string; timeZone: string };
let page: Page;
let errors: string[];

// The owner reads Portuguese in São Paulo while this file runs: the email and the form's
// default time zone follow the profile. Other files expect English, so it is put back after.
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
  ({ page, errors } = await openPage(browser()));
  await logIn(page, baseUrl, '/pt-br/w/demo/dashboards/flights', demoOwner, '/pt-br');
});
afterAll(async () => {
  await fetch(`${baseUrl}/api/auth/me`, {
    method: 'PATCH',
    headers: owner,
    body: JSON.stringify({ locale: saved.locale, timeZone: saved.timeZone }),
  });
});

const status = () => page.locator('[data-app-status]');
const row = () => page.locator('tr', { hasText: name });
const form = () => page.getByRole('form', { name: 'Configurações da assinatura' });

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

describe('subscriptions', () => {
  it('subscribes to a dashboard from its “Assinar” button with a weekly schedule', async () => {
    await page.getByRole('link', { name: 'Assinar', exact: true }).click();
    await page.waitForURL(`${list}/new?dashboard=flights`);
    await expectAccessible(page);
    const create = page.getByRole('form', { name: 'Nova assinatura' });
    expect(await create.getByLabel('Fuso horário').inputValue()).toBe('America/Sao_Paulo');
    // The owner is a recipient from the start.
    expect(await create.getByRole('checkbox', { name: /owner@example\.org/ }).isChecked()).toBe(
      true,
    );
    await create.getByLabel('Nome', { exact: true }).fill(name);
    await create.getByRole('radio', { name: 'Toda semana' }).check();
    await create.getByRole('checkbox', { name: 'quinta-feira' }).check();
    await create.getByLabel('Horário', { exact: true }).fill('07:30');
    await create.getByRole('button', { name: 'Criar assinatura' }).click();
    await page.waitForURL(list);
    await expect.poll(() => status().innerText()).toBe('A assinatura foi criada.');
    await expect
      .poll(() => row().innerText())
      .toMatch(
        /Toda semana: segunda-feira e quinta-feira, às 07:30 \(America\/Sao_Paulo\)\s+1 destinatário\s+Ativa\s+Ainda não enviada/,
      );
    await expectAccessible(page);
  });

  it('refuses a cron expression it cannot read, saying so on the field', async () => {
    await row().getByRole('link', { name }).click();
    await form().getByRole('radio', { name: 'Expressão cron' }).check();
    await form().getByRole('textbox', { name: 'Expressão cron' }).fill('0 8 * *');
    await form().getByRole('button', { name: 'Salvar' }).click();
    await expect
      .poll(() =>
        form().getByRole('textbox', { name: 'Expressão cron' }).getAttribute('aria-invalid'),
      )
      .toBe('true');
    // Nothing was saved: the page, opened again, has the weekly schedule.
    await page.goto(page.url());
    expect(await form().getByRole('radio', { name: 'Toda semana' }).isChecked()).toBe(true);
  });

  it('sends it now: the email arrives in Portuguese and the log says it was sent', async () => {
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enviar agora' }).click();
    // Sending renders the report and hands it to SMTP before the page reloads.
    const sendForm = page.getByRole('form', { name: 'Enviar agora' });
    await expect
      .poll(
        async () => (await status().innerText()) || (await sendForm.getByRole('alert').innerText()),
        {
          timeout: 30_000,
        },
      )
      .toMatch(/^Enviada\./);
    const mail = await receivedMail(mailDir, demoOwner.email, (m) => m.subject.includes(name));
    expect(mail.subject).toMatch(new RegExp(`^Relatório: ${name}, `));
    const log = page.getByRole('table', { name: 'Registro de envios' });
    await expect
      .poll(() => log.locator('tr[data-delivery="owner@example.org"]').innerText())
      .toMatch(/Enviado/);

    // The email's link unsubscribes without signing in.
    const link = /https?:\/\/\S+?(\/pt-br\/unsubscribe\/[^\s"'<>]+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    const { page: anonymous, errors: anonymousErrors } = await openPage(browser());
    await anonymous.goto(`${baseUrl}${link}`);
    await expectAccessible(anonymous);
    await anonymous.getByRole('button', { name: 'Cancelar assinatura' }).click();
    await expect
      .poll(() => anonymous.getByRole('status').innerText())
      .toBe(`Pronto: “${name}” não é mais enviado para owner@example.org.`);
    expect(realErrors(anonymousErrors)).toEqual([]);
    await anonymous.context().close();
  });

  it('pauses it', async () => {
    await page.goto(page.url());
    await form()
      .getByRole('checkbox', { name: /^Pausada/ })
      .check();
    await form().getByRole('button', { name: 'Salvar' }).click();
    await page.waitForURL(list);
    await expect.poll(() => status().innerText()).toBe('A assinatura foi salva.');
    await expect.poll(() => row().innerText()).toMatch(/Pausada/);
  });

  it('fits a 375 px phone', async () => {
    const id = (await row().getByRole('link', { name }).getAttribute('href')) ?? '';
    await fitsPhone('/pt-br/w/demo/subscriptions');
    await fitsPhone(id);
  });

  it('sends to outside addresses only while the workspace settings allow it', async () => {
    const settings = `${baseUrl}/pt-br/w/demo/settings`;
    const reports = () => page.getByRole('form', { name: 'Relatórios por e-mail' });
    const outside = () =>
      reports().getByRole('checkbox', { name: 'Permitir relatórios para endereços externos' });
    const allowOutside = async (allow: boolean) => {
      await page.goto(settings);
      await outside().setChecked(allow);
      await reports().getByRole('button', { name: 'Salvar' }).click();
      await expect
        .poll(() => status().innerText())
        .toBe('As configurações de relatórios foram salvas.');
      expect(await outside().isChecked()).toBe(allow);
    };
    await page.goto(list);
    const edit = `${baseUrl}${await row().getByRole('link', { name }).getAttribute('href')}`;
    const emails = () => form().getByRole('textbox', { name: 'Outros endereços de e-mail' });

    await allowOutside(true);
    await expectAccessible(page);
    await page.goto(edit);
    await emails().fill('fora@example.com');
    await form().getByRole('button', { name: 'Salvar' }).click();
    await page.waitForURL(list);
    await expect.poll(() => status().innerText()).toBe('A assinatura foi salva.');
    await expect.poll(() => row().innerText()).toMatch(/2 destinatários/);

    // Turned off, the address already saved stays (to be removed); a new one is refused.
    await allowOutside(false);
    await page.goto(edit);
    expect(await emails().inputValue()).toBe('fora@example.com');
    await emails().fill('fora@example.com\noutra@example.com');
    await form().getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => emails().getAttribute('aria-invalid')).toBe('true');
    expect(await form().locator('[id="subscription-recipients.emails-error"]').innerText()).toBe(
      'Não é membro deste espaço de trabalho, e destinatários externos não são permitidos',
    );
    expect(page.url()).toBe(edit);
    await page.goto(list);
  });

  it('deletes it, after asking', async () => {
    await row().getByRole('link', { name }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Excluir assinatura' }).click();
    await page.waitForURL(list);
    expect(await row().count()).toBe(0);
    expect(realErrors(errors)).toEqual([]);
  });
});
