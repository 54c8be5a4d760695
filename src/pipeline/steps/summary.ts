// The processingSummary: one or two plain sentences saying what the run found, built from
// the run's own figures so a person can tell at a glance whether to look closer. A run with
// warnings is a partial success, and its summary ends saying so.
import type { Endpoint, PipelineWarning, QualityGrade, WarningCode } from '../types.ts';

export interface SummaryFacts {
  /** Format kind as detected: pdf, png, docx, text… */
  kind: string;
  pageCount: number;
  ocrPages: number;
  endpoint: Endpoint;
  /** What the endpoint's step produced, as a clause: "filled 4 of 5 fields". */
  outcome: string;
  /** PII finding counts by type. */
  pii: Record<string, number>;
  redacted: boolean;
  grade: QualityGrade;
  score: number;
  /** The run's warnings; none when absent. */
  warnings?: readonly PipelineWarning[];
}

const FORMAT_NAMES: Record<string, string> = {
  pdf: 'PDF',
  png: 'PNG image',
  jpeg: 'JPEG image',
  tiff: 'TIFF image',
  webp: 'WebP image',
  docx: 'Word document',
  html: 'HTML document',
  markdown: 'Markdown document',
  text: 'text file',
};

const PII_NAMES: Record<string, [string, string]> = {
  EMAIL: ['email address', 'email addresses'],
  PHONE_NUMBER: ['phone number', 'phone numbers'],
  CREDIT_CARD: ['card number', 'card numbers'],
  US_SSN: ['social security number', 'social security numbers'],
  IBAN: ['IBAN', 'IBANs'],
  IP_ADDRESS: ['IP address', 'IP addresses'],
  DATE_OF_BIRTH: ['date of birth', 'dates of birth'],
  PERSON: ['name', 'names'],
  ADDRESS: ['street address', 'street addresses'],
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function article(word: string): string {
  // "an 8-page", "an 11-page", "an 80-page"; "a 1-page", "a 3-page".
  return /^(?:[aeiou]|8|11-|18-)/i.test(word) ? 'an' : 'a';
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const GRADE_WORDS: Record<QualityGrade, string> = {
  A: 'high',
  B: 'good',
  C: 'fair',
  D: 'poor',
};

export function buildSummary(f: SummaryFacts): string {
  const format = FORMAT_NAMES[f.kind] ?? `${f.kind} document`;
  const size = `${f.pageCount}-page`;
  const ocr =
    f.ocrPages === 0
      ? ''
      : f.ocrPages === f.pageCount
        ? ' (read by OCR)'
        : ` (${plural(f.ocrPages, 'page')} read by OCR)`;
  const first = `Processed ${article(size)} ${size} ${format}${ocr} and ${f.outcome}.`;
  const total = Object.values(f.pii).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(f.pii)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => {
      const [one, many] = PII_NAMES[type] ?? [type.toLowerCase(), type.toLowerCase()];
      return plural(n, one, many);
    });
  const pii =
    total === 0
      ? 'No personal data was found'
      : `Found ${plural(total, 'piece')} of personal data (${listOf(kinds)})${f.redacted ? ', redacted in the response' : ''}`;
  const partial = f.warnings?.length ? ` ${partialSuccess(f.warnings)}` : '';
  return `${first} ${pii}; text quality is ${GRADE_WORDS[f.grade]} (grade ${f.grade}, ${f.score.toFixed(2)}).${partial}`;
}

/** "Partial success, 2 warnings: no text read from page 2 and 1 field value left out as invalid (see warnings)." */
function partialSuccess(warnings: readonly PipelineWarning[]): string {
  const of = (code: WarningCode) => warnings.filter((w) => w.code === code);
  const parts: string[] = [];
  const unreadable = of('PAGE_UNREADABLE');
  if (unreadable.length > 0) parts.push(`no text read from ${pages(unreadable)}`);
  const weak = of('LOW_CONFIDENCE_PAGE');
  if (weak.length > 0) parts.push(`low OCR confidence on ${pages(weak)}`);
  const attachments = of('ATTACHMENT_SKIPPED').length;
  if (attachments > 0)
    parts.push(attachments === 1 ? 'an embedded file not read' : 'embedded files not read');
  const fields = of('FIELD_INVALID').length;
  if (fields > 0) parts.push(`${plural(fields, 'field value')} left out as invalid`);
  if (of('EXTRACTOR_FALLBACK').length > 0)
    parts.push('the built-in extractor used as the model server failed');
  return `Partial success, ${plural(warnings.length, 'warning')}: ${listOf(parts)} (see warnings).`;
}

/** "page 2", "pages 2, 5 and 7", "pages 1, 2, 3, 4, 5 and 9 more". */
function pages(warnings: readonly PipelineWarning[]): string {
  const numbers = warnings.flatMap((w) => (w.page === undefined ? [] : [w.page]));
  if (numbers.length === 1) return `page ${numbers[0]}`;
  const shown = numbers.slice(0, 5).map(String);
  const rest = numbers.length - shown.length;
  return `pages ${rest > 0 ? `${shown.join(', ')} and ${rest} more` : listOf(shown)}`;
}
