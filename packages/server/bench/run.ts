/**
 * `npm run bench`: the token endpoint under load, against the raw signing ceiling and against
 * oidc-provider, all measured in this one run (issue 8). Servers run in child processes pinned to
 * core 0 (or to both cores where a row says so); autocannon runs here, pinned to core 1.
 *
 *   npm run bench                         full run (a few minutes), writes BENCHMARKS.md
 *   npm run bench -- --short              CI smoke: every scenario once for about a second, nothing written
 *   npm run bench -- --duration 20        seconds per load run (full mode; default 10)
 *   npm run bench -- --note "quiet"       a line about the conditions, written into BENCHMARKS.md
 *   npm run bench -- --only pos-read --database sqlite   posv10 scenarios on one database, no variants (partial run)
 *   npm run bench -- --only head-to-head  the alternating rounds alone (the targets judged on them)
 *   npm run bench -- --only token         one scenario (raw-sign, bare-fastify, token, token-merchant, pos-read, payment-flow, notifications, notification-drain, oidc-provider-token, rss)
 *
 * Exit code 1 when any scenario fails (no 2xx answers, a server that does not start).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { measure, probe, type LoadRequest, type Measurement } from './lib/load.ts';
import { measureFlows } from './lib/flow.ts';
import { pacedInWorker } from './lib/paced-worker.ts';
import { LOAD_CORE, onCores, pinning, pinSelfToLoadCore, SERVER_CORE, type Cores } from './lib/pin.ts';
import { showSteal, stealBetween, untouched, watchSteal, type Steal } from './lib/steal.ts';
import { markdown, ratiosTable, roundsTable, rowsTable, type Ratio, type Row } from './lib/report.ts';
import { alternate, cpuRatio, perRound, rateRatio, summarise, type Contender, type RoundResults, type Sample, type Summary } from './lib/rounds.ts';
import type { ChildServer } from './lib/child.ts';
import { startPosv10, type BenchDatabase, type Posv10Server } from './servers/posv10.ts';
import { startOidcProvider, type OidcProviderServer } from './servers/oidc-provider.ts';
import { isDrainScenario, isFlowScenario, type AnyScenario, type DrainScenario, type FlowScenario, type Scenario } from './scenarios/scenario.ts';
import { token } from './scenarios/token.ts';
import { tokenMerchant } from './scenarios/token-merchant.ts';
import { posRead } from './scenarios/pos-read.ts';
import { paymentFlow } from './scenarios/payment-flow.ts';
import { notifications } from './scenarios/notifications.ts';
import { notificationDrain } from './scenarios/notification-drain.ts';
import { oidcProviderToken } from './scenarios/oidc-provider-token.ts';
import { bareEnvelope, bareFastify, bareSignedToken } from './scenarios/bare-fastify.ts';
import { startBareFastify } from './servers/bare-fastify.ts';
import type { RawRate } from './raw-sign.ts';

/** posv10 scenarios, each measured on the pinned RS256 server over each database. */
const POSV10_SCENARIOS: readonly AnyScenario<Posv10Server>[] = [token, tokenMerchant, posRead, paymentFlow, notifications, notificationDrain];
const ALL_DATABASES: readonly BenchDatabase[] = ['sqlite', 'postgres'];

const { values: args } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    duration: { type: 'string' },
    only: { type: 'string' },
    connections: { type: 'string', default: '32' },
    note: { type: 'string' },
    database: { type: 'string' },
  },
});
const short = args.short;
const seconds = Number(args.duration ?? (short ? '1' : '10'));
const soakSeconds = short ? 2 : 60;
const rawSeconds = short ? 0.2 : 3;
/** Alternating rounds (bench/lib/rounds.ts): how many, and seconds per contender per round. */
const ROUNDS = short ? 1 : 5;
const roundSeconds = short ? 0.5 : 3;
const connections = Number(args.connections);
/**
 * Stretches of the open-loop run whose p99s are summarised (lib/paced.ts `windows`): 1 s each in a
 * full run, short enough that some of them escape the host's steal altogether.
 */
const P99_WINDOWS = short ? 1 : 10;
if (!(seconds > 0) || !(connections > 0)) throw new Error('--duration and --connections must be positive numbers');

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const rows: Row[] = [];
const rss: string[] = [];
const failures: string[] = [];
/** The p99 of each stretch of an open-loop run, and the steal during it, by row id. */
const p99Windows = new Map<string, readonly number[]>();
const stealWindows = new Map<string, readonly Steal[]>();
/** The open-loop sender's own stalls in each stretch (lib/paced.ts): latest send after due, longest GC pause, ms. */
const senderWindows = new Map<string, { readonly late: readonly number[]; readonly gc: readonly number[] }>();
const rates = new Map<string, Row>();

/** `--only head-to-head` runs the alternating rounds alone: the round-judged targets in a few minutes. */
const HEAD_TO_HEAD = 'head-to-head';
const KNOWN = ['raw-sign', bareFastify.name, ...POSV10_SCENARIOS.map((s) => s.name), oidcProviderToken.name, 'rss', HEAD_TO_HEAD];
if (args.only !== undefined && !KNOWN.includes(args.only)) throw new Error(`--only ${args.only}: unknown scenario (known: ${KNOWN.join(', ')})`);
if (args.database !== undefined && !(ALL_DATABASES as readonly string[]).includes(args.database))
  throw new Error(`--database ${args.database}: use sqlite or postgres`);
const DATABASES = args.database === undefined ? ALL_DATABASES : ALL_DATABASES.filter((d) => d === args.database);
const wanted = (scenario: string) => args.only === undefined || args.only === scenario;

function record(id: string, what: string, cores: Cores, m: Measurement, cpuUs?: number, steal?: Steal): void {
  const row: Row = {
    id,
    what,
    cores: cores === 'server' && pinning.pinned ? 'core 0' : pinning.pinned ? 'both' : 'unpinned',
    rps: m.rps,
    // A drain has no per-request latency.
    ...(Number.isNaN(m.p50) ? {} : { p50: m.p50, p99: m.p99 }),
    ...(cpuUs !== undefined ? { cpuUs } : {}),
    ...(steal !== undefined ? { steal } : {}),
  };
  rows.push(row);
  rates.set(id, row);
  const extra = m.non2xx + m.errors > 0 ? `  (${m.non2xx} non-2xx, ${m.errors} errors)` : '';
  const cpu = cpuUs !== undefined ? `  CPU ${cpuUs.toFixed(0)} µs/req` : '';
  const stolen = steal !== undefined ? `  steal ${showSteal(steal)}` : '';
  const latency = Number.isNaN(m.p50) ? '' : `  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms`;
  console.log(`  ${what.padEnd(58)} ${row.cores.padEnd(8)} ${m.rps.toFixed(0).padStart(7)}/s${latency}${cpu}${stolen}${extra}`);
}

