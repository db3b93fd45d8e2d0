/**
 * Instructions per request, counted by valgrind's callgrind: unlike time, the count barely moves
 * with whatever else the machine is doing, so two versions of the code can be compared on a noisy
 * shared machine, one after the other. It runs instructions-app.ts twice under callgrind, with
 * `small` and `large` requests, and divides the difference by the difference in requests, so
 * start-up (module loading, migrations, seeding) cancels out. Every thread counts (the thread pool's
 * signatures too); the kernel does not (there are no sockets: requests go through inject).
 * Slow: a few minutes per run. Needs valgrind (Debian package valgrind).
 * The PoS read's count repeats; the token's does not (its signatures run on the thread pool, and
 * under valgrind's one-thread-at-a-time scheduling that work did not count the same twice; with
 * valgrind pinned to one core, so that signing runs inline, 800 requests still counted fewer
 * instructions than 200: start-up varied by more than the tokens cost), so judge token changes
 * by the live benchmark's rounds instead.
 *
 *   node --import tsx bench/instructions.ts pos-read      # default 1000 and 4000 requests
 *   node --import tsx bench/instructions.ts token 500 2000
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [scenario = 'pos-read', smallArg = '1000', largeArg = '4000'] = process.argv.slice(2);
const small = Number(smallArg);
const large = Number(largeArg);
if (!(large > small && small > 0)) throw new Error('usage: instructions.ts <pos-read|token> [small] [large], with large > small > 0');

const APP = fileURLToPath(new URL('./instructions-app.ts', import.meta.url));

function instructions(requests: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'posv10-callgrind-'));
  try {
    const run = spawnSync(
      'valgrind',
      [
        '--tool=callgrind',
        `--callgrind-out-file=${join(dir, 'callgrind.out')}`,
        '--smc-check=all-non-file',
        process.execPath,
        '--import',
        'tsx',
        APP,
        scenario,
        String(requests),
      ],
      { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );
    if (run.error !== undefined) throw new Error(`valgrind could not run (${run.error.message}); install it with: apt-get install valgrind`);
    const collected = /Collected\s*:\s*(\d+)/.exec(run.stderr)?.[1];
    if (run.status !== 0 || collected === undefined) throw new Error(`the workload failed under valgrind:\n${run.stderr.slice(-2000)}`);
    return Number(collected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`${scenario}: counting instructions for ${small} and for ${large} requests (a few minutes each)`);
const a = instructions(small);
console.log(`  ${small} requests: ${a.toLocaleString('en-US')} instructions`);
const b = instructions(large);
console.log(`  ${large} requests: ${b.toLocaleString('en-US')} instructions`);
console.log(`${scenario}: ${((b - a) / (large - small) / 1000).toFixed(0)} thousand instructions per request`);
