import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/browser.js';
import { tempDir } from '../testing/databases.js';
import { person } from '../testing/members.fixture.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let owner: Browser;

beforeAll(async () => {
  t = await createTestApp({ demoTables: [], uploadMaxBytes: 64 * 1024 });
  owner = (await person(t, 'o@example.org')).b;
});
afterAll(() => t?.close());

const send = (
  step: 'uploads' | 'uploads/preview',
  query: Record<string, string>,
  body: Buffer | string,
  type: string,
) =>
  request(t.app)
    .post(`/api/workspaces/demo/${step}?${new URLSearchParams(query)}`)
    .set(owner.session())
    .set('Content-Type', type)
    .send(body);
const upload = (query: Record<string, string>, body: Buffer | string, type = 'text/csv') =>
  send('uploads', query, body, type);
const preview = (query: Record<string, string>, body: Buffer | string, type = 'text/csv') =>
  send('uploads/preview', query, body, type);

async function rows(sql: string): Promise<unknown[][]> {
  const sources = await owner.get('/api/workspaces/demo/data-sources');
  const source = sources.body.dataSources.find((s: { name: string }) => s.name === 'Uploads')?.id;
  const res = await owner.post('/api/workspaces/demo/queries', { source, sql });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.rows;
}

/** A spreadsheet exported by Excel in Brazil: `;`, decimal commas, dd/mm/yyyy, Windows-1252. */
const brazilian = Buffer.from(
  'Cidade;Valor;Data;Qtd;CEP\r\n' +
    'São Paulo;1.234,56;25/11/2026;1.200;01310-100\r\n' +
    'Ribeirão Preto;-7,5;01/12/2026;3;14010-000\r\n' +
    '"Belo Horizonte; MG";0,99;31/01/2027;45;30130-010\r\n',
  'latin1',
);