/** Starts a server, runs `body` against it, always stops it; a failure is recorded, not thrown. */
async function withServer<S extends ChildServer>(label: string, start: () => Promise<S>, body: (server: S) => Promise<unknown>): Promise<void> {
  console.log(`\n${label}`);
  let server: S | undefined;
  try {
    server = await start();
    await body(server);
  } catch (err) {
    failures.push(`${label}: ${err instanceof Error ? err.message : String(err)}`);
    console.log(`  FAILED: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await server?.stop();
  }
}

/** A scenario's request, checked once and warmed up so JIT and caches (client lookup, merchant grant) are in their steady state. */
async function prepared<S extends ChildServer>(server: S, scenario: Scenario<S>): Promise<LoadRequest> {
  const request: LoadRequest = await scenario.setup(server);
  await probe(request);
  await measure(request, { seconds: short ? 0.3 : 2, connections });
  return request;
}

/**
 * One load run, and the server's CPU time per answered request: other work on a shared machine
 * lowers the rate much more than it changes the CPU a request costs. With a `rate`, the load is
 * open-loop at that steady rate (lib/paced.ts), else autocannon as fast as the server answers.
 */
async function measureWithCpu(
  server: ChildServer,
  request: LoadRequest,
  settings: { seconds: number; rate?: number },
): Promise<{
  m: Measurement;
  cpuUs: number | undefined;
  steal: Steal;
  p99ByWindow?: readonly number[];
  stealByWindow?: readonly Steal[];
  senderLateByWindow?: readonly number[];
  senderGcByWindow?: readonly number[];
}> {
  if (settings.rate === undefined) {
    const cost = watchCost(server);
    const m = await measure(request, { seconds: settings.seconds, connections });
    return { m, ...cost(m.ok + m.non2xx) };
  }
  // The open-loop sender runs in a worker thread of its own (lib/paced-worker.ts) and warms up
  // there first, at the rate it will measure: cold, it fell behind for its first half second, and
  // every request it sent late counted as the server's latency (a cold sender's p99 at 80% was
  // 28-45 ms against the same warm server, a warm one's 6-20 ms). Both cores' clock ticks are read
  // as each stretch starts and as the run's last request goes out.
  const { url, method, headers, body } = request;
  // The server's CPU and the host's steal count from the measured run's start (after the warm-up).
  let cost: ReturnType<typeof watchCost> | undefined;
  const { m, marks } = await pacedInWorker(
    {
      load: { url, method, headers, body },
      warmupSeconds: short ? 0.3 : 2,
      settings: { seconds: settings.seconds, rate: settings.rate, connections, windows: P99_WINDOWS },
    },
    () => (cost = watchCost(server)),
  );
  if (cost === undefined) throw new Error('the paced sender never started its measured run');
  const stealByWindow = marks.slice(1).map((after, i) => stealBetween(marks[i]!, after));
  return {
    m,
    ...cost(m.ok + m.non2xx),
    p99ByWindow: m.p99ByWindow,
    stealByWindow,
    senderLateByWindow: m.senderLateByWindow,
    senderGcByWindow: m.senderGcByWindow,
  };
}

/** Starts watching what a measurement costs: the server's CPU µs per unit, and the host's steal. */
function watchCost(server: ChildServer): (units: number) => { cpuUs: number | undefined; steal: Steal } {
  const cpuBefore = server.cpuSeconds();
  const stolen = watchSteal();
  return (units) => {
    const cpuAfter = server.cpuSeconds();
    return { cpuUs: cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1e6) / units, steal: stolen() };
  };
}

/** One scenario under load, recorded as a row. */
async function load<S extends ChildServer>(server: S, scenario: AnyScenario<S>, id: string, what: string, cores: Cores, rate?: number): Promise<Measurement> {
  if (isFlowScenario(scenario)) return loadFlows(server, scenario, id, what, cores);
  if (isDrainScenario(scenario)) return loadDrain(server, scenario, id, what, cores);
  const request = await prepared(server, scenario);
  const { m, cpuUs, steal, p99ByWindow, stealByWindow, senderLateByWindow, senderGcByWindow } = await measureWithCpu(server, request, {
    seconds,
    ...(rate !== undefined ? { rate } : {}),
  });
  record(id, what, cores, m, cpuUs, steal);
  if (p99ByWindow !== undefined) {
    p99Windows.set(id, p99ByWindow);
    if (stealByWindow !== undefined) stealWindows.set(id, stealByWindow);
    const stolenIn = (i: number) => (stealByWindow?.[i] === undefined ? '' : ` (steal ${showSteal(stealByWindow[i])})`);
    console.log(`  p99 of each ${seconds / P99_WINDOWS} s stretch: ${p99ByWindow.map((x, i) => `${x.toFixed(1)} ms${stolenIn(i)}`).join(', ')}`);
    if (senderLateByWindow !== undefined && senderGcByWindow !== undefined) {
      senderWindows.set(id, { late: senderLateByWindow, gc: senderGcByWindow });
      console.log(
        `  sender, each stretch: latest send after due / longest GC pause: ${senderLateByWindow.map((x, i) => `${x.toFixed(1)}/${senderGcByWindow[i]!.toFixed(1)} ms`).join(', ')}`,
      );
    }
  }
  return m;
}

/** A flow scenario: as `load`, with whole flows as the unit (per second, latency, CPU µs each). */
async function loadFlows<S extends ChildServer>(server: S, scenario: FlowScenario<S>, id: string, what: string, cores: Cores): Promise<Measurement> {
  const workers = await scenario.setupFlows(server, connections);
  await measureFlows(workers, short ? 0.3 : 2);
  const cost = watchCost(server);
  const m = await measureFlows(workers, seconds);
  const { cpuUs, steal } = cost(m.ok + m.non2xx);
  record(id, what, cores, m, cpuUs, steal);
  return m;
}

/** Units of work a drain scenario prepares, and the drains measured after one warm-up drain. */
const DRAIN_SIZE = short ? 200 : 2000;
const DRAINS = short ? 1 : 3;

/** A drain scenario: one drain to warm up, then `DRAINS` measured; units per second of drain time, CPU µs each, no latencies. */
async function loadDrain<S extends ChildServer>(server: S, scenario: DrainScenario<S>, id: string, what: string, cores: Cores): Promise<Measurement> {
  const drain = await scenario.setupDrain(server, DRAIN_SIZE);
  await drain();
  let units = 0;
  let drainSeconds = 0;
  const each: string[] = [];
  const cost = watchCost(server);
  for (let i = 0; i < DRAINS; i += 1) {
    const d = await drain();
    units += d.units;
    drainSeconds += d.seconds;
    each.push(`${(d.units / d.seconds).toFixed(0)}/s`);
  }
  const { cpuUs, steal } = cost(units);
  console.log(`  each drain: ${each.join(', ')}`);
  const m: Measurement = { rps: units / drainSeconds, p50: NaN, p99: NaN, ok: units, non2xx: 0, errors: 0 };
  record(id, what, cores, m, cpuUs, steal);
  return m;
}

/**
 * The raw ceiling, measured at the start and again at the end of the run: a passing burst of
 * other work on the machine then lowers one pass, not the ceiling (the better pass counts).
 */
function runRawSign(secondsPerForm: number, algs?: string): RawRate[] {
  const { command, args: cmdArgs } = onCores('server', process.execPath, [
    '--import',
    'tsx',
    `${BENCH_DIR}raw-sign.ts`,
    String(secondsPerForm),
    ...(algs !== undefined ? [algs] : []),
  ]);
  return JSON.parse(execFileSync(command, cmdArgs, { encoding: 'utf8', cwd: BENCH_DIR })) as RawRate[];
}

function rawSign(pass: 1 | 2): void {
  console.log(`\nraw ceiling (pass ${pass}): node:crypto JWT signatures in one process`);
  const stolen = watchSteal();
  const forms = runRawSign(rawSeconds);
  // One process signs every form in turn; the steal is the whole pass's.
  const steal = stolen();
  for (const r of forms) {
    const id = `raw-${r.alg}-${r.mode}`;
    const row: Row = {
      id,
      what: `raw ${r.alg} sign, ${r.mode === 'sync' ? 'crypto.sign sync' : 'crypto.sign callback (thread pool)'}, pass ${pass}`,
      cores: pinning.pinned ? 'core 0' : 'unpinned',
      rps: r.perSecond,
      cpuUs: r.cpuUs,
      steal,
    };
    rows.push(row);
    const earlier = rates.get(id);
    rates.set(id, earlier === undefined ? row : { ...row, rps: Math.max(earlier.rps, row.rps), cpuUs: Math.min(earlier.cpuUs ?? Infinity, r.cpuUs) });
    console.log(`  ${row.what.padEnd(58)} ${row.cores.padEnd(8)} ${r.perSecond.toFixed(0).padStart(7)}/s  CPU ${r.cpuUs.toFixed(0)} µs/signature`);
  }
}

/** What the head-to-head rounds measured; undefined when they did not run (a partial run). */
let rounds: RoundResults | undefined;

const CONTENDERS = new Map([
  ['raw', 'raw RS256 signing, better of sync and callback (core 0)'],
  ['token', 'posv10 POST /connect/token, client_secret_basic (sqlite, core 0)'],
  ['oidc', 'oidc-provider POST /token, client_secret_basic, RS256 JWT (core 0)'],
  ['token-both', 'posv10 POST /connect/token, client_secret_basic (sqlite, both cores)'],
  ['oidc-both', 'oidc-provider POST /token, client_secret_basic, RS256 JWT (both cores)'],
  ['bare', 'bare Fastify POST, constant JSON answer (core 0)'],
  ['signed-floor', 'bare Fastify POST, a fresh RS256 JWT signed as posv10 signs, inline on one core (core 0)'],
  ['pos-read', 'posv10 GET /pos/v10/payments/{id} (sqlite, core 0)'],
  ['envelope', "bare Fastify GET, a PoS read's request and response headers, constant payment (core 0)"],
]);

/** A running server and scenario as a contender of the rounds. */
async function contender<S extends ChildServer>(id: string, server: S, scenario: Scenario<S>): Promise<Contender> {
  const request = await prepared(server, scenario);
  return {
    id,
    async measure(forSeconds): Promise<Sample> {
      const { m, cpuUs, steal } = await measureWithCpu(server, request, { seconds: forSeconds });
      return { rps: m.rps, cpuUs, steal };
    },
  };
}

/**
 * The ratios the targets are stated in, head to head: the raw ceiling, posv10's token endpoint and
 * oidc-provider (pinned to core 0, and again on both cores), the bare Fastify floor and a PoS read,
 * in alternating rounds (bench/lib/rounds.ts) with every server up throughout (an idle one costs
 * nothing).
 */
async function headToHead(): Promise<void> {
  console.log(`\nhead to head: ${ROUNDS} alternating round(s), ${roundSeconds} s per contender`);
  const servers: ChildServer[] = [];
  try {
    const posv10 = await startPosv10({ cores: 'server' });
    servers.push(posv10);
    const oidc = await startOidcProvider({ cores: 'server' });
    servers.push(oidc);
    const bare = await startBareFastify({ cores: 'server' });
    servers.push(bare);
    const posv10Both = await startPosv10({ cores: 'both' });
    servers.push(posv10Both);
    const oidcBoth = await startOidcProvider({ cores: 'both' });
    servers.push(oidcBoth);
    const raw: Contender = {
      id: 'raw',
      measure: async (forSeconds) => {
        const stolen = watchSteal();
        const forms = runRawSign(forSeconds / 2, 'RS256');
        return { rps: Math.max(...forms.map((f) => f.perSecond)), cpuUs: Math.min(...forms.map((f) => f.cpuUs)), steal: stolen() };
      },
    };
    const contenders = [
      raw,
      await contender('token', posv10, token),
      await contender('oidc', oidc, oidcProviderToken),
      await contender('token-both', posv10Both, token),
      await contender('oidc-both', oidcBoth, oidcProviderToken),
      await contender('bare', bare, bareFastify),
      await contender('signed-floor', bare, bareSignedToken),
      await contender('pos-read', posv10, posRead),
      await contender('envelope', bare, bareEnvelope(await posRead.setup(posv10))),
    ];
    rounds = await alternate(contenders, ROUNDS, roundSeconds, (line) => console.log(line));
  } catch (err) {
    failures.push(`head to head: ${err instanceof Error ? err.message : String(err)}`);
    console.log(`  FAILED: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    for (const server of servers) await server.stop();
  }
}

/** RSS of a fresh server before load, sampled every second during a `soakSeconds` run, and after. */
async function soak(server: Posv10Server): Promise<void> {
  const request = await token.setup(server);
  await probe(request);
  const before = server.rssMiB();
  const samples: number[] = [];
  const timer = setInterval(() => {
    const v = server.rssMiB();
    if (v !== undefined) samples.push(v);
  }, 1000);
  let m: Measurement;
  try {
    m = await measure(request, { seconds: soakSeconds, connections });
  } finally {
    clearInterval(timer);
  }
  await sleep(short ? 200 : 2000);
  const after = server.rssMiB();
  record('soak', `token, ${soakSeconds} s run (RSS sampled each second)`, 'server', m);
  rates.set('rss-before', { id: 'rss-before', what: '', cores: '', rps: before ?? NaN });
  rates.set('rss-max', { id: 'rss-max', what: '', cores: '', rps: Math.max(...samples, after ?? 0) });
  rates.set('rss-after', { id: 'rss-after', what: '', cores: '', rps: after ?? NaN });
  const third = Math.max(1, Math.floor(samples.length / 3));
  const early = Math.max(...samples.slice(0, third));
  const late = Math.max(...samples.slice(-third));
  rates.set('rss-drift', { id: 'rss-drift', what: '', cores: '', rps: late - early });
  const mib = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MiB`);
  const line = `posv10 RSS over a ${soakSeconds} s token run at full rate: before ${mib(before)}, during max ${mib(Math.max(...samples))} (first third max ${mib(early)}, last third max ${mib(late)}), after ${mib(after)}`;
  rss.push(line);
  console.log(`  ${line}`);
}

function ratios(): Ratio[] {
  const v = (id: string) => rates.get(id)?.rps;
  const div = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
  const max = (...xs: (number | undefined)[]) => (xs.some((x) => x === undefined) ? undefined : Math.max(...(xs as number[])));
  const atLeast = (x: number | undefined, t: number) => (x === undefined ? undefined : x >= t);
  const below = (x: number | undefined, t: number) => (x === undefined ? undefined : x < t);
  const ceiling = (alg: string) => max(v(`raw-${alg}-sync`), v(`raw-${alg}-async`));
  const cpu = (id: string) => rates.get(id)?.cpuUs;
  // The cheaper of the two raw forms, in CPU per signature: the same ceiling, counted in CPU time.
  const cpuFloor = (alg: string) => {
    const a = cpu(`raw-${alg}-sync`);
    const b = cpu(`raw-${alg}-async`);
    return a === undefined || b === undefined ? undefined : Math.min(a, b);
  };
  // The targets are judged on the alternating rounds when they ran; a ratio of two single runs
  // minutes apart is listed too, without a target.
  /** A median-of-rounds ratio; with `atLeast`, a target it is judged against. */
  const ofRounds = (name: string, summary: Summary | undefined, unit: Ratio['unit'], atLeast?: { readonly label: string; readonly min: number }): Ratio => ({
    name: `${name}, median of ${ROUNDS} alternating round${ROUNDS === 1 ? '' : 's'} (range)`,
    value: summary?.median,
    unit,
    target: atLeast?.label ?? '–',
    met: summary === undefined || atLeast === undefined ? undefined : summary.median >= atLeast.min,
    ...(summary !== undefined ? { range: [summary.min, summary.max] as const } : {}),
  });
  const headToHeadRatios: Ratio[] =
    rounds === undefined
      ? []
      : [
          // Issue 23's targets: the endpoint's own work against the signing floor, not the raw ceiling
          // (which the floor itself reaches only ~79% of: that gap is Fastify and the hypervisor).
          ofRounds('token pinned / raw RS256 one-core ceiling', rateRatio(rounds, 'token', 'raw'), '%'),
          ofRounds('same, by CPU time: raw µs per signature / token µs per request', cpuRatio(rounds, 'token', 'raw'), '%'),
          ofRounds(
            'signing floor (bare Fastify route that only signs) / raw RS256 ceiling: the most any Fastify token route reaches',
            rateRatio(rounds, 'signed-floor', 'raw'),
            '%',
          ),
          ofRounds('token pinned / signing floor', rateRatio(rounds, 'token', 'signed-floor'), '%', { label: '≥ 92%', min: 0.92 }),
          ofRounds('token pinned / oidc-provider pinned', rateRatio(rounds, 'token', 'oidc'), '×', { label: '≥ 1.4×', min: 1.4 }),
          ofRounds('same, by CPU time: oidc-provider µs per request / token µs per request', cpuRatio(rounds, 'token', 'oidc'), '×', {
            label: '≥ 1.4×',
            min: 1.4,
          }),
          ofRounds('token both cores / oidc-provider both cores', rateRatio(rounds, 'token-both', 'oidc-both'), '×', { label: '≥ 1.6×', min: 1.6 }),
          ofRounds('PoS read pinned, SQLite: GET /pos/v10/payments/{id} per second', summarise(rounds.get('pos-read')!.map((x) => x.rps)), '/s', {
            label: '≥ 10,000/s',
            min: 10_000,
          }),
          ofRounds('PoS read pinned / bare Fastify pinned (the HTTP floor)', rateRatio(rounds, 'pos-read', 'bare'), '%', { label: '≥ 50%', min: 0.5 }),
          // Where the HTTP floor goes: a PoS read's envelope alone (its headers both ways, a constant
          // body) against the bare POST, and the PoS read against its envelope (its own work).
          ofRounds("PoS read's envelope / bare Fastify pinned", rateRatio(rounds, 'envelope', 'bare'), '%'),
          ofRounds("PoS read pinned / its envelope (the PoS read's own work)", rateRatio(rounds, 'pos-read', 'envelope'), '%'),
          ofRounds(
            'PoS read CPU µs per request beyond its envelope',
            perRound(rounds, 'pos-read', 'envelope', (a, b) => (a.cpuUs !== undefined && b.cpuUs !== undefined ? a.cpuUs - b.cpuUs : undefined)),
            'µs',
          ),
        ];
  const windowP99 = summarise(p99Windows.get('token-80') ?? []);
  // The target is judged on the whole run. The stretches show how much of it one stall of the host
  // made: a low median under a high p99 is the machine, not the server.
  const p99OfWindows: Ratio = {
    name: `same, median of the p99s of the run's ${P99_WINDOWS} equal stretches (range)`,
    value: windowP99?.median,
    unit: 'ms',
    target: '–',
    met: undefined,
    ...(windowP99 !== undefined ? { range: [windowP99.min, windowP99.max] as const } : {}),
  };
  // The same stretches, by how much of each core the host took in each.
  const stretchSteal = stealWindows.get('token-80') ?? [];
  // A stall just before a stretch still weighs on it while the queue drains, so the stretch before
  // must have been left alone too (the first follows the warm-up, which is not watched).
  const quiet = (i: number) => untouched(stretchSteal[i]) && (i === 0 || untouched(stretchSteal[i - 1]));
  const quietP99s = (p99Windows.get('token-80') ?? []).filter((_, i) => quiet(i));
  const stretchRows: Ratio[] = (['server', 'load'] as const).map((core) => {
    const steal = summarise(stretchSteal.map((s) => s[core]).filter((x): x is number => x !== undefined));
    return {
      name: `same run: core ${core === 'server' ? `${SERVER_CORE} (server)` : `${LOAD_CORE} (sender)`} steal of each stretch, median (range)`,
      value: steal?.median,
      unit: '%',
      target: '–',
      met: undefined,
      ...(steal !== undefined ? { range: [steal.min, steal.max] as const } : {}),
    };
  });
  // The sender's own stalls: a request it sent late counts its latency from when it was due, so a
  // stretch where it fell behind reads as a slow server whatever the server did.
  const sender = senderWindows.get('token-80');
  for (const [what, values] of [
    ['latest request sent after it fell due', sender?.late],
    ['longest garbage-collection pause', sender?.gc],
  ] as const) {
    const summary = summarise(values ?? []);
    stretchRows.push({
      name: `same run: the sender's ${what} in each stretch, median (range)`,
      value: summary?.median,
      unit: 'ms',
      target: '–',
      met: undefined,
      ...(summary !== undefined ? { range: [summary.min, summary.max] as const } : {}),
    });
  }
  stretchRows.push({
    // What the server does when the host leaves both cores alone: the worst of those stretches.
    name: `same run: highest p99 among the stretches where the host took no measurable time from either core, then or in the stretch before (${quietP99s.length} of ${P99_WINDOWS} stretches)`,
    value: quietP99s.length === 0 ? undefined : Math.max(...quietP99s),
    unit: 'ms',
    // Issue 23: < 10 ms where the host left the machine alone (the whole-run p99 above is the host's as much as ours).
    target: '< 10 ms',
    met: quietP99s.length === 0 ? undefined : below(Math.max(...quietP99s), 10),
  });
  const single = rounds === undefined ? '' : ' (single runs)';
  const targetIfNoRounds = (target: string) => (rounds === undefined ? target : '–');
  const metIfNoRounds = (met: boolean | undefined) => (rounds === undefined ? met : undefined);
  const list: Ratio[] = [
    ...headToHeadRatios,
    {
      name: `token pinned / raw RS256 one-core ceiling (better of sync, callback)${single}`,
      value: div(v('token'), ceiling('RS256')),
      unit: '%',
      target: '–',
      met: undefined,
    },
    {
      name: `same, by CPU time: raw µs per signature / token µs per request${single}`,
      value: div(cpuFloor('RS256'), cpu('token')),
      unit: '%',
      target: '–',
      met: undefined,
    },
    {
      // What the token endpoint adds beyond the HTTP floor and the signature, per request.
      name: 'token CPU µs beyond (bare Fastify + raw RS256 signature)',
      value:
        cpu('token') === undefined || cpu('bare') === undefined || cpuFloor('RS256') === undefined
          ? undefined
          : cpu('token')! - cpu('bare')! - cpuFloor('RS256')!,
      unit: 'µs',
      target: '–',
      met: undefined,
    },
    {
      // The arithmetic of the 85% target: what is left per token for everything but the signature.
      name: 'at 85% of the raw rate, CPU a token may spend beyond its signature (raw µs × 0.15 / 0.85)',
      value: cpuFloor('RS256') === undefined ? undefined : (cpuFloor('RS256')! * 0.15) / 0.85,
      unit: 'µs',
      target: '–',
      met: undefined,
    },
    { name: 'bare Fastify CPU per request (HTTP alone, no application work)', value: cpu('bare'), unit: 'µs', target: '–', met: undefined },
    { name: 'token+merchant_vat pinned / raw RS256 ceiling', value: div(v('token-merchant'), ceiling('RS256')), unit: '%', target: '–', met: undefined },
    {
      name: `token pinned / oidc-provider pinned${single}`,
      value: div(v('token'), v('oidc-pinned')),
      unit: '×',
      target: targetIfNoRounds('≥ 1.4×'),
      met: metIfNoRounds(atLeast(div(v('token'), v('oidc-pinned')), 1.4)),
    },
    {
      name: `same, by CPU time: oidc-provider µs per request / token µs per request${single}`,
      value: div(cpu('oidc-pinned'), cpu('token')),
      unit: '×',
      target: targetIfNoRounds('≥ 1.4×'),
      met: metIfNoRounds(atLeast(div(cpu('oidc-pinned'), cpu('token')), 1.4)),
    },
    {
      name: `token both cores / oidc-provider both cores${single}`,
      value: div(v('token-both'), v('oidc-both')),
      unit: '×',
      target: targetIfNoRounds('≥ 1.6×'),
      met: metIfNoRounds(atLeast(div(v('token-both'), v('oidc-both')), 1.6)),
    },
    {
      name: 'token pinned: p99 at 80% of its max rate (open loop)',
      value: rates.get('token-80')?.p99,
      unit: 'ms',
      target: '–',
      met: undefined,
    },
    p99OfWindows,
    ...stretchRows,
    {
      // Whether the run tested 80%: its rate times the CPU each request took during it.
      name: 'same run: share of core 0 the server was busy (rate × CPU per request; 80% if the machine held still)',
      value: rates.get('token-80')?.cpuUs === undefined ? undefined : (rates.get('token-80')!.rps * rates.get('token-80')!.cpuUs!) / 1e6,
      unit: '%',
      target: '–',
      met: undefined,
    },
    {
      name: 'token pinned, request logs off / on (POSV10_LOG_REQUESTS)',
      value: div(v('token'), v('token-logs')),
      unit: '×',
      target: '> 1 keeps logs off by default',
      met: undefined,
    },
    { name: 'same, by CPU time: µs per request with logs on / off', value: div(cpu('token-logs'), cpu('token')), unit: '×', target: '–', met: undefined },
    { name: 'token ES256 pinned / raw ES256 ceiling', value: div(v('token-ES256'), ceiling('ES256')), unit: '%', target: '–', met: undefined },
    { name: 'token EdDSA pinned / raw EdDSA ceiling', value: div(v('token-EdDSA'), ceiling('EdDSA')), unit: '%', target: '–', met: undefined },
    { name: 'token ES256 pinned / token RS256 pinned', value: div(v('token-ES256'), v('token')), unit: '×', target: '–', met: undefined },
    { name: 'token EdDSA pinned / token RS256 pinned', value: div(v('token-EdDSA'), v('token')), unit: '×', target: '–', met: undefined },
    {
      name: `PoS read pinned, SQLite: GET /pos/v10/payments/{id} per second${single}`,
      value: v('pos-read'),
      unit: '/s',
      target: targetIfNoRounds('≥ 10,000/s'),
      met: metIfNoRounds(atLeast(v('pos-read'), 10_000)),
    },
    { name: 'PoS read pinned, PostgreSQL: per second', value: v('pos-read-pg'), unit: '/s', target: '–', met: undefined },
    {
      name: 'PoS read pinned, PostgreSQL / SQLite (single runs)',
      value: div(v('pos-read-pg'), v('pos-read')),
      unit: '%',
      target: '≥ 50%',
      met: atLeast(div(v('pos-read-pg'), v('pos-read')), 0.5),
    },
    {
      name: 'PoS read CPU µs beyond bare Fastify (SQLite)',
      value: cpu('pos-read') === undefined || cpu('bare') === undefined ? undefined : cpu('pos-read')! - cpu('bare')!,
      unit: 'µs',
      target: '–',
      met: undefined,
    },
    {
      name: 'payment flows pinned, SQLite: initiate → check-in → accept → capture, per second',
      value: v('payment-flow'),
      unit: '/s',
      target: '–',
      met: undefined,
    },
    { name: 'payment flows pinned, PostgreSQL: per second', value: v('payment-flow-pg'), unit: '/s', target: '–', met: undefined },
    {
      name: 'payment flows pinned, PostgreSQL / SQLite',
      value: div(v('payment-flow-pg'), v('payment-flow')),
      unit: '%',
      target: '≥ 60%',
      met: atLeast(div(v('payment-flow-pg'), v('payment-flow')), 0.6),
    },
    {
      name: 'check-in notifications delivered to a local receiver, SQLite: per second (check-in → signed POST arrives)',
      value: v('notifications'),
      unit: '/s',
      target: '–',
      met: undefined,
    },
    { name: 'check-in notifications delivered, PostgreSQL: per second', value: v('notifications-pg'), unit: '/s', target: '–', met: undefined },
    {
      name: `deliverer alone, SQLite: a backlog of ${DRAIN_SIZE} queued notifications delivered to a local receiver, per second`,
      value: v('notification-drain'),
      unit: '/s',
      target: '≥ 1,000/s',
      met: atLeast(v('notification-drain'), 1000),
    },
    {
      name: 'deliverer alone, PostgreSQL: per second',
      value: v('notification-drain-pg'),
      unit: '/s',
      target: '≥ 1,000/s',
      met: atLeast(v('notification-drain-pg'), 1000),
    },
    { name: 'RSS max during the soak run', value: v('rss-max'), unit: 'MiB', target: '< 200 MiB', met: below(v('rss-max'), 200) },
    {
      name: 'RSS growth, last third vs first third of the soak',
      value: v('rss-drift'),
      unit: 'MiB',
      target: '< 20 MiB (stable)',
      met: below(v('rss-drift'), 20),
    },
  ];
  return list.filter((r) => r.value !== undefined);
}

