import { describe, expect, it } from 'vitest';
import { errorMessage } from './index.js';

// A message is read by people: the field it names is the form's label in their language, not the API's key.
describe('error messages', () => {
  it('name the field by its label in the reader’s language', () => {
    expect(errorMessage('zh-CN', 'unsupported_file_type', { field: 'file' })).toMatch(/^文件：只接受 PDF/);
    expect(errorMessage('en', 'too_small', { field: 'reason' })).toBe('Reason: too short or too small');
    // a path inside a body names its last named part
    expect(errorMessage('zh-CN', 'too_big', { field: 'projects.3.name' })).toMatch(/^名称：/);
    // …qualified by its parent where the bare name would be vague, as the version diff qualifies it
    expect(errorMessage('zh-CN', 'invalid_format', { field: 'rubric.criteria.2.key' })).toMatch(/^评审项代码：/);
    expect(errorMessage('en', 'too_big', { field: 'years.1.goals' })).toMatch(/^Stage goals: /);
  });

  it('keep an unknown field as the API names it, so a client can still tell which', () => {
    expect(errorMessage('en', 'invalid_format', { field: 'x-unheard-of' })).toBe('x-unheard-of: invalid format');
  });
});
