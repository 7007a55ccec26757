/**
 * ECharts is the largest module graph the desk has (about 60 MB of the
 * process); the desk loads it when a report is printed (features/reports/
 * svg.ts `loadCharts`), not at start-up, because an export, whose memory
 * issue 13 bounds at 300 MB, runs in the same process. A static import
 * anywhere in the desk's, host's or CLI's code would load it again at start.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** A static value import (or require) of echarts: a statement `import … from 'echarts…'` that is not `import type`. */
function loadsEcharts(source: string): boolean {
  return (
    /(^|\n)\s*import\s+(?!type\b)[^;]*?from\s+['"]echarts/.test(source) ||
    /require\(\s*['"]echarts/.test(source)
  );
}

describe('the desk loads ECharts only for a printed report', () => {
  it('has no value import of echarts in electron/ or the shared code it loads', () => {
    const files = [...tsFiles(path.join(ROOT, 'electron')), ...tsFiles(path.join(ROOT, 'shared'))];
    const offenders = files.filter((f) => loadsEcharts(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('finds a value import when there is one (the check can fail)', () => {
    expect(loadsEcharts("import * as echarts from 'echarts/core';")).toBe(true);
    expect(loadsEcharts("import {\n  BarChart,\n  LineChart,\n} from 'echarts/charts';")).toBe(true);
    expect(loadsEcharts("const e = require('echarts');")).toBe(true);
    expect(loadsEcharts("import type * as Echarts from 'echarts/core';")).toBe(false);
    expect(loadsEcharts("const core = await import('echarts/core');")).toBe(false);
  });
});
