/**
 * The CLI's progress bar on stderr. On a terminal it is one line redrawn in
 * place (at most a few times a second, as progress events arrive); in a log
 * or a pipe it is one line each time another tenth of the work is done, so a
 * captured log stays short.
 */

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

const WIDTH = 30;

/** `[#######-----------]  37%  1234/3300 label` */
export function barLine(done: number, total: number, label: string): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * WIDTH);
  const pct = String(Math.floor(ratio * 100)).padStart(3);
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${pct}%  ${done}/${total} ${label}`;
}

export class ProgressBar {
  private lastTenth = -1;
  private drawn = false;

  constructor(
    private readonly out: ProgressOutput,
    /** Shown after the counts, e.g. "事件 / events". */
    private readonly label: string,
  ) {}

  update(done: number, total: number): void {
    const line = barLine(done, total, this.label);
    if (this.out.isTTY === true) {
      const cols = this.out.columns ?? 80;
      this.out.write(`\r${line.slice(0, Math.max(10, cols - 1)).padEnd(Math.min(cols - 1, line.length))}`);
      this.drawn = true;
      return;
    }
    const tenth = total > 0 ? Math.floor((Math.min(done, total) / total) * 10) : 0;
    if (tenth <= this.lastTenth) return;
    this.lastTenth = tenth;
    this.out.write(`${line}\n`);
  }

  /** A message on its own line (the bar, if drawn, is ended first). */
  note(text: string): void {
    this.end();
    this.out.write(`${text}\n`);
  }

  /** Ends the bar's line on a terminal. */
  end(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
