import type sanitizeHtml from 'sanitize-html';
import type { Block } from '../../documents/task-book.model.js';

/**
 * What a notice body may contain: the structure of an official document (headings, paragraphs, lists, tables,
 * emphasis, links). Everything else is dropped — scripts, styles, event handlers, frames, forms — and links may
 * only be http(s) or mailto, so a hostile body cannot run in a reader's browser.
 */
const ALLOWED = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'span',
    'div',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'caption',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
} satisfies sanitizeHtml.IOptions;

/** sanitize-html is loaded with the first notice written, not at every start. */
export async function sanitizeNoticeHtml(html: string): Promise<string> {
  const { default: sanitize } = await import('sanitize-html');
  // a link leaves the platform without handing it the opener
  const transformTags = { a: sanitize.simpleTransform('a', { rel: 'noopener noreferrer' }) };
  return sanitize(html, { ...ALLOWED, transformTags }).trim();
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const inline = (s: string) => escape(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');

/**
 * The seed notice (data/notice-jianbanke-2013-5.md) as HTML: its Markdown uses only headings, bold, "- " lists and
 * plain lines, so each non-blank line becomes one block and its words stay exactly as written.
 */
export function noticeMarkdownToHtml(md: string): string {
  const out: string[] = [];
  let list = false;
  for (const raw of md.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    const item = /^- (.*)$/.exec(line);
    if (list && !item && line && !raw.startsWith(' ') && !/^\d/.test(line)) {
      out.push('</ul>');
      list = false;
    }
    if (!line) continue;
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (item) {
      if (!list) out.push('<ul>');
      list = true;
      out.push(`<li>${inline(item[1]!)}</li>`);
    } else if (list) {
      // a line continuing the list item above (附件：1. … / 2. …)
      out.push(`<li>${inline(line.trim())}</li>`);
    } else if (heading) {
      const level = Math.min(heading[1]!.length + 1, 6);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
    } else out.push(`<p>${inline(line)}</p>`);
  }
  if (list) out.push('</ul>');
  return out.join('\n');
}

/** A line of the seed Markdown as printed: without its heading marks, list dash, bold marks and trailing spaces. */
const plain = (line: string) => line.replace(/^#+ /, '').replace(/^- /, '').replace(/\*\*/g, '').trim();

/**
 * 附件1 (the first batch's list) and 附件2 (the task book's format) of the seed notice, each as the blocks of a Word file:
 * its lines in order, word for word, the Markdown's top headings as headings.
 */
export function noticeAnnexes(md: string): { title: string; blocks: Block[] }[] {
  const second = md.indexOf('附件 2');
  const parts = [
    { title: '附件1 第一批国家智慧城市试点名单', text: md.slice(md.indexOf('## 附件 1'), second) },
    { title: '附件2 国家智慧城市创建任务书（格式）', text: md.slice(second) },
  ];
  return parts.map(({ title, text }) => ({
    title,
    blocks: text
      .split('\n')
      .filter((l) => l.trim())
      .map((l): Block => (/^#{1,3} /.test(l) ? { kind: 'heading', level: 1, text: plain(l) } : { kind: 'paragraph', text: plain(l) })),
  }));
}
