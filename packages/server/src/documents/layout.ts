/**
 * The page as GB/T 9704-2012 (党政机关公文格式) sets it, shared by the DOCX and PDF renderers.
 * Lengths in millimetres; each renderer converts to its own unit.
 */
export const A4_MM = { width: 210, height: 297 };
/** Word's own A4 (210 × 297 mm at 1440/25.4 twips a millimetre, rounded); the margins use the customary 56.7. */
export const A4_TWIPS = { width: 11906, height: 16838 };
export const MARGINS_MM = { top: 37, bottom: 35, left: 28, right: 26 };
/** The page number's 一字线 sits 7 mm below the text block. */
export const PAGE_NUMBER_GAP_MM = 7;

/** Type sizes in points: 二号 for the title, 三号 for body text and headings, 四号 for tables and page numbers. */
export const SIZE_PT = { title: 22, body: 16, table: 14, pageNumber: 14 };
/** 22 lines a page: the text block's 225 mm over 22 is a 29 pt line pitch (Word's usual 固定值 28.95 磅). */
export const LINE_PITCH_PT = 29;

export const twips = (mm: number) => Math.round(mm * 56.7);
export const points = (mm: number) => (mm * 72) / 25.4;

/** `— 1 —`, as GB/T 9704 prints page numbers */
export const pageNumberText = (n: number | string) => `— ${n} —`;
