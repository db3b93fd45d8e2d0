/**
 * The workload instructions.ts counts: posv10's app in this process (bench/lib/inject-app.ts), then N
 * requests of one scenario through Fastify's inject (no sockets, so the kernel is out of the
 * count), 32 at a time, after 2,000 of warm-up.
 * Usage: node --import tsx bench/instructions-app.ts <pos-read|token> <N>
 */
import { startInjectApp } from './lib/inject-app.ts';

const [scenario = 'pos-read', countArg = '1000'] = process.argv.slice(2);
if (scenario !== 'pos-read' && scenario !== 'token') throw new Error(`unknown scenario ${scenario} (pos-read or token)`);
const count = Number(countArg);

const bench = await startInjectApp();
try {
  const request = scenario === 'token' ? bench.tokenRequest : bench.readRequest;
  await bench.run(request, 2000);
  await bench.run(request, count);
} finally {
  await bench.close();
}
