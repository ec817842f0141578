import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOrigin } from '../api/src/http/public-url.js';
import { tempDir } from '../api/src/testing/databases.js';
import { precompress } from './precompress.js';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('precompress', () => {
  it('writes a .gz beside hashed text assets of 1 KB or more, and nothing else', () => {
    const big = `body{color:red}\n`.repeat(200);
    const files: Record<string, string> = {
      'assets/app.css': big,
      'assets/app.js': big,
      'assets/small.js': 'x()',
      'assets/logo.png': big,
      'assets/config.json': `{"url":"${buildOrigin}","pad":"${big}"}`,
      'index.html': big,
    };
    for (const [name, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), body);
    }
    expect(precompress(dir, /^assets\//)).toBe(2);
    const gz = (name: string) => path.join(dir, `${name}.gz`);
    expect(gunzipSync(fs.readFileSync(gz('assets/app.css'))).toString()).toBe(big);
    expect(fs.existsSync(gz('assets/app.js'))).toBe(true);
    // Too small, an image format, holding the placeholder, not a hashed asset.
    for (const name of ['assets/small.js', 'assets/logo.png', 'assets/config.json', 'index.html'])
      expect(fs.existsSync(gz(name)), name).toBe(false);
  });
});
