/**
 * The reference till certifies itself against a posv10 sandbox and writes the certificate:
 *
 *   BASE_URL=http://localhost:8080 CLIENT_ID=… CLIENT_SECRET=… npm run certify --workspace examples/till
 *
 * FEATURES (comma-separated, default all), CLIENT_VERSION (default 1.0.0), MERCHANT_VAT (default
 * DK90000028), PRODUCTION_CLIENT_ID and CERTIFICATE_FILE (default certificate.jws) change it.
 */
import { writeFile } from 'node:fs/promises';
import { certify, FEATURES, type Feature } from './certification.ts';

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`Set ${name} (see the comment at the top of certify.ts)`);
  return value;
}

const features = (process.env.FEATURES?.split(',').map((f) => f.trim()) ?? [...FEATURES]) as Feature[];
const { run, certificate } = await certify({
  baseUrl: env('BASE_URL', 'http://localhost:8080'),
  clientId: env('CLIENT_ID'),
  clientSecret: env('CLIENT_SECRET'),
  clientSystemVersion: env('CLIENT_VERSION', '1.0.0'),
  merchantVat: env('MERCHANT_VAT', 'DK90000028'),
  clientSystemName: 'posv10 reference till',
  ...(process.env.PRODUCTION_CLIENT_ID !== undefined ? { productionClientId: process.env.PRODUCTION_CLIENT_ID } : {}),
  features,
  onCase: (c) => console.log(c.status.padEnd(7), c.caseId, c.failures.length > 0 ? `— ${c.failures.join('; ')}` : ''),
});
if (certificate === undefined) {
  console.error(`Run ${run.runId}: not every case passed, no certificate.`);
  process.exitCode = 1;
} else {
  const file = env('CERTIFICATE_FILE', 'certificate.jws');
  await writeFile(file, `${certificate}\n`);
  console.log(`Run ${run.runId} passed; certificate written to ${file}`);
}
