/**
 * Task book documents benchmark: DOCX and PDF generation for a full task book (20 key projects, 40 indicators,
 * 5 years), median of repeated runs, against LibreOffice converting the same DOCX to PDF (the baseline an office
 * would otherwise use). See bench/README.md.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DocumentRenderer } from '../packages/server/src/documents/pool.js';
import { promisify } from 'node:util';
import { sampleTaskBook } from '../packages/server/src/documents/fixtures.js';
import { renderTaskBookDocx } from '../packages/server/src/documents/task-book.docx.js';
import { renderTaskBookPdf } from '../packages/server/src/documents/task-book.pdf.js';
import { median } from './common.js';

const RUNS = Number(process.env.BENCH_DOC_RUNS ?? 7);
const SOFFICE_RUNS = Number(process.env.BENCH_SOFFICE_RUNS ?? 3);
const run = promisify(execFile);

async function timed(times: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up: font loading, module initialisation
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return { medianMs: median(ms), runs: ms };
}

async function main() {
  const doc = sampleTaskBook({ projects: 20, indicators: 40, years: 5, signed: true });
  const docx = await renderTaskBookDocx(doc);
  const pdf = await renderTaskBookPdf(doc);
  const docxTime = await timed(RUNS, () => renderTaskBookDocx(doc));
  const pdfTime = await timed(RUNS, () => renderTaskBookPdf(doc));

  // what other requests feel while 8 PDFs are made at once: the event loop's delay, rendering on it vs in the worker pool
  const burst = 8;
  const variants = (tag: string) => Array.from({ length: burst }, (_, i) => ({ ...doc, pilotName: `${doc.pilotName}${tag}${i}` }));
  const pool = new DocumentRenderer();
  await pool.render('taskBookPdf', variants('warm')[0]!); // start the workers and load their fonts
  // a 5 ms ticker: the longest gap between its ticks is the longest any request waited for the loop
  const stall = async (renderAll: () => Promise<unknown>) => {
    const gaps: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 5);
    await renderAll();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the gap that ends with the burst is recorded too
    clearInterval(ticker);
    const sorted = gaps.sort((a, b) => a - b);
    return { maxMs: sorted.at(-1)!, p99Ms: sorted[Math.floor(sorted.length * 0.99)]! };
  };
  const onLoop = await stall(() => Promise.all(variants('main').map((d) => renderTaskBookPdf(d))));
  const inPool = await stall(() => Promise.all(variants('pool').map((d) => pool.render('taskBookPdf', d))));
  await pool.close();

  const dir = mkdtempSync(join(os.tmpdir(), 'bench-soffice-'));
  let soffice: { medianMs: number; runs: number[] } | null = null;
  try {
    writeFileSync(join(dir, 'task-book.docx'), docx);
    // a private profile, so a running LibreOffice elsewhere does not serialise the conversions
    const profile = `-env:UserInstallation=file://${join(dir, 'profile')}`;
    soffice = await timed(SOFFICE_RUNS, () =>
      run('soffice', [profile, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'task-book.docx')], { timeout: 180_000 }),
    );
  } catch (e) {
    console.warn(`LibreOffice baseline unavailable: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const result = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    sample: { projects: 20, indicators: 40, years: 5 },
    docx: { bytes: docx.length, ...docxTime, ratioToLibreOffice: soffice ? docxTime.medianMs / soffice.medianMs : null },
    pdf: { bytes: pdf.length, ...pdfTime, ratioToLibreOffice: soffice ? pdfTime.medianMs / soffice.medianMs : null },
    libreOfficeDocxToPdf: soffice,
    eventLoopDuringBurst: { pdfs: burst, onEventLoop: onLoop, inWorkerPool: inPool, ratio: inPool.maxMs / onLoop.maxMs },
  };
  const fmt = (x: number) => x.toFixed(0);
  const ratio = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
  const md = [
    '# Task book documents',
    '',
    `${result.at}, Node ${result.node}, ${result.cpus} CPUs; full task book (20 key projects, 40 indicators, 5 years); median of ${RUNS} runs (LibreOffice: ${SOFFICE_RUNS}) after one warm-up.`,
    '',
    '| output | bytes | median ms | ÷ LibreOffice DOCX→PDF |',
    '|---|--:|--:|--:|',
    `| DOCX (docx) | ${docx.length} | ${fmt(docxTime.medianMs)} | ${ratio(result.docx.ratioToLibreOffice)} |`,
    `| PDF (pdfkit, subset CJK font) | ${pdf.length} | ${fmt(pdfTime.medianMs)} | ${ratio(result.pdf.ratioToLibreOffice)} |`,
    `| LibreOffice DOCX→PDF (baseline) | | ${soffice ? fmt(soffice.medianMs) : 'n/a'} | 1 |`,
    '',
    `Event-loop delay while ${burst} PDFs render at once (what every other request waits): rendered on the event loop`,
    `max ${fmt(onLoop.maxMs)} ms (p99 ${fmt(onLoop.p99Ms)}); in the worker pool max ${fmt(inPool.maxMs)} ms (p99 ${fmt(inPool.p99Ms)}) — ratio ${ratio(result.eventLoopDuringBurst.ratio)}.`,
    '',
  ].join('\n');
  const out = new URL('./results/', import.meta.url);
  await mkdir(out, { recursive: true });
  await writeFile(new URL(`documents-${result.at.replace(/[:.]/g, '-')}.json`, out), JSON.stringify(result, null, 2));
  await writeFile(new URL('documents-latest.md', out), md);
  console.log(md);
}

await main();
