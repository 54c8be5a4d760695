// The issuer of a document when no label names it ("Sold by", "Seller", "Sprzedawca"): a
// company name ending in a legal form, repeated in the document, or the name the sender's web
// or mail domain spells; names under "Bill to" or "Ship to" are the customer's and skipped.

import { LEGAL_FORM_RE } from './concepts.ts';
import type { DocContext, Found } from './field-search.ts';
import { findLabel, fold } from './layout.ts';
import { loneLegalForm } from './receipt-cues.ts';
import { findAmounts, findDates, findEmails, findUris } from './values.ts';

const NOT_A_NAME_RE =
  /^(?:eur|euro|usd|rm|gbp|chf)$|^(invoice|facture|factuur|rechnung|faktura|receipt|bill|page|date|total|tax|vat|description|item|qty|payment|kopie|copy|original|tel|phone|fax|email|www|http|thank|terima\s*kasih|danke|vielen\s*dank|merci|gracias|grazie|selamat)/i;

/** Words that begin a document's title before "invoice" or "receipt": no name. */
const TITLE_START_RE =
  /(?:^|\s)(?:tax|simplified|full|pro[\s-]?forma|commercial|sales|official|cash|credit|debit|final|original|copy|gst|vat)\s*$/i;

/**
 * A part of a web address as printed: OCR reads its "l" as "1" and its "o" as "0"
 * ("marktkauf-1ehr"), and beside letters they are the letters again.
 */
function lettersOfHost(part: string): string {
  return part.replace(/(?<=\p{L})1|1(?=\p{L})/gu, 'l').replace(/(?<=\p{L})0(?=\p{L})/gu, 'o');
}

/**
 * The issuer when no label names it: a company name (a line ending in a legal form) repeated
 * in the document, or the heading that precedes "Invoice", or the first name-like line.
 * Names under "Bill to"/"Ship to" are the customer's and are skipped.
 */
