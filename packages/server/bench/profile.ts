/**
 * Where a request's CPU goes: runs one posv10 scenario against a server started with --cpu-prof,
 * then prints the functions with the most self time (and writes the .cpuprofile for Chrome
 * DevTools or speedscope).
 *
 *   node --import tsx bench/profile.ts pos-read            10 s on SQLite
 *   node --import tsx bench/profile.ts token 5 postgres    5 s on PostgreSQL
 *   node --import tsx bench/profile.ts notification-drain 10   the deliverer alone, backlogs of 2,000 drained for 10 s
 *   POSV10_SIGNING_ALG=EdDSA node --import tsx bench/profile.ts token   POSV10_* settings pass through
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, probe } from './lib/load.ts';
import { measureFlows } from './lib/flow.ts';
import { pinSelfToLoadCore } from './lib/pin.ts';
import { startPosv10, type BenchDatabase } from './servers/posv10.ts';
import { isDrainScenario, isFlowScenario } from './scenarios/scenario.ts';
import { token } from './scenarios/token.ts';
import { tokenMerchant } from './scenarios/token-merchant.ts';
import { posRead } from './scenarios/pos-read.ts';
import { paymentFlow } from './scenarios/payment-flow.ts';
import { notifications } from './scenarios/notifications.ts';
import { notificationDrain } from './scenarios/notification-drain.ts';

const SCENARIOS = [token, tokenMerchant, posRead, paymentFlow, notifications, notificationDrain];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  /** Microseconds on the monotonic clock, which process.hrtime reads here too. */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (name, file, line), heaviest first, as shares of the samples taken from `fromUs` on. */
function topSelf(profile: Profile, count: number, fromUs = 0): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < fromUs) return;
    total += dt;
    const where =
      frame.url === '' ? '' : ` ${frame.url.replace(/^.*node_modules\//, '~/').replace(/^file:\/\/.*packages\/server\//, '')}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, t]) => `${((t / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}

/** The POSV10_* variables of this process, handed to the profiled server. */
function posv10Settings(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('POSV10_') && e[1] !== undefined));
}

async function main(): Promise<void> {
  const [name = 'pos-read', secondsArg = '10', database = 'sqlite'] = process.argv.slice(2);
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`unknown scenario ${name} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  pinSelfToLoadCore();
  const dir = mkdtempSync(join(tmpdir(), 'posv10-prof-'));
  /** Where the profile starts to count: after a drain scenario's backlog was queued. */
  let fromUs = 0;
  const server = await startPosv10({
    cores: 'server',
    database: database as BenchDatabase,
    env: posv10Settings(),
    nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  try {
    const seconds = Number(secondsArg);
    if (isDrainScenario(scenario)) {
      // The backlog's check-ins come first; only the drains' samples are counted.
      const drain = await scenario.setupDrain(server, 2000);
      fromUs = Number(process.hrtime.bigint() / 1000n);
      let units = 0;
      let drainSeconds = 0;
      while (drainSeconds < seconds) {
        const d = await drain();
        units += d.units;
        drainSeconds += d.seconds;
      }
      console.log(`${(units / drainSeconds).toFixed(0)}/s over ${units} units`);
    } else if (isFlowScenario(scenario)) {
      await measureFlows(await scenario.setupFlows(server, 32), seconds);
    } else {
      const request = await scenario.setup(server);
      await probe(request);
      const m = await measure(request, { seconds, connections: 32 });
      console.log(`${m.rps.toFixed(0)}/s, p99 ${m.p99} ms`);
    }
  } finally {
    await server.stop();
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no profile written in ${dir}`);
  console.log(`profile: ${join(dir, file)}\n`);
  for (const line of topSelf(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile, 40, fromUs)) console.log(line);
}

await main();