const NOTES = [
  '"per second" counts 2xx answers; p50/p99 are autocannon latencies over loopback, except the "open loop at 80% of max" row: there requests go out evenly spaced at that rate whatever the answers (bench/lib/paced.ts, on up to the same 32 keep-alive connections), and each latency counts from when the request was due.',
  'Targets marked "median of rounds" come from alternating rounds (bench/lib/rounds.ts): every contender runs a few seconds per round, the order rotating, all servers up throughout; a ratio is taken within each round, and the median over the rounds is shown with the lowest and highest. The same ratios from single runs minutes apart are listed below them without a target.',
  '"steal, core 0 / 1" is the share of each core\'s time the hypervisor gave to other guests of the host while the row was measured (the steal column of /proc/stat): core 0 runs the server, core 1 the load generator. These virtual machines lose 10–17% of a core over a session, in bursts of up to 41% of a 150 ms stretch. A row with high steal measured the host as much as the server: its rate drops and its latencies stretch (a stalled open-loop sender counts its own lateness as latency), while its CPU µs each move much less.',
  '"server CPU µs each" is the server process\'s user+system CPU time (every thread, from /proc) per answered request, or per signature for the raw rows. Contention from other work on the machine cuts the rate far more than it changes this, so the CPU ratios are the steadier ones on a shared machine.',
  "The raw ceiling is the better of crypto.sign in a loop and crypto.sign with a callback (libuv's thread pool), in a process pinned to core 0, over a header and claims shaped like posv10's; it is measured at the start and at the end of the run, and the better pass counts.",
  '"both" rows run the server on cores 0 and 1 while autocannon stays on core 1, so the server gets a core and a half at most; posv10 signs on the thread pool and so uses both, oidc-provider does the same job with jose.',
  'Request logs: posv10 with POSV10_LOG_REQUESTS=true (two pino lines per request, to /dev/null) against the default (off), same scenario, same run.',
  'The signing floor is bare-fastify-app.ts\'s /signed-token: the token request answered with a fresh RS256 JWT shaped like posv10\'s, signed as posv10 signs it (inline, the process being pinned to one core), and nothing else (no client authentication, limits or logging); "token pinned / signing floor" is how much of what any Fastify token route could reach posv10 reaches.',
  'The bare Fastify row is the HTTP floor: the same request answered with a constant by a logger-less Fastify route; "token CPU µs beyond" is the token row\'s CPU less that floor and less one raw signature.',
  "Not done: a compiled response schema for the token answer. JSON.stringify of its four fields is about a microsecond of a request's few hundred, below what this harness can resolve.",
  "PoS rows: the token (with merchant_vat DK90000028), a till on the sandbox store and the payment to read are made through the API before the measured run. The payment flow row counts whole flows (four requests: initiate with an idempotency key, the sandbox user simulation's check-in and accept, capture), each of the 32 workers on its own till, sent with fetch from the orchestrator; its CPU µs are per flow.",
  "Notification rows: each of the 32 workers checks a customer in at its own till (the sandbox user simulation), whose PoS names a callback alias pointing at a node:http receiver in the orchestrator; a flow ends when that PoS's signed notification arrives, so the rate covers the outbox write in the check-in's transaction, the deliverer's pick-up and the POST. CPU µs are per delivered notification.",
  `Deliverer-alone rows (notification-drain): a backlog of ${DRAIN_SIZE} notifications made through real check-ins at 16 tills while the receiver answered 503 (the bench servers run with POSV10_NOTIFICATION_RETRIES=0, so each failed at its first attempt), then resent all at once in one statement (what \`posv10 callback resend\` does to one) with the receiver answering 200; the rate counts from the first arrival to the last (the pick-up delay, at most one 200 ms poll, is the end-to-end row's), over ${DRAINS} drain${DRAINS === 1 ? '' : 's'} after one to warm up. A drain fails unless every notification arrives once and is recorded delivered. CPU µs are per delivery.`,
  'Each posv10 server runs `node --max-semi-space-size=8 bin/posv10.js serve` (the sources as one esbuild bundle, with the young-generation cap, as `npm start` runs them) over a fresh SQLite file or PostgreSQL schema; the client lookup and merchant grant are cached (POSV10_CLIENT_CACHE_SECONDS, 5 s), so the token rows barely touch the database.',
];