export function guessIssuer(ctx: DocContext): Found | null {
  const customerLines = new Set<number>();
  for (const label of [
    'bill to',
    'billed to',
    'ship to',
    'sold to',
    'invoice to',
    'billing address',
    'shipping address',
    'customer',
    'nabywca',
    'factuuradres',
    'afleveradres',
    'attn',
    'guest name',
  ]) {
    for (const hit of findLabel(ctx.lines, label)) {
      customerLines.add(hit.line.index);
      // The block under the label: up to four lines, ending at the first blank one.
      for (let i = hit.line.index + 1; i <= hit.line.index + 4 && ctx.lines[i]?.segments.length; i++) {
        customerLines.add(i);
      }
    }
  }
  const scores = new Map<string, { score: number; first: number }>();
  const bump = (name: string, score: number, line: number) => {
    const clean = name.replace(/^[\s\-–:|•*]+|[\s,;:\-–|•*]+$/g, '').trim();
    if (clean.length < 2 || clean.length > 80 || !/\p{L}{2}/u.test(clean) || NOT_A_NAME_RE.test(clean))
      return;
    if (findAmounts(clean).length > 1 || findDates(clean).length > 0) return;
    const prev = scores.get(clean);
    if (prev) prev.score += score * 0.5;
    else scores.set(clean, { score, first: line });
  };
  const total = ctx.lines.length || 1;
  // A PDF generator's credit is not the issuer.
  for (const line of ctx.lines)
    if (/\b(powered|generated|created|produced) (by|with)\b/i.test(line.text)) customerLines.add(line.index);
  for (const line of ctx.lines) {
    if (customerLines.has(line.index)) continue;
    for (const seg of line.segments) {
      const m = seg.text.match(LEGAL_FORM_RE);
      // Legal forms are written capitalised ("AG", "B.V.", "Ltd"); "kg" after a number is a unit.
      // A legal form follows its name after a space or comma ("Aldi GmbH", "Acme, Inc."); "SA" in
      // "MO.-SA." (Monday to Saturday) is no legal form.
      if (
        m &&
        m.index !== undefined &&
        m.index > 1 &&
        /[\s,]/.test(seg.text[m.index - 1]!) &&
        /^\p{Lu}/u.test(m[0]) &&
        // ... and ends the name: a word straight after it makes it a word of a sentence ("TYRE
        // WARRANTY AS PER MANUFACTURER"); "GmbH & Co. KG", "AG - Uferweg 40" go on otherwise.
        !/^\s+\p{L}/u.test(seg.text.slice(m.index + m[0].length))
      ) {
        const name =
          seg.text
            .slice(0, m.index + m[0].length)
            .split(/\s[-–|]\s|:\s/)
            .pop() ?? '';
        // A legal form alone ("Mo - Sa: 7:30" split at its dash) names nobody.
        if (!/^\p{Lu}/u.test(name) || /\d/.test(name) || name.trim().length <= m[0].length + 1) continue;
        const position = line.index < total * 0.2 || line.index > total * 0.8 ? 0.15 : 0;
        bump(name, 0.5 + position, line.index);
      }
      const heading = seg.text.match(/^(.{2,60}?)\s+(?:invoice|receipt|facture|factuur|rechnung)\s*$/i);
      // ... unless it is the title's own start: "SIMPLIFIED TAX INVOICE", "OFFICIAL RECEIPT".
      if (heading && line.index < total * 0.2 && !TITLE_START_RE.test(heading[1]!))
        bump(heading[1]!, 0.6, line.index);
    }
  }
  // A sender's web or mail domain names it: "azure-interior.com" → "Azure Interior", and an
  // acronym domain ("aws.amazon.com") → the capitalised words it abbreviates.
  const GENERIC_HOSTS =
    /^(www|mail|email|gmail|googlemail|yahoo|hotmail|outlook|live|icloud|example|fake|test|com|org|net|co|info|biz)$/;
  const stems = new Set<string>();
  for (const d of [...findUris(ctx.text), ...findEmails(ctx.text)]) {
    const host =
      fold(d.value)
        .replace(/^.*@|^https?:\/\//g, '')
        .split('/')[0] ?? '';
    const parts = host.split('.').slice(0, -1);
    for (const p of parts) if (p.length >= 2 && !GENERIC_HOSTS.test(p)) stems.add(lettersOfHost(p));
  }
  const domainNames = new Set<string>();
  for (const stem of stems) {
    const spaced = stem.replace(/-/g, ' ');
    const words = spaced.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const exact = new RegExp(
      `(?<![\\p{L}\\p{N}.@/-])${words.join('[\\s-]?')}(?![\\p{L}\\p{N}]|\\.[a-z])`,
      'giu',
    );
    for (const line of ctx.lines) {
      if (customerLines.has(line.index)) continue;
      for (const m of line.text.matchAll(exact)) {
        if (/^\p{Lu}/u.test(m[0])) {
          // The name as a line of its own is the letterhead's; beside other words (a sponsor's
          // web address and its caption, "www.lehr.honestly.de  Honestly") it is surer of less.
          bump(m[0], line.text.trim() === m[0] ? 0.8 : 0.75, line.index);
          domainNames.add(m[0]);
        }
      }
      if (stem.length >= 2 && stem.length <= 5 && !stem.includes('-')) {
        const acronym = new RegExp(
          `(?<![\\p{L}])${[...stem].map((c) => `${c}[\\p{L}]+`).join('\\s+')}(?![\\p{L}])`,
          'giu',
        );
        for (const m of line.text.matchAll(acronym)) {
          if (m[0].split(/\s+/).every((w) => /^\p{Lu}/u.test(w))) {
            bump(m[0], 0.75, line.index);
            domainNames.add(m[0]);
          }
        }
      }
    }
  }
  // The full company name beats the bare domain word it starts with ("QualityHosting AG").
  for (const [name, entry] of scores) {
    if (domainNames.has(name)) continue;
    const base = [...domainNames].find((d) => fold(name).startsWith(fold(d)));
    if (base) entry.score = Math.max(entry.score + 0.3, (scores.get(base)?.score ?? 0) + 0.1);
  }
  let best: [string, { score: number; first: number }] | undefined;
  for (const entry of scores) {
    if (
      !best ||
      entry[1].score > best[1].score ||
      (entry[1].score === best[1].score && entry[1].first < best[1].first)
    ) {
      best = entry;
    }
  }
  if (best) return { value: best[0], likelihood: Math.min(0.7, best[1].score * 0.6), line: best[1].first };
  // Last resort: the first short line at the top that reads like a name.
  for (const line of ctx.lines.slice(0, Math.min(8, total))) {
    if (customerLines.has(line.index)) continue;
    const seg = line.segments[0];
    if (
      seg &&
      /^\p{Lu}/u.test(seg.text) &&
      seg.text.split(/\s+/).length <= 5 &&
      !/\d/.test(seg.text) &&
      !NOT_A_NAME_RE.test(seg.text) &&
      // A legal form alone names nobody ("EK", a logo's slogan misread).
      !loneLegalForm(seg.text) &&
      // A document's title ("SIMPLIFIED TAX INVOICE", "CASH BILL") is no name either.
      !/(?<![\p{L}])(?:invoice|receipt|rechnung|facture|factuur|quittung|kassenbon|bill|cash\s*sales?|resit|recibo|ricevuta|reçu|bon)(?![\p{L}'’])/iu.test(
        seg.text,
      ) &&
      // An item with its price ("Bananen      0,19 A") is no name.
      !/\d[.,]\d{2}(?!\d)/.test(line.text)
    ) {
      return { value: seg.text.replace(/[,;:]+$/, ''), likelihood: 0.25, line: line.index };
    }
  }
  return null;
}
