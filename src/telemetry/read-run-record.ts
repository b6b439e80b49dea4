import { readFile } from 'node:fs/promises';
import { READABLE_RUN_RECORD_VERSIONS, RUN_RECORD_FORMAT, RunRecordError, type RecordLine } from './run-record.js';
import { recordHeaderSchema, recordLineSchema } from './run-record-schema.js';

type Line<Type extends RecordLine['type']> = Extract<RecordLine, { type: Type }>;

/** One run read back from a record: its start, its events in order, and its end if it got there. */
export interface RecordedRun {
  run: number;
  start: Line<'run_start'>;
  lines: Exclude<RecordLine, Line<'run_start'> | Line<'run_end'>>[];
  /** Absent when the record stops mid-run (the process was killed, say). */
  end?: Line<'run_end'> | undefined;
}

/** Reads and checks a run record; every problem is a RunRecordError naming the file and the line. */
export async function readRunRecord(path: string): Promise<RecordedRun[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RunRecordError(`Cannot read the run record ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseRunRecord(text, path);
}

export function parseRunRecord(text: string, name: string): RecordedRun[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new RunRecordError(`${name} is empty: it is not a run record.`);
  checkHeader(parseJson(lines[0]!, name, 1), name);

  const runs = new Map<number, RecordedRun>();
  lines.slice(1).forEach((text, index) => {
    const number = index + 2;
    if (text.trim() === '') return;
    const parsed = recordLineSchema.safeParse(parseJson(text, name, number));
    if (!parsed.success) {
      const type = (JSON.parse(text) as { type?: unknown }).type;
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw new RunRecordError(`${name} line ${number}${typeof type === 'string' ? ` (${type})` : ''} is malformed: ${where}${issue.message}.`);
    }
    // The schema checks every field the replay reads; it lets unknown extra fields through.
    const line = parsed.data as RecordLine;
    if (line.type === 'run_start') {
      if (runs.has(line.run)) throw new RunRecordError(`${name} line ${number}: run ${line.run} starts twice.`);
      runs.set(line.run, { run: line.run, start: line, lines: [] });
      return;
    }
    const run = runs.get(line.run);
    if (!run) throw new RunRecordError(`${name} line ${number}: an event of run ${line.run}, which has not started.`);
    if (run.end) throw new RunRecordError(`${name} line ${number}: an event of run ${line.run} after its end.`);
    if (line.type === 'run_end') run.end = line;
    else run.lines.push(line);
  });
  return [...runs.values()];
}

function parseJson(text: string, name: string, number: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RunRecordError(`${name} line ${number} is not valid JSON (${(error as Error).message}).`);
  }
}

function checkHeader(value: unknown, name: string): void {
  const header = recordHeaderSchema.safeParse(value);
  if (!header.success || header.data.format !== RUN_RECORD_FORMAT) {
    throw new RunRecordError(`${name} is not a smolagents run record: its first line lacks "format": "${RUN_RECORD_FORMAT}" and a "version".`);
  }
  if (!READABLE_RUN_RECORD_VERSIONS.includes(header.data.version)) {
    const readable = `${READABLE_RUN_RECORD_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_RUN_RECORD_VERSIONS.at(-1)}`;
    throw new RunRecordError(`${name} is a version ${header.data.version} run record; this version of smolagents-ts reads versions ${readable}.`);
  }
}
