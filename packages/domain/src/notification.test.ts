import { describe, expect, it } from 'vitest';
import { MESSAGES, LIFECYCLE_LABELS, type Lang } from './i18n/index.js';
import { acceptanceLifecycle } from './programme/acceptance.js';
import { agreementLifecycle } from './programme/agreement.js';
import { annualReportLifecycle } from './programme/annual-report.js';
import { applicationLifecycle } from './programme/application.js';
import { rectificationLifecycle } from './programme/inspection.js';
import { taskBookLifecycle } from './task-book/task-book.lifecycle.js';
import { noticeText } from './notification.js';
import type { Lifecycle } from './lifecycle/engine.js';

const LANGS: Lang[] = ['zh-CN', 'en'];
// every parameter any notice may name, as the server's records fill them
const PARAMS = {
  pilot: '无锡市',
  name: '苏州市',
  year: 2026,
  title: '数据共享',
  province: '江苏省',
  stars: 2,
  count: 3,
  date: '2026-11-30',
};

describe('notices: a code and parameters, words from the catalogs', () => {
  it('renders the same notice in Chinese and in English', () => {
    expect(noticeText('zh-CN', 'annualReport.provinceReturn', { pilot: '无锡市', year: 2025 })).toBe('无锡市2025年度自评价报告：省级退回');
    expect(noticeText('en', 'annualReport.provinceReturn', { pilot: '无锡市', year: 2025 })).toBe(
      'Annual self-assessment 2025 of 无锡市: Return (province)',
    );
    expect(noticeText('zh-CN', 'acceptance.confirm', { pilot: '无锡市', stars: 2 })).toBe('无锡市验收评级已确认：二星');
    expect(noticeText('en', 'acceptance.confirm', { pilot: '无锡市', stars: 0 })).toBe('Acceptance rating of 无锡市 confirmed: Not passed');
  });

  it('has words, in both languages, for every action a lifecycle table says notifies someone', () => {
    const tables = [
      taskBookLifecycle,
      annualReportLifecycle,
      rectificationLifecycle,
      applicationLifecycle,
      acceptanceLifecycle,
      agreementLifecycle,
    ];
    for (const lc of tables as Lifecycle<string, string, never>[]) {
      expect(Object.keys(LIFECYCLE_LABELS)).toContain(lc.name);
      for (const [action, t] of Object.entries(lc.actions)) {
        if (!t.notifies?.length) continue;
        for (const lang of LANGS) {
          const text = noticeText(lang, `${lc.name}.${action}`, PARAMS);
          expect(text, `${lang} ${lc.name}.${action}`).not.toBe(`${lc.name}.${action}`);
          expect(text).not.toMatch(/[{}]|undefined/);
        }
      }
    }
  });

  it('keeps the two catalogs\u2019 notices in step', () => {
    expect(Object.keys(MESSAGES.en.notice).sort()).toEqual(Object.keys(MESSAGES['zh-CN'].notice).sort());
  });
});
