/** The CLI's progress bar (electron/cli/progress.ts): one redrawn line on a terminal, tenths in a log. */
import { describe, expect, it } from 'vitest';
import { barLine, ProgressBar } from '../../electron/cli/progress';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { out: { isTTY, columns: 100, write: (c: string) => chunks.push(c) }, chunks };
}

describe('ProgressBar', () => {
  it('draws the share done', () => {
    expect(barLine(50, 200, 'events')).toBe(`[${'#'.repeat(8)}${'-'.repeat(22)}]  25%  50/200 events`);
    expect(barLine(0, 0, 'events')).toContain('  0%  0/0');
  });

  it('redraws one line in place on a terminal', () => {
    const { out, chunks } = sink(true);
    const bar = new ProgressBar(out, 'events');
    bar.update(1, 10);
    bar.update(2, 10);
    bar.end();
    expect(chunks.slice(0, 2).every((c) => c.startsWith('\r') && !c.includes('\n'))).toBe(true);
    expect(chunks.at(-1)).toBe('\n');
  });

  it('writes a line only when another tenth is done when not on a terminal', () => {
    const { out, chunks } = sink(false);
    const bar = new ProgressBar(out, 'events');
    for (let done = 0; done <= 1000; done += 7) bar.update(done, 1000);
    bar.update(1000, 1000);
    expect(chunks).toHaveLength(11);
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks.at(-1)).toContain('100%  1000/1000');
  });
});