describe('uploading the files people have', () => {
  it('previews a Brazilian Latin-1 CSV, then imports it with a column forced to text', async () => {
    const seen = await preview({ name: 'vendas.csv' }, brazilian);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body.detected).toEqual({
      format: 'csv',
      encoding: 'latin1',
      delimiter: ';',
      decimal: ',',
      thousands: '.',
      dateFormat: 'dd/mm/yyyy',
    });
    expect(seen.body.columns.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ['Cidade', 'text'],
      ['Valor', 'decimal'],
      ['Data', 'date'],
      ['Qtd', 'integer'],
      ['CEP', 'text'],
    ]);
    expect(seen.body).toMatchObject({ table: 'vendas', tableExists: false, rowCount: 3 });
    expect(seen.body.rows[0]).toEqual(['São Paulo', 1234.56, '2026-11-25', 1200, '01310-100']);
    // Nothing was imported.
    expect(fs.readdirSync(path.join(t.uploadsDir, t.services.workspaceId))).toEqual([]);

    const res = await upload(
      { name: 'vendas.csv', types: JSON.stringify({ Qtd: 'text' }) },
      brazilian,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.columns).toEqual([
      { name: 'Cidade', type: 'VARCHAR' },
      { name: 'Valor', type: 'DOUBLE' },
      { name: 'Data', type: 'DATE' },
      { name: 'Qtd', type: 'VARCHAR' },
      { name: 'CEP', type: 'VARCHAR' },
    ]);
    expect(await rows('SELECT * FROM vendas')).toEqual([
      ['São Paulo', 1234.56, '2026-11-25', '1.200', '01310-100'],
      ['Ribeirão Preto', -7.5, '2026-12-01', '3', '14010-000'],
      ['Belo Horizonte; MG', 0.99, '2027-01-31', '45', '30130-010'],
    ]);
  });

  it('honours options that override what is detected', async () => {
    const csv = 'code|amount|day\n007|1,5|03/04/2026\n';
    const seen = await preview({ name: 'codes.txt', decimal: ',', dateFormat: 'mm/dd/yyyy' }, csv);
    expect(seen.body.detected).toMatchObject({ delimiter: '|', decimal: ',', encoding: 'utf-8' });
    expect(seen.body.rows).toEqual([['007', 1.5, '2026-03-04']]);
  });

  it('imports TSV (with a BOM), a JSON array, NDJSON and Parquet', async () => {
    const tsv = await upload(
      { name: 'medidas.tsv' },
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('sensor\tleitura\na\t2.5\nb\t10\n'),
      ]),
      'text/tab-separated-values',
    );
    expect(tsv.status, JSON.stringify(tsv.body)).toBe(201);
    expect(await rows('SELECT sensor, leitura FROM medidas ORDER BY sensor')).toEqual([
      ['a', 2.5],
      ['b', 10],
    ]);

    const json = await upload(
      { name: 'pessoas.json' },
      JSON.stringify([
        { id: 1, nome: 'Ana', desde: '2026-01-02', ativo: true },
        { id: 2, nome: 'Bruno', desde: '2025-12-31', ativo: false },
      ]),
      'application/json',
    );
    expect(json.status, JSON.stringify(json.body)).toBe(201);
    expect(await rows('SELECT id, nome, desde, ativo FROM pessoas ORDER BY id')).toEqual([
      [1, 'Ana', '2026-01-02', true],
      [2, 'Bruno', '2025-12-31', false],
    ]);

    const ndjson = await upload(
      { name: 'eventos.ndjson' },
      '{"tipo":"clique","n":3}\n{"tipo":"visita","n":40}\n',
      'application/x-ndjson',
    );
    expect(ndjson.status, JSON.stringify(ndjson.body)).toBe(201);
    expect(await rows('SELECT sum(n) FROM eventos')).toEqual([[43]]);

    const file = path.join(tempDir(), 'precos.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run(
      `COPY (SELECT 'x' || i AS item, (i * 1.25)::DECIMAL(10,2) AS preco FROM range(1, 5) t(i)) TO '${file}' (FORMAT parquet)`,
    );
    c.closeSync();
    instance.closeSync();
    const parquet = await upload(
      { name: 'precos.parquet' },
      fs.readFileSync(file),
      'application/vnd.apache.parquet',
    );
    expect(parquet.status, JSON.stringify(parquet.body)).toBe(201);
    expect(parquet.body.columns).toContainEqual({ name: 'preco', type: 'DECIMAL(10,2)' });
    expect(await rows('SELECT item, preco FROM precos ORDER BY item LIMIT 2')).toEqual([
      ['x1', '1.25'],
      ['x2', '2.50'],
    ]);
  });

  it('imports the chosen sheet of an Excel workbook, and names the sheets of a wrong one', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Capa').addRow(['Relatório de vendas']);
    const sheet = workbook.addWorksheet('Vendas');
    sheet.addRow(['Produto', 'Preço', 'Dia', 'Total']);
    sheet.addRow(['Café', 12.5, new Date(Date.UTC(2026, 10, 25)), { formula: 'B2*2', result: 25 }]);
    sheet.addRow(['Pão', 0.75, new Date(Date.UTC(2026, 10, 26)), { formula: 'B3*2', result: 1.5 }]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

    const seen = await preview({ name: 'vendas.xlsx', sheet: 'Vendas' }, xlsx, type);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body.detected).toEqual({
      format: 'xlsx',
      sheet: 'Vendas',
      sheets: ['Capa', 'Vendas'],
    });
    expect(seen.body.columns.map((c: { type: string }) => c.type)).toEqual([
      'text',
      'decimal',
      'date',
      'decimal',
    ]);

    const res = await upload(
      { name: 'vendas.xlsx', sheet: 'Vendas', table: 'vendas_xlsx' },
      xlsx,
      type,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await rows('SELECT * FROM vendas_xlsx')).toEqual([
      ['Café', 12.5, '2026-11-25', 25],
      ['Pão', 0.75, '2026-11-26', 1.5],
    ]);

    const wrong = await upload({ name: 'vendas.xlsx', sheet: 'Resumo' }, xlsx, type).set(
      'Accept-Language',
      'pt-BR',
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toBe(
      'Não há planilha "Resumo"; a pasta de trabalho tem "Capa", "Vendas".',
    );
  });

  it('replaces a table, or appends rows with the table’s types', async () => {
    const first = await upload({ name: 'log.csv' }, 'dia,visitas\n2026-01-01,10\n');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const appended = await upload(
      { name: 'log.csv', mode: 'append' },
      'visitas,dia\n7,2026-01-02\n',
    );
    expect(appended.status, JSON.stringify(appended.body)).toBe(201);
    expect(appended.body.rowCount).toBe(2);
    expect(await rows('SELECT dia, visitas FROM log ORDER BY dia')).toEqual([
      ['2026-01-01', 10],
      ['2026-01-02', 7],
    ]);
    const wrongColumns = await upload(
      { name: 'log.csv', mode: 'append' },
      'dia,acessos\n2026-01-03,1\n',
    );
    expect(wrongColumns.status).toBe(409);
    expect(wrongColumns.body.detail).toContain('Missing: visitas. Not in the table: acessos.');
    const replaced = await upload(
      { name: 'log.csv', mode: 'replace' },
      'dia,acessos\n2026-01-03,1\n',
    );
    expect(replaced.body.rowCount).toBe(1);
    expect(await rows('SELECT * FROM log')).toEqual([['2026-01-03', 1]]);
  });

  it('says what is wrong with a file, translated, and imports nothing', async () => {
    const pt = (query: Record<string, string>, body: Buffer | string, type?: string) =>
      preview(query, body, type).set('Accept-Language', 'pt-BR');

    const empty = await pt({ name: 'vazio.csv' }, '');
    expect([empty.status, empty.body.title]).toEqual([400, 'O arquivo está vazio']);
    expect((await pt({ name: 'cabecalho.csv' }, 'a;b\n')).status).toBe(400);
    expect((await pt({ name: 'nada.json' }, '[]', 'application/json')).status).toBe(400);

    const short = await upload({ name: 'curto.csv' }, 'a;b;c;d\n1;2;3;4\n5;6;7;8\n9;10;11\n');
    expect(short.status).toBe(422);
    expect(short.body.detail).toBe(
      'Line 4: expected 4 fields, found 3. Check the delimiter, or quote values that contain it.',
    );

    const notNumber = await upload(
      { name: 'notas.csv', types: JSON.stringify({ nota: 'decimal' }) },
      'aluno,nota\nAna,9.5\nBruno,dez\n',
    );
    expect(notNumber.status).toBe(422);
    expect(notNumber.body.detail).toBe(
      'Line 3: "dez" in column nota is not a valid decimal. Fix the value, or import the column as text.',
    );

    const unknownColumn = await upload(
      { name: 'notas.csv', types: '{"nome":"text"}' },
      'aluno\nAna\n',
    );
    expect(unknownColumn.status).toBe(422);
    expect(
      (await upload({ name: 'notas.csv', types: '{"aluno":"money"}' }, 'aluno\nAna\n')).status,
    ).toBe(400);

    const format = await pt({ name: 'notas.docx' }, 'x', 'application/msword');
    expect(format.status).toBe(415);
    expect(format.body.detail).toContain(
      '.csv, .tsv, .tab, .txt, .json, .ndjson, .jsonl, .xlsx, .parquet',
    );

    const big = await pt({ name: 'grande.csv' }, `a\n${'1\n'.repeat(40_000)}`);
    expect(big.status).toBe(413);

    const brokenJson = await pt({ name: 'quebrado.json' }, '[{"a": 1}, {"a": ', 'application/json');
    expect([brokenJson.status, brokenJson.body.title]).toEqual([
      400,
      'Não foi possível ler o arquivo',
    ]);
    expect(JSON.stringify(brokenJson.body)).not.toContain(t.dataDir);

    expect(
      await rows(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('curto', 'notas', 'grande', 'quebrado')",
      ),
    ).toEqual([[0]]);
    const scratch = path.join(t.dataDir, 'workspaces', t.services.workspaceId);
    expect(fs.readdirSync(scratch).filter((f) => f.startsWith('incoming-'))).toEqual([]);
  });
});
