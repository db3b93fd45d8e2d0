/**
 * What recording metrics costs a request, in CPU time of this process (process.cpuUsage, which the
 * machine's other load barely moves, unlike wall time): PoS reads through inject with the metrics
 * as they are, against the same reads with every recording call replaced by a no-op, in alternating
 * rounds, medians reported. Also the bare cost of one request's recording calls, called directly.
 *
 *   node --import tsx bench/metrics-cost.ts [reads per round, default 4000] [rounds, default 5]
 */
import { startInjectApp } from './lib/inject-app.ts';
import type { Metrics } from '../src/metrics/metrics.ts';

const perRound = Number(process.argv[2] ?? '4000');
const rounds = Number(process.argv[3] ?? '5');

/** CPU microseconds (user + system) `work` takes, per unit of `n`. */
async function cpuMicros(n: number, work: () => Promise<void> | void): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const RECORDERS = ['httpRequest', 'query', 'stateChanged', 'idempotentReplay', 'tokenRequest', 'rateLimited'] as const;

const bench = await startInjectApp();
try {
  const metrics = bench.platform.metrics;
  const real = Object.fromEntries(RECORDERS.map((name) => [name, metrics[name].bind(metrics)]));
  const setRecording = (on: boolean) => {
    for (const name of RECORDERS) Object.defineProperty(metrics, name, { value: on ? real[name] : () => {}, configurable: true, writable: true });
  };
  await bench.run(bench.readRequest, 2000);
  const withMetrics: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < rounds; round++) {
    setRecording(true);
    withMetrics.push(await cpuMicros(perRound, () => bench.run(bench.readRequest, perRound)));
    setRecording(false);
    without.push(await cpuMicros(perRound, () => bench.run(bench.readRequest, perRound)));
  }
  setRecording(true);
  // One PoS read records one HTTP answer and its queries (two on this path at most).
  const direct = await cpuMicros(1_000_000, () => {
    const m: Metrics = metrics;
    for (let i = 0; i < 1_000_000; i++) {
      m.httpRequest('/pos/v10/payments/:paymentid', 'GET', 200, 0.0004);
      m.query(0.05, false);
      m.query(0.05, false);
    }
  });
  const a = median(withMetrics);
  const b = median(without);
  console.log(`PoS read (GET /pos/v10/payments/{id}), inject, ${rounds} alternating rounds of ${perRound}; CPU µs per request, median:`);
  console.log(`  with metrics    ${a.toFixed(1)} µs   (rounds: ${withMetrics.map((x) => x.toFixed(1)).join(', ')})`);
  console.log(`  without         ${b.toFixed(1)} µs   (rounds: ${without.map((x) => x.toFixed(1)).join(', ')})`);
  console.log(`  difference      ${(a - b).toFixed(2)} µs = ${((100 * (a - b)) / b).toFixed(1)}% of a read`);
  console.log(`one read's recording called directly (1 HTTP answer + 2 queries): ${direct.toFixed(3)} µs = ${((100 * direct) / b).toFixed(2)}% of a read`);
} finally {
  await bench.close();
}
