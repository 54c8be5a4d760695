// One batch's progress: a bar redrawn in place on a terminal, one plain line per change
// otherwise (logs and CI keep every step).
export interface Counts {
  total: number;
  sent: number;
  done: number;
  failed: number;
}

export class Progress {
  readonly counts: Counts;
  readonly #out: NodeJS.WriteStream;
  readonly #live: boolean;
  readonly #waiting: boolean;

  constructor(total: number, waiting: boolean, out: NodeJS.WriteStream = process.stderr) {
    this.counts = { total, sent: 0, done: 0, failed: 0 };
    this.#out = out;
    this.#live = out.isTTY === true;
    this.#waiting = waiting;
  }

  /** Records a change; `line` is what a non-terminal reader sees for it. */
  update(change: Partial<Counts>, line: string): void {
    for (const [k, v] of Object.entries(change) as [keyof Counts, number][]) this.counts[k] += v;
    if (this.#live) this.#out.write(`\r\x1b[2K${this.render()}`);
    else this.#out.write(`${line}  [${this.summary()}]\n`);
  }

  finish(): void {
    if (this.#live) this.#out.write(`\r\x1b[2K${this.render()}\n`);
  }

  render(width = 30): string {
    const { total, sent, done, failed } = this.counts;
    const reached = this.#waiting ? done + failed : sent + failed;
    const filled = total ? Math.round((reached / total) * width) : width;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.summary()}`;
  }

  summary(): string {
    const { total, sent, done, failed } = this.counts;
    return `sent ${sent}/${total}${this.#waiting ? ` · done ${done}/${total}` : ''} · failed ${failed}`;
  }
}
