/**
 * The bundled seed of mainland China's official schedules: public holidays
 * and make-up working days (调休) of each year it covers, one `PublicYear` per
 * year with the State Council notice it follows. Written by
 * resources/calendar/build-seed.mjs from the `chinese-days` package (a dev
 * dependency only) and checked here, at load, against `PublicYear`: a seed
 * that does not pass fails loudly at start-up, never silently at a deadline.
 *
 * Every replica bundles the same seed for the same app version; a year the
 * seed lacks (or gets wrong) is supplied by an administrator's import, an
 * event (`settings.public_year_set`), so replicas of different versions still
 * agree once the event has reached them. Runtime-neutral.
 */
import { z } from 'zod';
import { PublicYear } from './calendar';
import seedJson from './cn-public-holidays.json' with { type: 'json' };

const SeedFile = z.object({ generatedFrom: z.string(), years: z.array(PublicYear).min(1) }).strict();

function loadSeed(): { from: string; years: readonly PublicYear[] } {
  const parsed = SeedFile.safeParse(seedJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `the bundled public-holiday seed is invalid at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
    );
  }
  const years = [...parsed.data.years].sort((a, b) => a.year - b.year);
  for (let i = 1; i < years.length; i++) {
    if (years[i]!.year === years[i - 1]!.year)
      throw new Error(`the bundled public-holiday seed lists ${years[i]!.year} twice`);
  }
  return { from: parsed.data.generatedFrom, years: Object.freeze(years.map((y) => Object.freeze(y))) };
}

const SEED = loadSeed();

/** Where the seed was read from, e.g. "chinese-days@1.5.7". */
export const SEED_GENERATED_FROM: string = SEED.from;

/** The seed's years, ascending. */
export const SEED_PUBLIC_YEARS: readonly PublicYear[] = SEED.years;

/** The seed's schedule of `year`, or undefined when the seed does not cover it. */
export function seedYear(year: number): PublicYear | undefined {
  return SEED.years.find((y) => y.year === year);
}
