// HTML → readable plain text and Markdown (headings, lists, tables, emphasis, links).
// DOCX goes through here too: mammoth turns it into HTML first.
import { type HTMLElement, type Node, NodeType, parse } from 'node-html-parser';
import { PipelineError } from '../types.ts';

export interface RenderedText {
  text: string;
  markdown: string;
}

type Mode = 'text' | 'markdown';

const SKIPPED = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'object',
  'embed',
  'canvas',
  'select',
  'button',
  'input',
  'textarea',
  'map',
  'audio',
  'video',
]);
const BLOCKS = new Set([
  'html',
  'body',
  'main',
  'article',
  'section',
  'div',
  'p',
  'header',
  'footer',
  'nav',
  'aside',
  'address',
  'figure',
  'figcaption',
  'form',
  'fieldset',
  'legend',
  'details',
  'summary',
  'center',
  'caption',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'pre',
  'blockquote',
  'hr',
]);

export function renderHtml(html: string): RenderedText {
  // The parser keeps declarations such as <!doctype> as text.
  const markup = html.replace(/<![a-z][^>]*>|<\?[^>]*\?>/gi, '');
  const root = parse(markup, {
    comment: false,
    blockTextElements: { script: true, style: true, noscript: true, pre: true },
  });
  assertDepth(root);
  return { text: blocks(root, 'text').join('\n\n'), markdown: blocks(root, 'markdown').join('\n\n') };
}

/** Elements nested deeper than this fail the document: the renderer below recurses per level. */
export const MAX_HTML_DEPTH = 1000;

/** Walked with an explicit stack: a recursive walk would overflow on the very documents it refuses. */
function assertDepth(root: Node): void {
  const stack: [Node, number][] = [[root, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > MAX_HTML_DEPTH)
      throw new PipelineError(
        'document_too_complex',
        `The document nests elements more than ${MAX_HTML_DEPTH} deep.`,
        { maxDepth: MAX_HTML_DEPTH },
      );
    for (const child of node.childNodes) stack.push([child, depth + 1]);
  }
}

function tag(node: Node): string {
  return node.nodeType === NodeType.ELEMENT_NODE
    ? ((node as HTMLElement).rawTagName?.toLowerCase() ?? '')
    : '';
}

function isBlock(node: Node): boolean {
  return BLOCKS.has(tag(node));
}

/** The block-level pieces of a container, each already rendered; runs of inline content become paragraphs. */
function blocks(container: Node, mode: Mode): string[] {
  const out: string[] = [];
  let run = '';
  const flush = () => {
    const paragraph = tidy(run);
    if (paragraph) out.push(paragraph);
    run = '';
  };
  for (const child of container.childNodes) {
    if (SKIPPED.has(tag(child))) continue;
    if (!isBlock(child)) {
      run += inline(child, mode);
      continue;
    }
    flush();
    out.push(...block(child as HTMLElement, mode));
  }
  flush();
  return out;
}

function block(el: HTMLElement, mode: Mode): string[] {
  const name = tag(el);
  const heading = /^h([1-6])$/.exec(name);
  if (heading) {
    const text = tidy(inline(el, mode)).replace(/\n/g, ' ');
    if (!text) return [];
    return [mode === 'markdown' ? `${'#'.repeat(Number(heading[1]))} ${text}` : text];
  }
  switch (name) {
    case 'ul':
    case 'ol':
      return list(el, mode);
    case 'table':
      return table(el, mode);
    case 'pre': {
      const code = decodeEntities(el.rawText).replace(/^\n/, '').replace(/\s+$/, '');
      if (!code) return [];
      return [mode === 'markdown' ? '```\n' + code + '\n```' : code];
    }
    case 'blockquote': {
      const inner = blocks(el, mode);
      if (mode === 'text') return inner;
      return [inner.join('\n\n').replace(/^/gm, '> ')];
    }
    case 'hr':
      return mode === 'markdown' ? ['---'] : [];
    default:
      return blocks(el, mode);
  }
}

function list(el: HTMLElement, mode: Mode): string[] {
  const ordered = tag(el) === 'ol';
  let n = Number(el.getAttribute('start') ?? 1) || 1;
  const items: string[] = [];
  for (const child of el.childNodes) {
    if (child.nodeType !== NodeType.ELEMENT_NODE) continue;
    const name = tag(child);
    if (name === 'ul' || name === 'ol') {
      // A nested list placed directly in the list rather than inside an item.
      items.push(...list(child as HTMLElement, mode).map((l) => l.replace(/^/gm, '  ')));
      continue;
    }
    const marker = ordered ? `${n++}. ` : '- ';
    const body = blocks(child, mode).join('\n');
    if (!body) continue;
    items.push(marker + body.replace(/\n/g, `\n${' '.repeat(marker.length)}`));
  }
  return items.length ? [items.join('\n')] : [];
}

function table(el: HTMLElement, mode: Mode): string[] {
  const rows = el
    .querySelectorAll('tr')
    .filter((tr) => tr.closest('table') === el)
    .map((tr) =>
      tr.childNodes
        .filter((c) => tag(c) === 'td' || tag(c) === 'th')
        .map((cell) => tidy(blocks(cell, mode).join(' ')).replace(/\s*\n\s*/g, ' ')),
    )
    .filter((cells) => cells.some((c) => c.length > 0));
  if (rows.length === 0) return [];
  if (mode === 'text') return [rows.map((cells) => cells.join('\t')).join('\n')];
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, i) => (cells[i] ?? '').replace(/\|/g, '\\|')).join(' | ')} |`;
  const [head, ...body] = rows;
  return [[line(head ?? []), line(Array(width).fill('---')), ...body.map(line)].join('\n')];
}

function inline(node: Node, mode: Mode): string {
  if (node.nodeType === NodeType.TEXT_NODE) return node.text.replace(/\s+/g, ' ');
  if (node.nodeType !== NodeType.ELEMENT_NODE) return '';
  const el = node as HTMLElement;
  const name = tag(el);
  if (SKIPPED.has(name)) return '';
  if (name === 'br') return '\n';
  if (name === 'img') return el.getAttribute('alt') ? ` ${el.getAttribute('alt')} ` : '';
  // A block inside inline content (e.g. a div in a span): keep its words apart from their neighbours.
  if (isBlock(el)) return ` ${blocks(el, mode).join('\n')} `;
  const inner = el.childNodes.map((c) => inline(c, mode)).join('');
  if (mode === 'text' || !inner.trim()) return inner;
  const wrap = (mark: string) => {
    const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner);
    return m ? `${m[1]}${mark}${m[2]}${mark}${m[3]}` : inner;
  };
  switch (name) {
    case 'strong':
    case 'b':
      return wrap('**');
    case 'em':
    case 'i':
      return wrap('*');
    case 'code':
      return wrap('`');
    case 's':
    case 'del':
    case 'strike':
      return wrap('~~');
    case 'a': {
      const href = el.getAttribute('href');
      if (!href || href.startsWith('#') || /^javascript:/i.test(href)) return inner;
      return `[${inner.trim()}](${href})`;
    }
    default:
      return inner;
  }
}

/** Collapses spaces per line and drops blank lines at the edges. */
function tidy(s: string): string {
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(s: string): string {
  return parse(`<p>${s.replace(/</g, '&lt;')}</p>`).text;
}
