import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  resourceCreateSchema,
  SHARING_CLASSES,
  SHARING_METHODS,
  UPDATE_CYCLES,
  type FieldType,
  type ResourceInput,
  type ResourceView,
  type SharingClass,
} from '@smartcity/domain';
import { App, Button, Checkbox, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useCreateResource, useUpdateResource } from '../../api/platform';
import { FormDialog } from '../../components/FormDialog';
import { fmt, useI18n } from '../../i18n';
import { issueMessage } from '../pilots/zodRules';
import { FieldsEditor, NEW_FIELD } from './FieldsEditor';

interface FieldRow {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  key: boolean;
  personal: boolean;
  indexed: boolean;
}
interface Values {
  classification: string;
  name: string;
  summary: string;
  themes: string[];
  fields: FieldRow[];
  format: string;
  updateCycle: ResourceInput['updateCycle'];
  sharingClass: SharingClass;
  condition?: string | null;
  legalBasis?: string | null;
  sharingMethod: ResourceInput['sharingMethod'];
  openData: boolean;
  indicatorCodes: string[];
}
type Key = keyof Values;

/** What the form sends: the class's condition or legal basis only where the class asks for it, open data only when unconditional. */
const toInput = (v: Values): unknown => ({
  ...v,
  fields: v.fields.map((f) => ({ ...f, name: f.name?.trim() ?? '', label: f.label?.trim() ?? '' })),
  condition: v.sharingClass === 'conditional' ? (v.condition?.trim() ?? '') : null,
  legalBasis: v.sharingClass === 'none' ? (v.legalBasis?.trim() ?? '') : null,
  openData: v.sharingClass === 'unconditional' && v.openData,
});

/** A draft's description as the form edits it. */
const fromResource = (r: ResourceView): Values => ({
  classification: r.classification,
  name: r.name,
  summary: r.summary,
  themes: r.themes,
  fields: r.fields,
  format: r.format,
  updateCycle: r.updateCycle,
  sharingClass: r.sharingClass,
  condition: r.condition,
  legalBasis: r.legalBasis,
  sharingMethod: r.sharingMethod,
  openData: r.openData,
  indicatorCodes: r.indicatorCodes,
});

/**
 * 新建资源 / 修改草稿: a department's editors describe a resource — 类-项-目-细目, name, summary, themes, its fields, format,
 * update cycle, sharing class (with the condition or the legal basis the class needs), method, open data and the
 * indicators it evidences. Checked by the domain's own schema before sending; each refusal stands beside its field.
 */
