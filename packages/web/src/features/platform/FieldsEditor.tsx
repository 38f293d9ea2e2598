import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FIELD_TYPES } from '@smartcity/domain';
import { Button, Checkbox, Form, Input, Select, Space, Typography } from 'antd';
import { fmt, useI18n } from '../../i18n';

export const NEW_FIELD = { name: '', label: '', type: 'string', required: false, key: false, personal: false, indexed: false } as const;

/**
 * 数据项: the resource's fields, one row each — machine name, 中文名, type, and whether it is required, part of the key,
 * personal information (masked unless a grant names it) or indexed (fast filters and sorts; two number or date fields
 * and two text fields at most). Each control is named for its row (字段 2 的名称).
 */
export function FieldsEditor({ error }: { error: string | null }) {
  const { t, m } = useI18n();
  const p = t.platform;
  return (
    <Form.List name="fields">
      {(rows, { add, remove }) => (
        <div data-testid="resource-fields">
          <Typography.Text strong>{p.fields}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {p.fieldsHelp}
          </Typography.Paragraph>
          {rows.map((row, i) => {
            const of = (what: string) => fmt(p.fieldOf, { n: i + 1, what });
            return (
              <Space key={row.key} align="start" wrap style={{ display: 'flex' }} data-testid="resource-field-row">
                <Form.Item name={[row.name, 'name']} style={{ width: 150, marginBottom: 8 }}>
                  <Input placeholder={p.fieldName} aria-label={of(p.fieldName)} data-testid={`field-name-${i}`} />
                </Form.Item>
                <Form.Item name={[row.name, 'label']} style={{ width: 180, marginBottom: 8 }}>
                  <Input lang="zh-CN" placeholder={p.fieldLabel} aria-label={of(p.fieldLabel)} data-testid={`field-label-${i}`} />
                </Form.Item>
                <Form.Item name={[row.name, 'type']} style={{ width: 120, marginBottom: 8 }}>
                  <Select
                    aria-label={of(p.fieldType)}
                    data-testid={`field-type-${i}`}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={FIELD_TYPES.map((type) => ({ value: type, label: m.platform.fieldType[type] }))}
                  />
                </Form.Item>
                {(['required', 'key', 'personal', 'indexed'] as const).map((flag) => (
                  <Form.Item key={flag} name={[row.name, flag]} valuePropName="checked" style={{ marginBottom: 8, paddingTop: 4 }}>
                    <Checkbox data-testid={`field-${flag}-${i}`}>{p.fieldFlag[flag]}</Checkbox>
                  </Form.Item>
                ))}
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={fmt(p.removeField, { n: i + 1 })}
                  data-testid={`field-remove-${i}`}
                  disabled={rows.length === 1}
                  onClick={() => remove(row.name)}
                />
              </Space>
            );
          })}
          {error && (
            <Typography.Paragraph type="danger" role="alert" data-testid="resource-fields-error">
              {error}
            </Typography.Paragraph>
          )}
          <Button icon={<PlusOutlined />} data-testid="field-add" onClick={() => add({ ...NEW_FIELD })} style={{ marginBottom: 16 }}>
            {p.addField}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
