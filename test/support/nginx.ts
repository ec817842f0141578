import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { releaseScriptHashes } from '../../api/src/http/script-hashes.js';
import { closedPort } from '../../api/src/testing/ports.js';

const root = path.resolve(import.meta.dirname, '../..');
const configDir = path.join(root, 'deploy/nginx');

export interface RunningNginx {
  url: string;
  /** Every access-log line so far. */
  accessLog(): string[];
  /** Every error-log line so far (warn and above). */
  errorLog(): string[];
  stop(): Promise<void>;
}

/** The one line of public-url.conf an operator (or the container's entrypoint) writes. */
const publicUrlLine = /^set \$painel_public_url "[^"]*";$/m;

/**
 * Debian's nginx with deploy/nginx's configuration, rendered for a test: its port, the
 * replicas given, the public URL (its own address unless given), this checkout's site and docs
 * builds in place of /srv/painel, and every file it writes (pid, logs, buffers, the micro-cache)
 * in a folder of its own, removed on stop. The configuration itself is used unchanged otherwise.
 */
export async function startNginx(options: {
  upstreams: string[];
  publicUrl?: string;
  /** False: without painel.conf's `include micro-cache.conf;`, as an operator turns it off. */
  microCache?: boolean;
}): Promise<RunningNginx> {
  const { upstreams } = options;
  // nginx's workers run as www-data: the folder must be theirs to read, unlike a test's own.
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'painel-nginx-'));
  fs.chmodSync(dir, 0o755);
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}`;
  const publicUrl = options.publicUrl ?? url;
  // The release layout the config expects: /srv/painel/site and /srv/painel/docs.
  const srv = path.join(dir, 'srv');
  fs.mkdirSync(srv, { recursive: true });
  fs.symlinkSync(path.join(root, 'site/dist/client'), path.join(srv, 'site'));
  fs.symlinkSync(path.join(root, 'docs/build'), path.join(srv, 'docs'));
  for (const file of fs.readdirSync(configDir).filter((f) => f.endsWith('.conf'))) {
    const text = fs
      .readFileSync(path.join(configDir, file), 'utf8')
      .replaceAll('/srv/painel', srv)
      .replaceAll('/var/log/nginx', dir)
      .replaceAll('/var/cache/nginx', dir)
      .replace('listen 8080;', `listen 127.0.0.1:${port};`);
    fs.writeFileSync(path.join(dir, file), text);
  }
  if (options.microCache === false) {
    const server = fs.readFileSync(path.join(dir, 'painel.conf'), 'utf8');
    const off = server.replace(/^\s*include micro-cache\.conf;\n/m, '');
    if (off === server) throw new Error('painel.conf: no `include micro-cache.conf;` to remove');
    fs.writeFileSync(path.join(dir, 'painel.conf'), off);
  }
  const publicUrlConf = fs.readFileSync(path.join(dir, 'public-url.conf'), 'utf8');
  if (!publicUrlLine.test(publicUrlConf))
    throw new Error('public-url.conf: no `set` line to render');
  fs.writeFileSync(
    path.join(dir, 'public-url.conf'),
    publicUrlConf.replace(publicUrlLine, `set $painel_public_url "${publicUrl}";`),
  );
  // The inline scripts' CSP hashes, as the image's entrypoint puts them in (painel script-hashes).
  const hashes = releaseScriptHashes(root).join(' ');
  const securityHeaders = fs.readFileSync(path.join(dir, 'security-headers.conf'), 'utf8');
  if (!securityHeaders.includes("script-src 'self';"))
    throw new Error("security-headers.conf: no `script-src 'self';` to render");
  if (hashes)
    fs.writeFileSync(
      path.join(dir, 'security-headers.conf'),
      securityHeaders.replace("script-src 'self';", `script-src 'self' ${hashes};`),
    );
  // The replicas given in place of the example's, with the example's settings.
  const upstream = fs.readFileSync(path.join(configDir, 'upstream.conf'), 'utf8');
  const example = /^ {2}server \S+( .*);$/m.exec(upstream);
  if (!example) throw new Error('upstream.conf: no server line to render');
  fs.writeFileSync(
    path.join(dir, 'upstream.conf'),
    upstream
      .replace(/^ {2}server .*\n/gm, '')
      .replace(
        'upstream painel {\n',
        `upstream painel {\n${upstreams.map((u) => `  server ${u}${example[1]};\n`).join('')}`,
      ),
  );
  fs.copyFileSync('/etc/nginx/mime.types', path.join(dir, 'mime.types'));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (kind) => `${kind}_temp_path ${path.join(dir, kind)};`,
  );
  const http = fs.readFileSync(path.join(dir, 'nginx.conf'), 'utf8');
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    http.replace('http {', `http {\n  ${temp.join('\n  ')}`),
  );
  const nginx: ChildProcess = spawn(
    '/usr/sbin/nginx',
    [
      '-p',
      dir,
      '-c',
      path.join(dir, 'nginx.conf'),
      '-g',
      `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log ${path.join(dir, 'error.log')} warn;`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve) => nginx.once('exit', resolve));
  for (;;) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(r, 50, 'wait'))]);
    if (code !== 'wait')
      throw new Error(
        `nginx exited (${code}): ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`,
      );
    if (
      await fetch(`${url}/robots.txt`).then(
        () => true,
        () => false,
      )
    )
      break;
  }
  return {
    url,
    errorLog: () =>
      fs.readFileSync(path.join(dir, 'error.log'), 'utf8').split('\n').filter(Boolean),
    accessLog: () =>
      fs.readFileSync(path.join(dir, 'painel.access.log'), 'utf8').split('\n').filter(Boolean),
    async stop() {
      nginx.kill('SIGQUIT');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
