/** Small timing helpers shared by the benchmarks. */

export interface Sample {
  median: number;
  min: number;
  runs: number;
}

/** Runs `body` `warmup` times unmeasured, then `runs` times; returns milliseconds per run. */
export async function sample(body: () => unknown | Promise<unknown>, runs: number, warmup = 2): Promise<Sample> {
  for (let index = 0; index < warmup; index++) await body();
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, runs };
}

export function ms(value: number): string {
  return value < 1 ? `${value.toFixed(3)} ms` : value < 100 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`;
}

export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
