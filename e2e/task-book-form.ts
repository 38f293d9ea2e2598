import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The <input> or <textarea> behind a test id (antd puts it on the element itself or on a wrapper). */
export const field = (page: Page, testId: string): Locator =>
  page.getByTestId(testId).locator('xpath=descendant-or-self::*[self::input or self::textarea]').first();

export async function fill(page: Page, testId: string, value: string | number) {
  await field(page, testId).fill(String(value));
}

/** Saves a task-book section now (autosave would too, 1.5 s later) and waits for the server to have it. */
export async function saved(page: Page, n: number) {
  await page.getByTestId(`save-section-${n}`).click();
  await expect.poll(() => page.getByTestId(`section-status-${n}`).innerText()).toContain('已保存');
}

/**
 * Fills one of the task book's plain sections (四 to 七) as a pilot's editor would, and saves it; `years` are the
 * creation period's, one plan row each.
 */
export async function fillPlainSection(page: Page, n: 4 | 5 | 6 | 7, years: number[]) {
  const fields = async (prefix: string, values: Record<string, string>) => {
    for (const [f, v] of Object.entries(values)) await fill(page, `${prefix}${f}`, v);
  };
  if (n === 4) {
    await fields('field-platform-', {
      framework: '一个平台、两个中心、多项应用。',
      structure: '基础设施层、数据层、支撑层、应用层。',
      functions: '数据交换、共享目录、身份认证。',
      operation: '市信息中心运营，政府购买服务。',
    });
    await page.getByTestId('add-system').click();
    await fill(page, 'system-0-name', '数字化城市管理系统');
    await fill(page, 'system-0-services', '城市部件与事件的发现、处置和考核。');
  } else if (n === 5) {
    for (const [k, y] of years.entries()) await fields(`plan-${y}-`, { goals: `第 ${k + 1} 年阶段目标`, work: `第 ${k + 1} 年工作计划` });
  } else if (n === 6) {
    await fields('field-org-', {
      'leadingGroup-head': '市长',
      'leadingGroup-members': '各相关委办局主要负责人',
      'office-name': '智慧城市试点工作实施管理办公室',
      'office-director': '常务副市长',
    });
    await page.getByTestId('add-department').click();
    await fields('department-0-', { name: '市住房和城乡建设局', duties: '城市建设管理类项目' });
    await fields('field-org-responsible-', { name: '王明', title: '副市长' });
  } else {
    await fields('field-guarantees-', {
      policy: '出台智慧城市建设管理办法。',
      funding: '设立专项资金。',
      technology: '与高校共建实验室。',
      talent: '引进信息化人才。',
    });
  }
  await saved(page, n);
}
