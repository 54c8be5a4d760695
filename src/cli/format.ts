// Plain-text renderings of jobs for people; scripts use --json.
import type { Job, JobDetail } from '../client/index.ts';

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** "1 page", "2 pages". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const JOB_COLUMNS = [
  'ID',
  'STATUS',
  'STAGE',
  'ENDPOINT',
  'GRADE',
  'PII',
  'UPDATED',
  'QUEUE',
  'ETA',
  'FILE',
];

export function jobRow(job: Job): string[] {
  const stage =
    job.status === 'IN_PROGRESS' && job.stage ? `${job.stage} ${Math.round(job.progress * 100)}%` : '';
  return [
    job.id,
    job.status,
    stage,
    job.endpoint,
    job.qualityGrade ?? '',
    job.piiFindingsCount === null ? '' : String(job.piiFindingsCount),
    job.updatedAt.slice(11, 19),
    job.queuePosition === null ? '' : `#${job.queuePosition}`,
    eta(job),
    job.document?.filename ?? '',
  ];
}

/** When a queued or running job should be done (UTC time of day), "?" without a basis yet. */
function eta(job: Job): string {
  if (job.status !== 'QUEUED' && job.status !== 'IN_PROGRESS') return '';
  return job.estimatedCompletionAt ? job.estimatedCompletionAt.slice(11, 19) : '?';
}

/** A job as a person reads it; its warnings when it was read on its own (a JobDetail). */
export function jobDetails(job: Job & Partial<Pick<JobDetail, 'warnings'>>): string {
  const lines = [
    `id          ${job.id}`,
    `status      ${job.status}${job.stage ? ` (${job.stage}, ${Math.round(job.progress * 100)}%)` : ''}`,
    `endpoint    ${job.endpoint}`,
    `document    ${job.document ? `${job.document.filename} (${job.document.mimeType}, ${job.document.sizeBytes} bytes${job.document.pageCount === null ? '' : `, ${plural(job.document.pageCount, 'page')}`})` : '—'}`,
    `created     ${job.createdAt}`,
  ];
  if (job.completedAt) lines.push(`completed   ${job.completedAt}`);
  if (job.qualityGrade) lines.push(`quality     ${job.qualityGrade} (${job.qualityScore})`);
  if (job.piiFindingsCount !== null) lines.push(`pii         ${job.piiFindingsCount} findings`);
  if (job.processingSummary) lines.push(`summary     ${job.processingSummary}`);
  for (const w of job.warnings ?? []) {
    lines.push(`warning     ${w.code}${w.page === null ? '' : ` (page ${w.page})`}: ${w.message}`);
  }
  if (job.error) {
    const where = job.error.stage ? ` at ${job.error.stage}` : '';
    lines.push(`error       ${job.error.code} (${job.error.category}${where}): ${job.error.message}`);
  }
  if (job.priority !== 'NORMAL') lines.push(`priority    ${job.priority}`);
  if (job.queuePosition !== null) lines.push(`queue       ${plural(job.queuePosition, 'job')} ahead`);
  if (job.estimatedStartAt) lines.push(`starts ~    ${job.estimatedStartAt}`);
  if (job.estimatedCompletionAt) lines.push(`done ~      ${job.estimatedCompletionAt}`);
  if (job.attemptHistory.length > 1 || job.attemptHistory.some((a) => a.outcome !== 'COMPLETED')) {
    for (const a of job.attemptHistory) {
      const error = a.error ? ` ${a.error.code} (${a.error.category}): ${a.error.message}` : '';
      lines.push(`attempt ${a.attempt}   ${a.startedAt} ${a.outcome ?? 'RUNNING'}${error}`);
    }
  }
  if (job.response) lines.push('response', JSON.stringify(job.response.body, null, 2));
  return lines.join('\n');
}
