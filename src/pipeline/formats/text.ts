// Plain text and Markdown: one page each. Markdown keeps its source as markdown and gets a
// plain-text reading with the markup removed; plain text is its own markdown.
import type { RenderedText } from './html.ts';

export function renderPlainText(source: string): RenderedText {
  const text = normaliseNewlines(source);
  return { text, markdown: text };
}

export function renderMarkdown(source: string): RenderedText {
  const markdown = normaliseNewlines(source);
  return { text: stripMarkdown(markdown), markdown };
}

function normaliseNewlines(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/^\uFEFF/, '')
    .trim();
}

/** Removes Markdown markup line by line; fenced code keeps its content verbatim. */
export function stripMarkdown(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(?:```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    // Table delimiter rows and setext underlines carry no words.
    if (/^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line) || /^\s*=+\s*$/.test(line)) continue;
    let l = line
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/\s+#+\s*$/, '')
      .replace(/^\s*>\s?/, '')
      .replace(/^(\s*)[-*+]\s+\[[ xX]\]\s+/, '$1')
      .replace(/^(\s*)[-*+]\s+/, '$1- ')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
      .replace(/(^|[^\w*])[*_](?=\S)([^*_\n]*?\S)[*_](?=$|[^\w*])/g, '$1$2')
      .replace(/~~(?=\S)([^\n]*?\S)~~/g, '$1')
      .replace(/`([^`\n]+)`/g, '$1');
    if (/^\s*\|.*\|\s*$/.test(l)) {
      l = l
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim())
        .join('\t');
    }
    if (/^\s*(?:[-*_]\s*){3,}$/.test(l)) continue;
    out.push(l.replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1'));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
