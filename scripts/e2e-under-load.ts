import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

/**
 * Runs the end-to-end suite while a CPU burner keeps cores busy, so a test that waits on time
 * instead of a condition fails here rather than on a busy CI machine.
 *
 *   tsx scripts/e2e-under-load.ts                      CI: one pass, one core burning
 *   tsx scripts/e2e-under-load.ts --runs 3 --cores 2   the stress check: three passes, both cores
 *
 * The burner is bounded: one busy-looping process per core asked for (at most the machine's),
 * each ending when this script ends or after `--minutes`, whichever comes first. Extra arguments
 * after `--` go to vitest (a file filter, say).
 */

const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    cores: { type: 'string', default: '1' },
    minutes: { type: 'string', default: '120' },
  },
  allowPositionals: true,
});
const runs = Math.max(1, Number(values.runs));
const cores = Math.min(Math.max(0, Number(values.cores)), availableParallelism());
const minutes = Number(values.minutes);

/** A process that spins until `deadline`: a whole core, as a busy neighbour would take. */
function burner(deadline: number): ChildProcess {
  const loop = `const end = ${deadline}; while (Date.now() < end) { for (let i = 0; i < 1e6; i++); }`;
  return spawn(process.execPath, ['-e', loop], { stdio: 'ignore' });
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const burners = Array.from({ length: cores }, () => burner(Date.now() + minutes * 60_000));
const stop = () => {
  for (const b of burners) b.kill('SIGKILL');
};
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    stop();
    process.exit(1);
  });

let failed = 0;
for (let pass = 1; pass <= runs; pass++) {
  console.log(
    `\n=== e2e pass ${pass} of ${runs}, ${cores} of ${availableParallelism()} cores burning`,
  );
  const code = await run('npx', [
    'vitest',
    'run',
    '--config',
    'test/e2e/vitest.config.ts',
    ...positionals,
  ]);
  if (code !== 0) failed++;
}
stop();
console.log(`\n=== e2e under load: ${runs - failed} of ${runs} passes passed`);
process.exit(failed === 0 ? 0 : 1);
