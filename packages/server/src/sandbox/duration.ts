/**
 * ISO-8601 durations for the sandbox's `advanceBy` ("P91D", "PT15M", "P1DT2H"): weeks, days,
 * hours, minutes and seconds only, since years and months have no fixed length in seconds.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNIT_SECONDS = [7 * 86400, 86400, 3600, 60, 1] as const;

/**
 * The duration in seconds, or undefined when `text` is not one (or is zero).
 * @example durationSeconds('P91D') // 7862400
 */
export function durationSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null || text.endsWith('T')) return undefined;
  const seconds = UNIT_SECONDS.reduce((sum, unit, i) => sum + unit * Number(match[i + 1] ?? 0), 0);
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}
