// The poison documents the fault scripts feed Docket: the corpus's broken files (when
// ../shared/corpus is there) and bombs made here. Each carries the contract code its job must
// fail with.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { makeZip, pngClaiming } from '../../testkit/format-fixtures.ts';

export interface Poison {
  name: string;
  bytes: Buffer;
  filename: string;
  /** The failure code the job must end with. */
  code: string;
}

const CORPUS = path.resolve('../shared/corpus');

/** The corpus's corrupt, truncated and encrypted files (its README says which); null without ../shared. */
export async function corpusPoison(): Promise<Poison[] | null> {
  if (!existsSync(CORPUS)) return null;
  const files: [string, string][] = [
    ['pdf/truncated-derived/basicapi.trunc50.pdf', 'corrupt_document'],
    ['pdf/truncated-derived/basicapi.trunc90.pdf', 'corrupt_document'],
    ['pdf/truncated-derived/basicapi.trunc99.pdf', 'corrupt_document'],
    ['pdf/truncated-derived/issue13201.trunc50.pdf', 'corrupt_document'],
    ['pdf/truncated-derived/issue13201.trunc90.pdf', 'corrupt_document'],
    ['pdf/truncated-derived/issue13201.trunc99.pdf', 'corrupt_document'],
    ['pdf/truncated-derived/pdflatex-4-pages.no-trailer.pdf', 'corrupt_document'],
    ['pdf/pdfplumber/pdfs/password-example.pdf', 'encrypted_document'],
    [
      'pdf/py-pdf-sample-files/005-libreoffice-writer-password/libreoffice-writer-password.pdf',
      'encrypted_document',
    ],
    ['docling/pdf_password/sources/2206.01062_pg3.pdf', 'encrypted_document'],
    ['unstructured/example-docs/pdf/password.pdf', 'encrypted_document'],
  ];
  return Promise.all(
    files.map(async ([file, code]) => ({
      name: `corpus ${file}`,
      bytes: await readFile(path.join(CORPUS, file)),
      filename: path.basename(file),
      code,
    })),
  );
}

/** Empty and wrong-type files, and the bombs: each small on the wire, huge once opened. */
export async function madePoison(): Promise<Poison[]> {
  return [
    { name: 'empty file', bytes: Buffer.alloc(0), filename: 'empty.pdf', code: 'unsupported_format' },
    {
      name: 'wrong type (ELF bytes named .pdf)',
      bytes: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4096, 7)]),
      filename: 'report.pdf',
      code: 'unsupported_format',
    },
    {
      name: 'PNG of 100,000 × 100,000 pixels',
      bytes: pngClaiming(100_000, 100_000),
      filename: 'bomb.png',
      code: 'document_too_large',
    },
    {
      name: 'PDF of 10,000 pages',
      bytes: await manyPagePdf(10_000),
      filename: 'pages.pdf',
      code: 'too_many_pages',
    },
    {
      name: 'PDF nested 100,000 deep',
      bytes: nestedPdf(100_000),
      filename: 'nested.pdf',
      code: 'corrupt_document',
    },
    {
      name: 'zip bomb renamed .docx (64 MiB of zeros, 1000:1)',
      bytes: zipBomb(),
      filename: 'bomb.docx',
      code: 'document_too_large',
    },
  ];
}

async function manyPagePdf(pages: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pdf.addPage([200, 200]);
  return Buffer.from(await pdf.save());
}

/** A one-page PDF whose page dictionary holds an array nested `depth` deep. */
function nestedPdf(depth: number): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Nest ${'['.repeat(depth)}${']'.repeat(depth)} >>`,
  ];
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body);
}

/** A zip named .docx whose document part is 64 MiB of zeros, deflated about 1000:1. */
function zipBomb(): Buffer {
  const mb = Buffer.alloc(1024 * 1024);
  return makeZip([
    { name: '[Content_Types].xml', data: '<Types/>' },
    { name: 'word/document.xml', data: Buffer.concat(Array.from({ length: 64 }, () => mb)) },
  ]);
}