/**
 * Each optimisation with its own before/after, measured by alternating the two versions in one
 * session (`bench --only <scenario> --database sqlite --duration 4`, three rounds each) on a shared
 * 2-core machine; server CPU µs per request, the mean of the three rounds. Kept here so the
 * section survives every regeneration of BENCHMARKS.md.
 */
const OPTIMISATIONS = [
  'Signatures inline when the process may use one core only (src/oauth/jwt-signer.ts), as with the pinned rows here: on one core the pool threads only time-slice the event loop\'s core, and the main thread waited out their slices mid-request. Five alternating rounds, same open-loop rate for both (80% of the lower maximum): p99 4.8–8.3 ms in four rounds and 29.4 in one (host noise in all three of its stretches), against 6.9–37.8 ms on the pool (median 8.1 against 14.7 ms); p50 1.6–1.9 against 1.9–2.0 ms; CPU per token and maximum rate the same within noise. This reverses an earlier trial, which had judged by autocannon\'s bursts (see "one per usable core" below). The signing floor signs the same way since.',
  "V8's young generation capped at 8 MiB per semi-space (`--max-semi-space-size=8` in the start scripts and here). With the default (16 MiB on these machines) RSS under full token load climbed about 0.5 MiB/s for a minute and a half, to 190–203 MiB, until the first full collection; capped at 8 or 4 it stayed flat at 120–125 MiB over 90 s. Cost in five alternating rounds: token CPU −6% to +14% (median +5%), pos-read within noise; with 4 MiB pos-read was about 6% dearer, so 8.",
  "The server runs as one esbuild bundle made at start (bin/posv10.js, about 0.1 s) instead of through tsx's loader, which on Node 20 lives in a thread with its own V8 heap for the life of the process. Idle RSS 194 → 139 MiB; RSS under token load 187–222 → 170 MiB; server CPU per request 6–11% lower (medians of two alternating A/B runs of pos-read and token; single rounds from 22% lower to 7% higher); `posv10 --help` 1.7 → 0.9 s.",
  "The open-loop sender warms up at its rate before the p99 run: cold, it fell behind for its first half second and its own lateness counted as the server's latency. Against the same warm server a cold sender measured p99 28–45 ms at 80%, a warm one 6–20 ms. A measurement fix, not a server change.",
  'SQLite prepared statements reused (src/db/create-db.ts `withStatementCache`): Kysely prepared every query anew, the largest self-time entry (15%) of a PoS read profile. pos-read 615 → 439 µs per request.',
  'One merchant-grant cache for the token endpoint and the PoS guard (`GrantedMerchants`, POSV10_CLIENT_CACHE_SECONDS): the guard queried the grant on every PoS call. pos-read 412 → 352 µs.',
  'Signing jobs limited to one per usable core (os.availableParallelism, which honours taskset), the rest queued in order (`JobSlots` in src/oauth/jwt-signer.ts): every pool thread signing at once on one core stretched latency. token p99 at full rate 165 → 93 ms, at 80% of max 207 → 80 ms (heavily loaded machine); CPU per token unchanged within noise. Signing synchronously when only one core is usable was tried and dropped: p99 at 80% tripled. (Replaced since: see "twice the pool\'s threads" below; those p99s came from autocannon\'s rate limit, which sends full-speed bursts.)',
  'Idempotency hooks attached only to idempotent routes (onRoute) instead of three async hooks on every guarded call. pos-read 367 → 329 µs, within noise.',
  'All of the above against the code before them (commit 072dcee), same session, alternating: pos-read SQLite 584 → 295 µs per request (1,676 → 3,270/s), PostgreSQL 828 → 608 µs (1,007 → 1,530/s); payment flow SQLite 9,944 → 6,605 µs per flow (93 → 132 flows/s); token RS256 unchanged within noise (about 1,500 µs per request on that loaded machine against 391 µs in the last full run, so only ratios within one session mean anything).',
  "Signatures in flight: at most twice the thread pool's threads (8) instead of one per core. With one job per core every signature cost the event loop a wake-up: strace on the pinned server counted 2,141 epoll rounds and 2,006 eventfd writes for 2,000 tokens, 277 and 259 after. Server CPU per token about 590 → 540 µs (alternating runs on one core, 3 each, noisy); the main thread's system time per token 55 → 20 µs.",
  "A request's pino child logger made only when the request logs (src/http/request-logger.ts): with wildcard redaction paths pino runs its redactor over every child's bindings, about 4% of a PoS read's main thread for a logger most requests never use. The hooks every request passes (security headers, draining, the token scope's no-store) take Fastify's callback form instead of an async function each.",
  "The PoS payment read compiled once per database (`PreparedQuery`, src/db/prepared-query.ts): Kysely's building and compiling of the query tree was about a tenth of a PoS read's main thread.",
  "Both of those together, counted in instructions by valgrind's callgrind, which the machine's drift does not disturb (`node --import tsx bench/instructions.ts pos-read` and `… token 500 2000`: posv10 in-process through inject, EdDSA, 32 at a time, start-up cancelled out): PoS read 740 → 452 thousand instructions per request (−39%; an earlier count with a rougher harness gave 1,285 → 858, −33%). The token's counts did not repeat (−7% in one pair of runs, +83% in the other): its work on the thread pool, under valgrind's one-thread-at-a-time scheduling, is not a stable count, so the token changes are judged by the live rounds and by strace instead.",
  "Measured and left: per token request posv10's main thread still spends about 50 µs of user time more than the signing floor (a bare route that only signs): client authentication (Basic decoding, SHA-256 and constant-time compare, about 4 µs each), the limiter, claims and the correlation id and security headers, with no single item above a few percent of a profile. A PoS read spends about a fifth in SQLite (better-sqlite3's step over a 25-column row, WAL locks) and a fifth in the kernel writing the answer over loopback.",
  "Measured and left: `--single-threaded-gc` for one-core instances (V8's GC helper threads can only time-slice the one core). GC pauses traced with perf_hooks in the server, four alternating rounds at the same open-loop rate: scavenges took 0.6–1.2 ms at the median with the flag against 1.0–1.6 ms without, but there were 1.3–4.8× as many; GC time per 10 s 59–95 ms against 40–117 ms; the p99 followed the host's steal, not the flag. GC is about 1% of the time at 80% load, all scavenges of at most 3–8 ms, so it is not where the p99 goes: a trace of one p99 run per 100 ms put every spike over 20 ms in a stretch where core 0 or core 1 lost 13–41% of its time to other guests of the host.",
  'Measured and left: RSA keys with three primes (RFC 8017 multi-prime; OpenSSL allows three for 2048 bits), whose private operation is cheaper in theory. OpenSSL 3.0 as Node 20 ships it signs with one at about half the rate of a two-prime key here (884–1,015 against 1,589–1,953 signatures/s, four alternating seconds each), so no.',
  "Measured and left: counting the token's instructions with signing inline (valgrind pinned to one core, so no thread pool): 200 and 800 requests gave 23.13 and 23.04 billion instructions, i.e. the start-up's own count varies by more than 600 tokens cost. instructions.ts stays a PoS-read tool.",
  "Already on the hot path, checked: the verified-token cache (a PoS call verifies a token's signature once per token lifetime), the client cache (POSV10_CLIENT_CACHE_SECONDS), revocations answered from an in-memory set, request logs off by default, compiled response serializers from the PoS routes' response schemas.",
  "Metrics (GET /metrics, src/metrics/) recorded with plain increments (src/metrics/series.ts) instead of prom-client's own counters and histograms, which hash and validate their label object on every call, even through a bound child. Per call, CPU time over 2 million calls on a heavily loaded machine (load average about 20 on two cores, so absolute numbers are inflated): HTTP histogram 776 → 174 ns, query histogram 386 → 23 ns, transition counter 538 → 174 ns. One PoS read's recording (its answer and two queries), called directly: 0.35 µs = 0.13% of the read's CPU in the same run (`node --import tsx bench/metrics-cost.ts 3000 5`). The same script's alternating rounds of whole reads with recording on and off were noise on that machine (rounds 256–513 µs either way), so the direct figure is the one to trust.",
  "Measured and left: recording each client's last token (ClientDirectory.recordTokenIssued: a Map lookup per token, one UPDATE per client a minute) against the commit before it (b8fd223^), `npm run bench -- --only token --duration 5` three times each, alternating, server CPU µs per token after/before, pair by pair: RS256 0.88×, 0.77×, 1.13×; ES256 1.02×, 1.63×, 1.03×; EdDSA 1.21×, 1.65×, 0.53×. Medians 0.88× / 1.03× / 1.21×, all inside this machine's drift within a run (bare Fastify moved 2× between rounds of the last full bench), so no cost is measurable at this resolution; the change holds no I/O on the token path except that one write a minute.",
  "Notification deliverer (src/notifications/notification.deliverer.ts, notification.repository.ts), measured alone by the new notification-drain scenario (a backlog of 2,000 check-in notifications resent at once, first arrival to last): a batch's aliases read in one query instead of one per notification; its outcomes recorded in one transaction once the batch has answered (one UPDATE with a CASE on the id per column, one multi-row INSERT of the attempts) instead of a transaction of two statements per notification; the next batch claimed and sent while the previous one's answers are awaited (two in flight); batches of 64 instead of 32, with 128 sockets per endpoint instead of 64 so no attempt waits for one; on SQLite the claim picks its rows by id alone (the outer re-check of state and due time made SQLite's planner walk every due row of the index on each claim, n²/batch for a backlog of n). Alternating before/after on a heavily loaded shared machine (load average 5–9 on two cores), `npm run bench -- --only notification-drain --database sqlite` three rounds, then `--database postgres` four rounds (a fifth lost its after run to a failure whose message was not kept; the ten later runs of the same code passed): SQLite 1,225 → 2,915, 1,852 → 4,404, 1,096 → 2,578 deliveries/s (2.35–2.38×), server CPU 575 → 252, 447 → 213, 605 → 308 µs per delivery (0.44–0.51×); PostgreSQL 665 → 2,654, 536 → 2,520, 928 → 3,367, 419 → 1,997/s (3.6–4.8×), 1,036 → 240, 802 → 165, 587 → 205, 845 → 177 µs (0.21–0.35×). The end-to-end notifications row (check-in → arrival, `--only notifications --database sqlite`, three alternating rounds) moved within noise: 2,594 → 2,926, 2,715 → 2,014, 2,189 → 2,528 µs per flow, almost all of it the check-in. Where a delivery's 210–310 µs of server CPU go now (`bench/profile.ts notification-drain`, drains only, SQLite): better-sqlite3 executing the claim, the record and the attempts' insert about half (34% of samples, 36% idle), Node's HTTP client (agent, writev, response parsing) about a sixth, HMAC, Kysely and GC the rest; one core so delivers about 3,000–4,700/s, the 1,000/s target with room for a machine three times busier.",
  "Fewer PostgreSQL round trips per payment flow (a profile showed the server CPU-bound in writev: one socket write and one reply parse per statement): 26 → 11 statements per flow with the client cache on (initiate 11 → 4, check-in 7 → 3, accept 6 → 2, capture 2), counted per request by logging every SQL text the pg client sent. The idempotency claim takes over an expired key in its own upsert instead of a DELETE first; the onSend hook no longer stores again an answer the creating transaction stored; initiate reads the PoS and its check-in in one LEFT JOIN, looks for an overdue payment only when the partial unique index refuses the insert, and on PostgreSQL inserts the payment and stores its idempotent answer in one statement (a data-modifying CTE) instead of BEGIN/INSERT/UPDATE/COMMIT; check-in and accept find the beacon's PoS and payment in one join; a change that ends the check-in (accept, cancel, expiry) is one CTE on PostgreSQL instead of a four-statement transaction; a check-in at a PoS without a callback alias is one upsert, without the outbox's transaction. SQLite keeps its transactions (no data-modifying CTEs there, and no round trips). `npm run bench -- --only payment-flow --database postgres --duration 5`, eight alternating pairs against faf1e17 on a machine loaded by other work (load average 4–7 on two cores, rates of the same code swinging 4–111 flows/s): after was faster in 6 pairs and cheaper in 7; best of each 92 → 111 flows/s and 6,994 → 5,895 µs of server CPU per flow; median CPU about 11,300 → 7,600 µs. SQLite not slowed (two pairs: 98 → 117 and 109 → 126 flows/s, 5,726 → 5,368 and 5,776 → 4,915 µs).",
  "The PoS read's payment lookup on SQLite (src/db/sqlite-reader.ts, used by PreparedQuery outside transactions): a second, query-only connection that answers synchronously, with raw rows (arrays) made into objects by one object literal per statement. Through Kysely the read waited for the single connection's mutex and a few promise hops, and better-sqlite3 looked each of the payment's 24 column names up in V8's string table again for every row (StringTable::FindEntry and ComputeAndSetRawHash under Statement::all were 4.4% of the server's samples in `perf record -e cpu-clock` of a PoS read load). Under WAL the reader sees exactly what has committed; a transaction in flight no longer delays the read. Server CPU µs per PoS read, one server per variant side by side, eight alternating 2 s rounds (bench-only switch, since removed): 130.6 → 111.2 (median); the same with the second connection but better-sqlite3's own row objects: 142.3 → 137.9.",
  "Request metrics recorded in the onSend hook every answer already passes (with the closing connection header that serve used to add in a hook of its own) instead of an onResponse hook: Fastify's onResponse machinery, not the recording itself (a Map lookup and a histogram increment), was the cost. Server CPU µs per PoS read, servers side by side, alternating rounds, medians, before → without the onResponse hook (three runs: 4 rounds of 3 s, 6 of 3 s, 8 of 2 s): 145.6 → 132.1, 130.1 → 115.9, 204.8 → 189.2 (the last on a loaded machine); recording in onSend instead: 204.8 → 192.2 in that last run. The latency is now timed to when the body goes to the socket, not to the 'finish' event.",
  "Measured and left, the PoS read against its HTTP envelope (a new contender: bare Fastify answering a constant payment to the PoS read's own request, with posv10's response headers): the envelope costs what the bare POST costs (96–98% of its rate), so the whole gap to the 50% target is the PoS read's own work, 112 µs per request before the two entries above and 69 µs after (median of 5 rounds, `npm run bench -- --only head-to-head`). What that work is, measured by switching each part off in turn in one server per variant (bench-only switches, since removed; µs per read, medians of 4–8 alternating rounds, on a machine that other work loaded): the payment lookup and its answer 46–65 µs before the reader, the guard (token from cache, client enabled, not revoked, merchant granted, two headers) 22–30 µs, the metrics hook 13–15 µs. In isolation (a loop in one process) the same guard costs 4.4–6.8 µs and the lookup 21 µs: inside the HTTP path every part costs three to four times its loop cost (caches and branch predictors shared with the HTTP stack), so what is left is many small parts, none of them large enough to remove the 32 µs that 50% of the bare rate still needs. Also tried: `--single-threaded-gc` and `--single-threaded` for the pinned server (136.1, 134.1, 130.2 µs per read, within noise).",
  'PostgreSQL queries as named prepared statements (src/db/pg-named-statements.ts, POSV10_DATABASE_PREPARED_STATEMENTS, on by default): each parameterised SQL text gets a name, so a connection parses it once and afterwards sends only Bind/Execute, and PostgreSQL (on the same two cores as the server here) skips parsing and, once it settles on a generic plan, planning. Texts without parameters (BEGIN, COMMIT, migrations) keep the simple protocol. A statement made stale by a migration (`cached plan must not change result type`) is retried under a new name outside a transaction. `npm run bench -- --only pos-read|payment-flow --database postgres --duration 6`, eight alternating rounds of off/on (the first four on a machine still busy with other work): PoS read on/off 1.06×, 1.87×, 1.01×, 1.53×, then 1.29×, 1.36×, 1.29×, 1.03× (median 1.29×; e.g. 8,059 → 10,429/s); payment flows 0.61× (round 1, cold), 1.30×, 0.96×, 1.40×, then 1.16×, 1.39×, 1.30×, 1.23× (median 1.27×; e.g. 226 → 314 flows/s), server CPU per flow 0.80–0.98× in the last four (2,739 → 2,189 µs). The whole PostgreSQL pass of `npm test` passes with it on.',
  "Measured and left, the quiet-stretch p99 of the open-loop token run (issue 23): not the disk. `strace -T` on fsync over a whole SQLite pass (every posv10 scenario, then the p99 run) saw no fsync above 5.5 ms, so a WAL checkpoint does not explain a stall. Two things do. First, major GCs: with an old space of 35-50 MiB, most of it the app's own code and module state (a heap snapshot of a fresh server: 17.7 MiB of strings, 4.4 MiB of them the bundle's source text, 8.6 MiB of code), a mark-compact pauses the event loop for 5-16 ms plus incremental steps of 4-10 ms; in one pass they came every 2-3 s during the p99 run (heavy promotion after the write-heavy scenarios) and the stretches they fell in had p99s of 20-34 ms, in another pass none came and every stretch stayed under 10 ms. Second, and larger, the load the run really puts on the core: its rate is 80% of autocannon's closed-loop maximum, but an open-loop request costs more CPU than a pipelined one, so rate × CPU per request was 90%, 88%, 73%, 90% and 93% in five passes this session, and only the 73% pass (4.3-8.7 ms) had every stretch under 10 ms; the full run's 101.7 ms came at 93%. The 237.9 ms stretch of the previous full run (at 66%) was not reproduced in six passes.",
];

