/**
 * The project's `.env` file: settings that `posv10 serve` and every other `posv10` command read
 * alike, so a server and the CLI beside it agree on the port, the database and the public URL.
 *
 * Parsed here, strictly, rather than with a dotenv package: a line we would have to guess at is an
 * error naming the file and line, never a setting silently dropped or half-read. The syntax:
 *
 *   # a comment line; blank lines are ignored
 *   NAME=value              unquoted: trimmed; ` #` starts a trailing comment
 *   export NAME=value       `export ` is allowed, so the file can also be sourced by a shell
 *   NAME="a \"b\"\n"        double quotes: \" \\ \n \t escapes; nothing but a comment after
 *   NAME='literal'          single quotes: taken as written
 *
 * A name appears once; values are one line; no control characters.
 */
import { readFileSync } from 'node:fs';

export class EnvFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file} line ${line}: ${problem}`);
    this.name = 'EnvFileError';
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Tab is the only control character a line may hold (as white space); the rest are refused.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

/** The value after `=`: quoted or not; throws a message (without the line number) when malformed. */
function parseValue(raw: string): string {
  const text = raw.trim();
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    let value = '';
    let i = 1;
    for (; i < text.length && text[i] !== quote; i += 1) {
      const c = text[i]!;
      if (quote === '"' && c === '\\') {
        const escaped = ESCAPES[text[i + 1] ?? ''];
        if (escaped === undefined) throw new Error(`unknown escape \\${text[i + 1] ?? ''} in a double-quoted value (use \\" \\\\ \\n or \\t)`);
        value += escaped;
        i += 1;
      } else {
        value += c;
      }
    }
    if (i >= text.length) throw new Error(`the value's opening ${quote} is never closed on this line (values are one line)`);
    const rest = text.slice(i + 1).trim();
    if (rest !== '' && !rest.startsWith('#')) throw new Error(`unexpected text after the closing ${quote}: ${JSON.stringify(rest)}`);
    return value;
  }
  const comment = /\s#/.exec(text);
  const value = (comment === null ? text : text.slice(0, comment.index)).trim();
  if (/["'`]/.test(value)) throw new Error('a quote inside an unquoted value: quote the whole value ("…" or \'…\')');
  return value;
}

/** Parses the text of a `.env` file; `file` only names it in errors. */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const seenOn = new Map<string, number>();
  // A file saved with a byte-order mark or Windows line ends reads the same as one without.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    const number = index + 1;
    if (CONTROL.test(line)) throw new EnvFileError(file, number, 'a control character (only tabs and spaces are allowed as white space)');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const assignment = trimmed.replace(/^export\s+/, '');
    const eq = assignment.indexOf('=');
    if (eq < 0) throw new EnvFileError(file, number, `expected NAME=value, found ${JSON.stringify(trimmed)}`);
    const name = assignment.slice(0, eq).trim();
    if (!NAME.test(name))
      throw new EnvFileError(file, number, `${JSON.stringify(name)} is not a variable name (letters, digits and _, not starting with a digit)`);
    const earlier = seenOn.get(name);
    if (earlier !== undefined) throw new EnvFileError(file, number, `${name} is already set on line ${earlier}`);
    try {
      values[name] = parseValue(assignment.slice(eq + 1));
    } catch (err) {
      throw new EnvFileError(file, number, `${name}: ${(err as Error).message}`);
    }
    seenOn.set(name, number);
  });
  return values;
}

/** The variables of the `.env` file at `path`, or undefined when there is no such file. */
export function readEnvFile(path: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  return parseEnvFile(text, path);
}
