#!/usr/bin/env node
/**
 * Writes shared/domain/deadlines/cn-public-holidays.json, the bundled seed of
 * mainland China's public holidays and make-up working days (调休), from the
 * `chinese-days` package (dev dependency only; the runtime never imports it:
 * shared/domain/deadlines/seed.ts imports the JSON this writes; it lives
 * beside seed.ts, not here, because shared/ may import only shared/ (the
 * layer rule, test/unit/layers.test.ts) and so every bundle inlines it).
 *
 *   node resources/calendar/build-seed.mjs            # chinese-days from node_modules
 *   node resources/calendar/build-seed.mjs <dir>      # an unpacked package (npm pack chinese-days@1.5.7)
 *   npx prettier --write shared/domain/deadlines/cn-public-holidays.json   # then, as for every file
 *
 * Each year gets a `source` naming the State Council notice it follows and
 * the package version it was read from. A year added here needs its notice
 * in SOURCES: the script refuses a year without one rather than guess.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const FIRST_YEAR = 2020;
const LAST_YEAR = 2026;

/** 国务院办公厅关于<year>年部分节假日安排的通知 (and, for 2020, the extended Spring Festival). */
const SOURCES = {
  2020: '国办发明电〔2019〕16号；国办发明电〔2020〕1号（延长春节假期）',
  2021: '国办发明电〔2020〕27号',
  2022: '国办发明电〔2021〕11号',
  2023: '国办发明电〔2022〕16号',
  2024: '国办发明电〔2023〕7号',
  2025: '国办发明电〔2024〕12号',
  2026: '国办发明电〔2025〕7号',
};

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = process.argv[2]
  ? path.resolve(process.argv[2])
  : path.dirname(createRequire(import.meta.url).resolve('chinese-days/package.json'));
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
if (pkg.name !== 'chinese-days') throw new Error(`${pkgDir} is not the chinese-days package`);

const years = [];
for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
  const notice = SOURCES[year];
  if (!notice) throw new Error(`no State Council notice recorded for ${year}: add it to SOURCES`);
  const data = JSON.parse(fs.readFileSync(path.join(pkgDir, 'dist', 'years', `${year}.json`), 'utf8'));
  const pick = (table) =>
    Object.keys(table ?? {})
      .filter((d) => d.startsWith(`${year}-`))
      .sort();
  const daysOff = pick(data.holidays);
  const makeUpWorkdays = pick(data.workdays);
  if (daysOff.length === 0) throw new Error(`chinese-days ${pkg.version} has no days off for ${year}`);
  years.push({
    year,
    source: `国务院办公厅关于${year}年部分节假日安排的通知（${notice}），据 chinese-days ${pkg.version}`,
    daysOff,
    makeUpWorkdays,
  });
}

const out = { generatedFrom: `chinese-days@${pkg.version}`, years };
const file = path.join(here, '..', '..', 'shared', 'domain', 'deadlines', 'cn-public-holidays.json');
fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}: ${years.map((y) => y.year).join(', ')}`);
