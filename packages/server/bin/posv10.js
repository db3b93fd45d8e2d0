#!/usr/bin/env node
// The posv10 command. There is no build step between a checkout and a running server: at each
// start esbuild bundles the TypeScript sources into one ES module (about 0.1 s), which then runs.
//
// Why not tsx's loader, as the tests use it: on Node 20 a module loader runs in a thread of its
// own with its own V8 heap, for as long as the process lives. For a server that is about 50 MiB of
// memory (idle RSS 194 MiB with the loader, 139 MiB bundled) that serve nothing after start-up.
// Where the bundle cannot be written (a read-only install), the loader runs the sources instead.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
// Inside the package, so that the bundle's imports of its dependencies resolve as the sources' do.
const CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/posv10/', import.meta.url));

/** Bundles the sources into one ES module, in memory; throws on a compile error (printed by esbuild). */
async function bundle() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Stack traces name the .ts file and line (the parsed map costs about 1 MiB of memory).
    sourcemap: 'inline',
    // Not written by esbuild (see below); it places the map's source paths relative to the bundle.
    outfile: `${CACHE_DIR}cli.mjs`,
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0];
}

/** Writes the bundle where it will run; returns its path, or undefined (and why) where it cannot. */
function place(output) {
  // Written aside and renamed into place: commands starting at once never import a half-written file.
  const partial = `${output.path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(partial, output.contents);
    renameSync(partial, output.path);
    return output.path;
  } catch (err) {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Nothing was written.
    }
    process.stderr.write(`posv10: cannot write ${output.path} (${err.code ?? err}); running the sources through tsx instead (about 50 MiB more memory)\n`);
    return undefined;
  }
}

let output;
try {
  output = await bundle();
} catch (err) {
  // esbuild has printed what failed to compile; anything else is unexpected and shown whole.
  if (!Array.isArray(err?.errors)) console.error(err);
  process.exit(1);
}
const bundled = place(output);

if (bundled === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(ENTRY).href);
} else {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(bundled).href);
}
