import { agreementContentSchema, type AgreementContent } from '@smartcity/domain';
import { Form, Input } from 'antd';
import { useI18n } from '../../i18n';
import { issueMessage } from '../pilots/zodRules';

export const CONTENT_KEYS = [
  'goals',
  'ministryDuties',
  'provinceDuties',
  'support',
  'term',
] as const satisfies readonly (keyof AgreementContent)[];

/** The agreement's five texts, checked as the server will (length, no control characters): drafting and editing share them. */
export function AgreementContentFields() {
  const { t, lang } = useI18n();
  const g = t.agreement;
  const rule = (f: (typeof CONTENT_KEYS)[number]) => ({
    validator: async (_: unknown, value: unknown) => {
      const r = agreementContentSchema.shape[f].safeParse(value ?? '');
      if (!r.success) throw new Error(r.error.issues.map((i) => issueMessage(lang, i, g.content[f])).join('; '));
    },
  });
  return CONTENT_KEYS.map((f) => (
    <Form.Item key={f} name={f} label={g.content[f]} rules={[rule(f)]}>
      <Input.TextArea lang="zh-CN" rows={3} data-testid={`agreement-${f}`} />
    </Form.Item>
  ));
}
