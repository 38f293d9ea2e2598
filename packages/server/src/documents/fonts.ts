import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import * as fontkit from 'fontkit';
import { AppError } from '../lib/errors.js';

/** A font face that prints every GB2312 hanzi. */
export interface CjkFont {
  path: string;
  postscriptName: string;
  /** a .ttc holds several faces: the PostScript name then picks ours */
  inCollection: boolean;
}

/** Where Debian's fonts-noto-cjk, fonts-wqy-*, fonts-arphic-* install. */
export const SYSTEM_FONT_DIRS = ['/usr/share/fonts/truetype', '/usr/share/fonts/opentype'];
const FONT_EXTENSIONS = new Set(['.ttf', '.otf', '.ttc', '.otc']);

let hanzi: string | undefined;
/** The 6,763 hanzi of GB2312 (levels 1 and 2: rows 0xB0–0xF7), decoded from their GB2312 byte pairs. */
export function gb2312Hanzi(): string {
  if (hanzi === undefined) {
    const bytes: number[] = [];
    for (let lead = 0xb0; lead <= 0xf7; lead++) {
      for (let trail = 0xa1; trail <= 0xfe; trail++) {
        if (lead === 0xd7 && trail >= 0xfa) continue; // the last five cells of row 55 are unassigned
        bytes.push(lead, trail);
      }
    }
    hanzi = new TextDecoder('gb18030').decode(new Uint8Array(bytes));
  }
  return hanzi;
}

const found = new Map<string, CjkFont>();

/**
 * The first font that covers all of GB2312: the office's own fonts in SMARTCITY_FONT_DIR (its licensed 仿宋 or 小标宋)
 * before the system's. A PDF in a font without the glyphs would print empty boxes, so with none we refuse: 'no_cjk_font'.
 * `dirs` replaces the system folders (tests use [] to see the refusal).
 */
export function findCjkFont({ dirs = SYSTEM_FONT_DIRS }: { dirs?: string[] } = {}): CjkFont {
  const search = [process.env.SMARTCITY_FONT_DIR, ...dirs].filter((d): d is string => Boolean(d));
  const key = search.join('\n');
  const cached = found.get(key);
  if (cached) return cached;
  for (const dir of search) {
    for (const path of fontFiles(dir)) {
      const font = coveringFace(path);
      if (font) {
        // only a find is cached: a font the office drops in later is picked up without a restart
        found.set(key, font);
        return font;
      }
    }
  }
  throw new AppError(503, 'no_cjk_font');
}

/** Font files under `dir`, body-text faces first: 仿宋 is the 公文 body font, then other 宋 / serif faces; regular weights before bold or light. */
function fontFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return []; // a folder that does not exist is simply not searched
  }
  const rank = (p: string) =>
    (/fangsong|仿宋|fs_gb/i.test(p) ? 0 : /serif|song|宋|ming/i.test(p) ? 1 : 2) + (/bold|black|heavy|light|thin|medium/i.test(p) ? 3 : 0);
  return (
    entries
      // symlinks too: an office may link its fonts in rather than copy them
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && FONT_EXTENSIONS.has(extname(e.name).toLowerCase()))
      .map((e) => join(e.parentPath, e.name))
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  );
}

/** The file's face that covers GB2312 (in a collection, the Simplified Chinese face first), or null. */
function coveringFace(path: string): CjkFont | null {
  let font;
  try {
    font = fontkit.openSync(path);
  } catch {
    return null; // unreadable or not a font fontkit knows
  }
  const simplifiedFirst = (f: fontkit.Font) => (/(sc|gb|hans|cn)(?=[-_ ]|$)/i.test(f.postscriptName) ? 0 : 1);
  const inCollection = 'fonts' in font;
  const faces = 'fonts' in font ? [...font.fonts].sort((a, b) => simplifiedFirst(a) - simplifiedFirst(b)) : [font];
  const codePoints = Array.from(gb2312Hanzi(), (ch) => ch.codePointAt(0)!);
  const face = faces.find((f) => codePoints.every((cp) => f.hasGlyphForCodePoint(cp)));
  return face ? { path, postscriptName: face.postscriptName, inCollection } : null;
}
