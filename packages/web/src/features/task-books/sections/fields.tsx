import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { SectionKey, TaskBookContent, TaskBookView } from '@smartcity/domain';
import { Button, Form, Input, InputNumber, Typography } from 'antd';
import { useId, type ReactNode } from 'react';
import { useI18n } from '../../../i18n';
import { issueMessage } from '../../pilots/zodRules';

/** A field problem: a zod issue from the form's own check, or the server's 400 (code + localised message). */
export interface FieldIssue {
  code: string;
  message: string;
}
/** Problems by dotted path within the section, e.g. `projects.0.funding`. */
export type FieldErrors = Record<string, FieldIssue>;

export interface SectionFormProps<K extends SectionKey> {
  value: TaskBookContent[K];
  onChange: (next: TaskBookContent[K]) => void;
  errors: FieldErrors;
  readOnly: boolean;
  book: TaskBookView;
}

/** The message for `path` (or for anything below it, e.g. a row), in the user's language. */
export function useFieldError(errors: FieldErrors) {
  const { lang } = useI18n();
  return (path: string, label: string): string | undefined => {
    const issue = errors[path] ?? Object.entries(errors).find(([p]) => p.startsWith(`${path}.`))?.[1];
    return issue ? issueMessage(lang, issue, label) : undefined;
  };
}

interface BaseProps {
  label?: string;
  testId: string;
  readOnly: boolean;
  error?: string | undefined;
  /** no Form.Item around it (table cells) */
  bare?: boolean;
}

function Item({
  label,
  error,
  bare,
  htmlFor,
  children,
}: {
  label?: string | undefined;
  error?: string | undefined;
  bare?: boolean | undefined;
  htmlFor: string;
  children: ReactNode;
}) {
  if (bare) {
    return (
      <div>
        {children}
        {error && (
          <Typography.Text type="danger" style={{ fontSize: 12, display: 'block' }}>
            {error}
          </Typography.Text>
        )}
      </div>
    );
  }
  return (
    <Form.Item label={label} htmlFor={htmlFor} validateStatus={error ? 'error' : undefined} help={error} style={{ marginBottom: 12 }}>
      {children}
    </Form.Item>
  );
}

function Plain({ value, testId }: { value: string | number | null; testId: string }) {
  const { t } = useI18n();
  const empty = value === null || value === '';
  return (
    <Typography.Paragraph
      data-testid={testId}
      type={empty ? 'secondary' : undefined}
      // what the pilot wrote is the task book's own text, in Chinese
      lang={empty || typeof value === 'number' ? undefined : 'zh-CN'}
      style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}
    >
      {empty ? t.taskBook.empty : value}
    </Typography.Paragraph>
  );
}

/** The input's name for screen readers: the form label it sits under, or (in a table cell) its column's label. */
function useInputLabel(p: BaseProps) {
  const id = useId();
  return p.bare ? { id, 'aria-label': p.label } : { id };
}

export function TextField({
  value,
  onChange,
  multiline,
  rows = 3,
  ...p
}: BaseProps & { value: string; onChange: (v: string) => void; multiline?: boolean; rows?: number }) {
  const input = useInputLabel(p);
  return (
    <Item label={p.label} error={p.error} bare={p.bare} htmlFor={input.id}>
      {p.readOnly ? (
        <Plain value={value} testId={p.testId} />
      ) : multiline ? (
        <Input.TextArea
          {...input}
          data-testid={p.testId}
          value={value}
          autoSize={{ minRows: rows, maxRows: 16 }}
          status={p.error ? 'error' : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <Input
          {...input}
          data-testid={p.testId}
          value={value}
          status={p.error ? 'error' : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Item>
  );
}

export function NumberField({
  value,
  onChange,
  integer,
  width = '100%',
  ...p
}: BaseProps & { value: number | null; onChange: (v: number | null) => void; integer?: boolean; width?: number | string }) {
  const input = useInputLabel(p);
  return (
    <Item label={p.label} error={p.error} bare={p.bare} htmlFor={input.id}>
      {p.readOnly ? (
        <Plain value={value} testId={p.testId} />
      ) : (
        <InputNumber<number>
          {...input}
          data-testid={p.testId}
          value={value}
          precision={integer ? 0 : undefined}
          controls={false}
          style={{ width }}
          status={p.error ? 'error' : undefined}
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        />
      )}
    </Item>
  );
}

export function AddButton({ testId, label, onClick, hidden }: { testId: string; label: string; onClick: () => void; hidden: boolean }) {
  if (hidden) return null;
  return (
    <Button data-testid={testId} type="dashed" icon={<PlusOutlined />} onClick={onClick}>
      {label}
    </Button>
  );
}

/** Removes a row; a row that must stay (a 规定项) shows a disabled button that says why. */
export function RemoveButton({
  onClick,
  hidden,
  testId,
  disabledReason,
}: {
  onClick: () => void;
  hidden: boolean;
  testId?: string;
  disabledReason?: string | undefined;
}) {
  const { t } = useI18n();
  if (hidden) return null;
  return (
    <Button
      data-testid={testId}
      type="text"
      danger
      icon={<DeleteOutlined />}
      disabled={disabledReason !== undefined}
      title={disabledReason ?? t.taskBook.remove}
      aria-label={disabledReason ?? t.taskBook.remove}
      onClick={onClick}
    />
  );
}

/** Immutable list helpers. */
export const replaceAt = <T,>(list: readonly T[], i: number, patch: Partial<T>): T[] =>
  list.map((x, k) => (k === i ? { ...x, ...patch } : x));
export const removeAt = <T,>(list: readonly T[], i: number): T[] => list.filter((_, k) => k !== i);

/** A short random id for rows matched by id across versions (projects, indicators). */
export const newId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