export function ResourceForm({ resource }: { resource?: ResourceView }) {
  const { t, m, lang } = useI18n();
  const p = t.platform;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [fieldsError, setFieldsError] = useState<string | null>(null);
  const create = useCreateResource();
  const update = useUpdateResource(resource ?? { id: '', version: 0 });
  const sharingClass = Form.useWatch('sharingClass', form);
  const labels: Record<Key, string> = p.form;

  /** an issue at a path of the input (as the schema or the server names it) beside its field */
  const place = (path: readonly PropertyKey[], text: string) => {
    const [head, index, field] = path;
    if (head === 'fields' && typeof index === 'number' && typeof field === 'string')
      form.setFields([{ name: ['fields', index, field as keyof FieldRow], errors: [text] }]);
    else if (head === 'fields') setFieldsError(text);
    else if (typeof head === 'string' && head in labels) form.setFields([{ name: head as Key, errors: [text] }]);
    else void message.error(text);
  };
  const issueText = (issue: { code: string; message: string; path: readonly PropertyKey[] }) => {
    const [head, , field] = issue.path;
    const label = head === 'fields' && typeof field === 'string' ? p.fieldColumn[field as keyof typeof p.fieldColumn] : labels[head as Key];
    return (p.issues as Record<string, string>)[issue.message]?.replace('{field}', label ?? '') ?? issueMessage(lang, issue, label ?? '');
  };

  const submit = (values: Values, close: () => void) => {
    setFieldsError(null);
    const parsed = resourceCreateSchema.safeParse(toInput(values));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) place(issue.path, issueText(issue));
      return;
    }
    const onError = (err: Error) => {
      const path = err instanceof ApiError ? err.field?.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)) : undefined;
      if (path) place(path, err.message);
      else void message.error(err.message);
    };
    if (resource)
      update.mutate(parsed.data, {
        onSuccess: () => {
          close();
          void message.success(t.saved);
        },
        onError,
      });
    else create.mutate(parsed.data, { onSuccess: (r) => void navigate(`/app/platform/resources/${r.id}`), onError });
  };

  const required = (key: Key) => ({ required: true, whitespace: true, message: fmt(t.required, { field: labels[key] }) });
  return (
    <FormDialog<Values>
      form={form}
      title={resource ? p.editResource : p.newResource}
      okText={resource ? t.save : p.create}
      okTestId="resource-save"
      width={960}
      pending={create.isPending || update.isPending}
      initialValues={
        resource
          ? fromResource(resource)
          : {
              themes: [],
              fields: [{ ...NEW_FIELD, key: true, required: true }],
              format: p.defaultFormat,
              updateCycle: 'daily',
              sharingClass: 'conditional',
              sharingMethod: 'api',
              openData: false,
              indicatorCodes: [],
            }
      }
      trigger={(open) =>
        resource ? (
          <Button icon={<EditOutlined />} data-testid="resource-edit" onClick={open}>
            {p.editResource}
          </Button>
        ) : (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="resource-new"
            onClick={() => {
              setFieldsError(null);
              open();
            }}
          >
            {p.newResource}
          </Button>
        )
      }
      onFinish={submit}
    >
      <Form.Item name="classification" label={labels.classification} extra={p.classificationHelp} rules={[required('classification')]}>
        <Input data-testid="resource-classification" placeholder="2-02-001-001" style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="name" label={labels.name} rules={[required('name')]}>
        <Input lang="zh-CN" data-testid="resource-name" maxLength={100} />
      </Form.Item>
      <Form.Item name="summary" label={labels.summary} rules={[required('summary')]}>
        <Input.TextArea lang="zh-CN" data-testid="resource-summary" rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="themes" label={labels.themes} extra={p.themesHelp}>
        <Select mode="tags" data-testid="resource-themes" aria-label={labels.themes} open={false} suffixIcon={null} />
      </Form.Item>
      <FieldsEditor error={fieldsError} />
      <Form.Item name="format" label={labels.format} rules={[required('format')]}>
        <Input data-testid="resource-format" style={{ width: 240 }} maxLength={30} />
      </Form.Item>
      <Form.Item name="updateCycle" label={labels.updateCycle}>
        <Select
          data-testid="resource-update-cycle"
          style={{ width: 200 }}
          options={UPDATE_CYCLES.map((c) => ({ value: c, label: m.platform.updateCycle[c] }))}
        />
      </Form.Item>
      <Form.Item name="sharingClass" label={labels.sharingClass} extra={p.classHelp[sharingClass ?? 'conditional']}>
        <Radio.Group
          data-testid="resource-sharing-class"
          options={SHARING_CLASSES.map((c) => ({ value: c, label: m.platform.sharingClass[c] }))}
        />
      </Form.Item>
      {sharingClass === 'conditional' && (
        <Form.Item name="condition" label={labels.condition} rules={[required('condition')]}>
          <Input.TextArea lang="zh-CN" data-testid="resource-condition" rows={2} maxLength={1000} />
        </Form.Item>
      )}
      {sharingClass === 'none' && (
        <Form.Item name="legalBasis" label={labels.legalBasis} rules={[required('legalBasis')]}>
          <Input.TextArea lang="zh-CN" data-testid="resource-legal-basis" rows={2} maxLength={1000} />
        </Form.Item>
      )}
      <Form.Item name="sharingMethod" label={labels.sharingMethod}>
        <Radio.Group
          data-testid="resource-sharing-method"
          options={SHARING_METHODS.map((x) => ({ value: x, label: m.platform.sharingMethod[x] }))}
        />
      </Form.Item>
      {sharingClass === 'unconditional' && (
        <Form.Item name="openData" valuePropName="checked" extra={p.openDataHelp}>
          <Checkbox data-testid="resource-open-data">{labels.openData}</Checkbox>
        </Form.Item>
      )}
      <Form.Item name="indicatorCodes" label={labels.indicatorCodes} extra={p.indicatorCodesHelp}>
        <Select mode="tags" data-testid="resource-indicators" aria-label={labels.indicatorCodes} open={false} suffixIcon={null} />
      </Form.Item>
    </FormDialog>
  );
}
