/**
 * The credential package of SPEC §2: a zip encrypted with AES-256 (WinZip AE-2, which 7-Zip and the
 * common tools open) holding credentials.json and a short readme with a curl example.
 */
import { configure, TextReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';

// A server process has no use for web workers; inline codecs keep the zip in this process's memory.
configure({ useWebWorkers: false });

export interface Credentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly environment: string;
  readonly integratorName: string;
  readonly createdAt: string;
}

/** The attachment's name: the one the README's `7z x -p<password> credentials.zip` uses. */
export const CREDENTIALS_ZIP = 'credentials.zip';
export const CREDENTIALS_FILE = 'credentials.json';
export const README_FILE = 'README.txt';

function readme(c: Credentials): string {
  return [
    `MobilePay PoS V10 (${c.environment}) client credentials for ${c.integratorName}`,
    '',
    'credentials.json holds your client_id and client_secret. Keep the secret where only your',
    'organisation can read it: it is not stored by the platform and cannot be shown again.',
    '',
    'Get an access token (client credentials grant, HTTP Basic authentication):',
    '',
    `  curl -s -X POST '${c.tokenEndpoint}' \\`,
    `    -u '${c.clientId}:<client_secret from credentials.json>' \\`,
    "    --data-urlencode 'grant_type=client_credentials' \\",
    `    --data-urlencode 'merchant_vat=${c.environment === 'sandbox' ? 'DK90000028' : '<merchant VAT, e.g. DK12345678>'}'`,
    '',
    `Discovery document: ${c.issuer}/.well-known/openid-configuration`,
    '',
  ].join('\n');
}

/** The encrypted zip, in memory. `password` is the one texted to the integrator. */
export async function buildCredentialsZip(c: Credentials, password: string): Promise<Uint8Array> {
  const json = {
    client_id: c.clientId,
    client_secret: c.clientSecret,
    issuer: c.issuer,
    token_endpoint: c.tokenEndpoint,
    environment: c.environment,
    integrator_name: c.integratorName,
    created_at: c.createdAt,
  };
  return buildEncryptedZip(
    [
      [CREDENTIALS_FILE, `${JSON.stringify(json, null, 2)}\n`],
      [README_FILE, readme(c)],
    ],
    password,
    c.createdAt,
  );
}

/** An AES-256 encrypted zip of text files (name, content), in memory; what every secret travels in. */
export async function buildEncryptedZip(files: readonly (readonly [name: string, text: string])[], password: string, createdAt: string): Promise<Uint8Array> {
  // encryptionStrength 3 is AES-256; zip.js writes WinZip AE-2 entries.
  const zip = new ZipWriter(new Uint8ArrayWriter(), { password, encryptionStrength: 3, lastModDate: new Date(createdAt) });
  for (const [name, text] of files) await zip.add(name, new TextReader(text));
  return zip.close();
}
