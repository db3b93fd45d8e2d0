/**
 * Prints the test files of one pass of the suite, for package.json's scripts:
 *
 *   node --import tsx test/files.ts quick            every file but the slow suites
 *   node --import tsx test/files.ts quick database   those of them that depend on the database
 *   node --import tsx test/files.ts slow [database]  the slow suites: crash cycles, several
 *                                                    instances, and the fuzz files (for their full run)
 *
 * A file depends on the database when it, or a file it imports, imports test/helpers/database.ts
 * (through platform.ts, instances.ts, …) or reads process.env.POSV10_TEST_DIALECT: only those change between
 * the SQLite and the PostgreSQL pass, so only those run twice. Every other file (pure logic, the
 * CLI on its SQLite file) runs once, in the SQLite pass, and so do the page tests (`*.page.test.ts`). Following imports rather than keeping a
 * list means a new test file is classified by what it uses, and in doubt runs on both databases.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const DATABASE_HELPER = join(PACKAGE, 'test', 'helpers', 'database.ts');
/** Suites that take minutes: they run in `npm run test:all`, not `npm test`. */
const SLOW_FOLDERS = ['test/crash/', 'test/multi-instance/'];
/** Fuzz files run a few cases in `npm test` and all of them in `npm run test:all` (POSV10_TEST_FUZZ=full). */
const FUZZ = /\.fuzz\.test\.ts$/;
/**
 * Page tests (`*.page.test.ts`, headless Chromium) test what the browser shows, which the database
 * does not change: they run once, in the SQLite pass, even though they start a platform. Any other
 * file says the same with a line `// @test-pass: once` (what it tests does not depend on the
 * database: the CLI's settings, the bundle's files), and `// @test-pass: slow` moves a file to the
 * slow suites (it drives the real `posv10` process many times over what faster tests already cover).
 */
const PAGE = /\.page\.test\.ts$/;
/**
 * package.json runs these files with `--test-timeout` (a test process that hangs fails by name) but
 * not `--test-force-exit`: on Node 20 a file without tests but with a top-level `after` (the
 * PostgreSQL-only files in the SQLite pass) then never ends, spinning a core and growing its heap.
 */
/** Files per test process with `--grouped` (see writeGroups). */
const FILES_PER_GROUP = 6;
const MARKER = /^\/\/ @test-pass: (once|slow)$/m;
const markerOf = (f: string) => MARKER.exec(readFileSync(join(PACKAGE, f), 'utf8'))?.[1];
const runsOnce = (f: string) => PAGE.test(f) || markerOf(f) === 'once';
const READS_DIALECT = /process\.env(?:\.POSV10_TEST_DIALECT|\[['"]POSV10_TEST_DIALECT['"]\])/;
/** Relative imports, static (`from './x.ts'`, `import './x.ts'`) or dynamic (`import('./x.ts')`). */
const RELATIVE_IMPORT = /\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+\.ts)['"]/g;

function testFiles(): string[] {
  return ['src', 'test']
    .flatMap((root) => readdirSync(join(PACKAGE, root), { recursive: true, encoding: 'utf8' }).map((f) => join(root, f)))
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
}

const verdicts = new Map<string, boolean>();

/** Whether `file` (absolute) or anything it imports, transitively, depends on the database of the run. */
function dependsOnDatabase(file: string, visiting = new Set<string>()): boolean {
  const known = verdicts.get(file);
  if (known !== undefined) return known;
  if (visiting.has(file)) return false;
  visiting.add(file);
  const text = readFileSync(file, 'utf8');
  const verdict =
    file === DATABASE_HELPER ||
    READS_DIALECT.test(text) ||
    [...text.matchAll(RELATIVE_IMPORT)].some((m) => dependsOnDatabase(resolve(dirname(file), m[1]!), visiting));
  verdicts.set(file, verdict);
  return verdict;
}

const isSlow = (f: string) => SLOW_FOLDERS.some((folder) => f.startsWith(folder)) || FUZZ.test(f) || markerOf(f) === 'slow';
const isQuick = (f: string) => !SLOW_FOLDERS.some((folder) => f.startsWith(folder)) && markerOf(f) !== 'slow';

const args = process.argv.slice(2);
const grouped = args.includes('--grouped');
const [pass, only] = args.filter((a) => a !== '--grouped');
if ((pass !== 'quick' && pass !== 'slow') || (only !== undefined && only !== 'database')) {
  process.stderr.write('usage: node --import tsx test/files.ts quick|slow [database] [--grouped]\n');
  process.exit(2);
}
const files = testFiles()
  .filter(pass === 'quick' ? isQuick : isSlow)
  .filter((f) => only === undefined || (!runsOnce(f) && dependsOnDatabase(join(PACKAGE, f))));
const printed = grouped ? writeGroups(files, `${pass}${only !== undefined ? `-${only}` : ''}`) : files.map((f) => join(PACKAGE, f));
process.stdout.write(`${printed.map((f) => relative('.', f)).join('\n')}\n`);

/**
 * `--grouped`: the files in a few processes instead of one each. Every test process first loads
 * the app's module graph through tsx's loader hooks, about 3 s of CPU on these machines (Node 20
 * runs the hooks on another thread, a round trip per module, and typebox and Kysely alone are
 * ~640 modules) — half of the suite's CPU when each of ~150 files paid it. A group is a small
 * module that imports its files, so their tests run one file after another in one process, each
 * file's own hooks and state as before (top-level `before`/`after` hooks run around the whole
 * group). Groups are balanced by file size, page tests (a browser each) spread first.
 */
function writeGroups(paths: readonly string[], name: string): string[] {
  const dir = join(PACKAGE, 'node_modules', '.cache', 'posv10-tests', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const weight = (f: string) => statSync(join(PACKAGE, f)).size * (PAGE.test(f) ? 4 : 1);
  const count = Math.max(1, Math.ceil(paths.length / FILES_PER_GROUP));
  const groups = Array.from({ length: count }, () => ({ weight: 0, files: [] as string[] }));
  for (const f of [...paths].sort((a, b) => weight(b) - weight(a))) {
    const lightest = groups.reduce((min, g) => (g.weight < min.weight ? g : min));
    lightest.files.push(f);
    lightest.weight += weight(f);
  }
  return groups.map((g, i) => {
    const file = join(dir, `group-${String(i + 1).padStart(2, '0')}.test.mjs`);
    const imports = g.files.sort().map((f) => `import ${JSON.stringify(pathToFileURL(join(PACKAGE, f)).href)};`);
    writeFileSync(file, `// ${name}: ${g.files.join(', ')}\n${imports.join('\n')}\n`);
    // On stderr, so that a failure or a time-out the runner reports by group names its files.
    process.stderr.write(`${name}/${basename(file)}: ${g.files.join(' ')}\n`);
    return file;
  });
}
