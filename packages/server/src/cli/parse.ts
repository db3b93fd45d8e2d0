import { InvalidArgumentError } from 'commander';

/** commander option parser for a non-negative whole number. */
export function wholeNumber(raw: string): number {
  if (!/^\d{1,6}$/.test(raw)) throw new InvalidArgumentError('must be a whole number');
  return Number(raw);
}
