import fs from 'node:fs';
import { parseArgs } from 'node:util';

export const dashboardsUsage = `  dashboards export <slug> [--format yaml|json] [--out <file>]
  dashboards import <file> [--replace]
      Dashboards as code, through a running Painel's API: --url (or PAINEL_URL, default
      http://localhost:3000), --workspace (default demo) and an API key in PAINEL_API_KEY
      (a viewer's exports, an editor's imports). Export writes to stdout unless --out is given;
      import reads JSON or YAML and, with --replace, saves over a dashboard with the same slug.`;

/** Problem details as one line for a terminal: "Data source missing: The dashboard …". */
async function explain(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string };
    return `${problem.title ?? response.statusText}: ${problem.detail ?? ''}`.trim();
  } catch {
    return `HTTP ${response.status} ${text.slice(0, 200)}`;
  }
}

/** `npm run painel -- dashboards export|import …`; returns the exit code. */
export async function dashboardsCommand(args: string[], usage: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      workspace: { type: 'string', default: 'demo' },
      format: { type: 'string', default: 'yaml' },
      out: { type: 'string' },
      replace: { type: 'boolean', default: false },
    },
  });
  const [action, target] = positionals;
  const key = process.env.PAINEL_API_KEY;
  if (!target || (action !== 'export' && action !== 'import')) {
    console.error(usage);
    return 2;
  }
  if (!key) {
    console.error('Set PAINEL_API_KEY to an API key of the workspace (Settings → API keys).');
    return 2;
  }
  const root = (values.url ?? process.env.PAINEL_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const base = `${root}/api/workspaces/${encodeURIComponent(values.workspace)}/dashboards`;
  const auth = { Authorization: `Bearer ${key}` };

  if (action === 'export') {
    if (values.format !== 'yaml' && values.format !== 'json') {
      console.error('--format is yaml or json.');
      return 2;
    }
    const response = await fetch(
      `${base}/${encodeURIComponent(target)}/export?format=${values.format}`,
      {
        headers: auth,
      },
    );
    if (!response.ok) {
      console.error(await explain(response));
      return 1;
    }
    const document = await response.text();
    if (values.out) {
      fs.writeFileSync(values.out, document);
      console.error(`Wrote ${target} to ${values.out}.`);
    } else process.stdout.write(document);
    return 0;
  }

  const text = fs.readFileSync(target, 'utf8');
  const response = await fetch(`${base}/import${values.replace ? '?replace=true' : ''}`, {
    method: 'POST',
    headers: {
      ...auth,
      // JSON is YAML too, but a .json file says what it is.
      'Content-Type': target.endsWith('.json') ? 'application/json' : 'application/yaml',
    },
    body: text,
  });
  if (!response.ok) {
    console.error(await explain(response));
    return 1;
  }
  const { spec, version } = (await response.json()) as { spec: { slug: string }; version: number };
  console.log(
    `Imported ${spec.slug} (version ${version}): ${root}/w/${values.workspace}/dashboards/${spec.slug}`,
  );
  return 0;
}