function commandLine(): string {
  const extra = process.argv.slice(2).map((a) => (/^[\w./=-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`));
  return `npm run bench${extra.length > 0 ? ` -- ${extra.join(' ')}` : ''}`;
}

async function main(): Promise<void> {
  pinSelfToLoadCore();
  const runSteal = watchSteal();
  console.log(`posv10 benchmark (${short ? 'short' : 'full'} mode): ${seconds} s per load run, ${connections} connections`);
  console.log(pinning.pinned ? `pinning: ${pinning.why}` : `pinning: NONE — ${pinning.why}; server and load share every core, so ratios are rougher`);

  const raw = (pass: 1 | 2) => {
    if (!wanted('raw-sign') || (pass === 2 && short)) return;
    try {
      rawSign(pass);
    } catch (err) {
      failures.push(`raw-sign: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  raw(1);

  if (wanted(bareFastify.name)) {
    await withServer(
      'bare Fastify, pinned',
      () => startBareFastify({ cores: 'server' }),
      (server) => load(server, bareFastify, 'bare', bareFastify.description, 'server'),
    );
  }

  const posv10Wanted = POSV10_SCENARIOS.filter((s) => wanted(s.name));
  for (const database of posv10Wanted.length > 0 ? DATABASES : []) {
    // Row ids: the SQLite rows carry the scenario's name, the PostgreSQL ones a -pg suffix.
    const suffix = database === 'sqlite' ? '' : '-pg';
    await withServer(
      `posv10, RS256, pinned, ${database}`,
      () => startPosv10({ cores: 'server', database }),
      async (server) => {
        for (const s of posv10Wanted) await load(server, s, `${s.name}${suffix}`, `posv10 ${s.description} (${database})`, 'server');
        if (database === 'sqlite' && wanted('token')) {
          // The maximum again, just before: the token row ran a minute ago, and these machines drift
          // by a third in a minute, which made "80%" of it more than the server could take then.
          const max = (await measure(await token.setup(server), { seconds: short ? 0.5 : 3, connections })).rps;
          await load(
            server,
            token,
            'token-80',
            `posv10 ${token.description}, open loop at 80% of max (${(max * 0.8).toFixed(0)}/s)`,
            'server',
            Math.max(1, Math.round(max * 0.8)),
          );
        }
      },
    );
  }
  if (wanted('token') && !short && args.database === undefined) {
    await withServer(
      'posv10, RS256, pinned, request logs on',
      () => startPosv10({ cores: 'server', env: { POSV10_LOG_REQUESTS: 'true' } }),
      (server) => load(server, token, 'token-logs', `posv10 ${token.description}, POSV10_LOG_REQUESTS=true`, 'server'),
    );
    await withServer(
      'posv10, RS256, both cores',
      () => startPosv10({ cores: 'both' }),
      (server) => load(server, token, 'token-both', `posv10 ${token.description}`, 'both'),
    );
    for (const alg of ['ES256', 'EdDSA'] as const) {
      await withServer(
        `posv10, ${alg}, pinned`,
        () => startPosv10({ cores: 'server', env: { POSV10_SIGNING_ALG: alg } }),
        (server) => load(server, token, `token-${alg}`, `posv10 ${token.description}, ${alg}`, 'server'),
      );
    }
  }

  if (wanted(oidcProviderToken.name)) {
    const variants: Cores[] = short ? ['server'] : ['server', 'both'];
    for (const cores of variants) {
      const id = cores === 'server' ? 'oidc-pinned' : 'oidc-both';
      await withServer(
        `oidc-provider, ${cores === 'server' ? 'pinned' : 'both cores'}`,
        (): Promise<OidcProviderServer> => startOidcProvider({ cores }),
        (server) => load(server, oidcProviderToken, id, oidcProviderToken.description, cores),
      );
    }
  }

  if (wanted('rss')) {
    await withServer('posv10, RS256, pinned, fresh process: memory', () => startPosv10({ cores: 'server' }), soak);
  }

  if ((args.only === undefined && args.database === undefined) || args.only === HEAD_TO_HEAD) await headToHead();

  raw(2);

  const ratioList = ratios();
  const roundsText = rounds === undefined ? undefined : roundsTable(rounds, CONTENDERS);
  console.log(`\n${rowsTable(rows)}\n\n${ratiosTable(ratioList)}${roundsText !== undefined ? `\n\n${roundsText}` : ''}`);
  for (const line of rss) console.log(`\n${line}`);

  if (failures.length > 0) {
    console.log(`\nFAILED scenarios:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
    return;
  }
  if (short || args.only !== undefined || args.database !== undefined) {
    console.log(`\n${short ? 'short' : 'partial'} run: BENCHMARKS.md not written`);
    return;
  }
  const stolen = runSteal();
  const settings = `${seconds} s per run after a 2 s warm-up, ${connections} connections, autocannon in the orchestrator; raw signing ${rawSeconds} s per form`;
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: REPO_ROOT });
  writeFileSync(
    `${REPO_ROOT}BENCHMARKS.md`,
    markdown({
      date: `${new Date().toISOString()} (commit ${git.stdout.trim() || 'unknown'})`,
      command: commandLine(),
      pinning: pinning.pinned ? `taskset: ${pinning.why}` : `none (${pinning.why})`,
      settings,
      steal: `the hypervisor gave ${showSteal(stolen)} of core ${SERVER_CORE}'s / core ${LOAD_CORE}'s time over the whole run to other guests of the host (steal, /proc/stat); each measurement's own share is in its row`,
      rows,
      ratios: ratioList,
      ...(roundsText !== undefined ? { rounds: roundsText } : {}),
      rss,
      notes: NOTES,
      optimisations: OPTIMISATIONS,
      ...(args.note !== undefined ? { note: args.note } : {}),
    }),
  );
  console.log(`\nwrote ${REPO_ROOT}BENCHMARKS.md`);
}

await main();
