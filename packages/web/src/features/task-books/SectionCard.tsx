import { CheckCircleOutlined, ExclamationCircleOutlined, LoadingOutlined, SaveOutlined } from '@ant-design/icons';
import { localSectionHeading, TASK_BOOK_SECTIONS, type SectionKey, type TaskBookView } from '@smartcity/domain';
import { Alert, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import type { ComponentType, ReactNode } from 'react';
import type { TaskBookSection } from '../../api/types';
import { ExcelImport } from '../../components/ExcelImport';
import { fmt, useI18n } from '../../i18n';
import type { SectionFormProps } from './sections/fields';
import { GoalsSection } from './sections/GoalsSection';
import { GuaranteesSection } from './sections/GuaranteesSection';
import { IndicatorsSection } from './sections/IndicatorsSection';
import { OrganisationSection } from './sections/OrganisationSection';
import { PeriodSection } from './sections/PeriodSection';
import { PlanSection } from './sections/PlanSection';
import { PlatformSection } from './sections/PlatformSection';
import { TasksSection } from './sections/TasksSection';
import { useSectionEditor, type SaveStatus } from './useSectionEditor';

const FORMS: { [K in SectionKey]: ComponentType<SectionFormProps<K>> } = {
  goals: GoalsSection,
  tasks: TasksSection,
  indicators: IndicatorsSection,
  platform: PlatformSection,
  plan: PlanSection,
  organisation: OrganisationSection,
  guarantees: GuaranteesSection,
  period: PeriodSection,
};

/** Leaf values as `path: value` lines, so a user can merge their copy after a conflict. */
function flatten(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => flatten(v, `${path}[${i + 1}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => flatten(v, path ? `${path}.${k}` : k));
  return [`${path}: ${value === null ? '' : String(value)}`];
}

interface Props {
  book: TaskBookView;
  section: TaskBookSection;
  onSaved: () => void;
  reload: () => Promise<TaskBookView | undefined>;
}

export function SectionCard({ book, section, onSaved, reload }: Props) {
  const { t, m, lang } = useI18n();
  const meta = TASK_BOOK_SECTIONS.find((s) => s.n === section.n)!;
  const key = meta.key;
  const editable = book.abilities.editSections;
  const editor = useSectionEditor({ book, section, sectionKey: key, editable, onSaved, reload });
  const Form_ = FORMS[key] as ComponentType<SectionFormProps<SectionKey>>;
  const errorList = Object.entries(editor.errors);

  return (
    <Card
      id={`section-${section.n}`}
      data-testid={`section-${section.n}`}
      title={<span style={{ whiteSpace: 'normal' }}>{localSectionHeading(lang, meta)}</span>}
      style={{ marginBottom: 24 }}
      extra={
        section.changedSinceReturn ? (
          <Tag color="orange" data-testid={`changed-since-return-${section.n}`}>
            {fmt(t.taskBook.changedSinceReturn, { n: book.returnedVersion ?? '' })}
          </Tag>
        ) : (
          editable && (
            <Space>
              <StatusText status={editor.status} n={section.n} message={editor.message} />
              <Button
                data-testid={`save-section-${section.n}`}
                icon={<SaveOutlined />}
                loading={editor.status === 'saving'}
                onClick={() => void editor.save()}
              >
                {t.save}
              </Button>
            </Space>
          )
        )
      }
    >
      {section.returnReasons.length > 0 && (
        <Alert
          data-testid={`return-reasons-${section.n}`}
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t.taskBook.returnReasons}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {section.returnReasons.map((r, i) => (
                <li key={i}>
                  {r.text}
                  <Typography.Text type="secondary">
                    {' '}
                    — {r.byName}（{(m.taskBookAction as Record<string, string>)[r.action] ?? r.action}）
                  </Typography.Text>
                </li>
              ))}
            </ul>
          }
        />
      )}
      {editor.restoredAt && (
        <Alert
          data-testid={`section-restored-${section.n}`}
          type="info"
          showIcon
          closable
          style={{ marginBottom: 16 }}
          title={fmt(t.taskBook.restored, { time: new Date(editor.restoredAt).toLocaleString() })}
          action={
            <Button size="small" onClick={editor.discardLocal}>
              {t.taskBook.discardLocal}
            </Button>
          }
        />
      )}
      {editor.status === 'stale' && (
        <Alert
          data-testid={`section-stale-${section.n}`}
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={fmt(t.taskBook.stale, { message: editor.message ?? '' })}
          action={
            <Button size="small" data-testid={`section-reload-${section.n}`} onClick={() => void editor.loadServer()}>
              {t.reload}
            </Button>
          }
        />
      )}
      {errorList.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={editor.status === 'error' && editor.message ? editor.message : t.taskBook.invalid}
          description={errorList.length > 1 ? <ErrorPaths paths={errorList.map(([p]) => p)} /> : undefined}
        />
      )}
      {editor.conflictCopy !== null && (
        <Alert
          type="warning"
          closable
          onClose={editor.dismissConflict}
          style={{ marginBottom: 16 }}
          title={t.taskBook.staleHint}
          description={
            <Input.TextArea
              data-testid={`section-conflict-${section.n}`}
              readOnly
              autoSize={{ minRows: 3, maxRows: 12 }}
              value={flatten(editor.conflictCopy).join('\n')}
              aria-label={t.taskBook.yourCopy}
            />
          }
        />
      )}
      {editable && (section.n === 2 || section.n === 3) && (
        <div style={{ marginBottom: 16 }}>
          <ExcelImport
            template={`/api/task-books/${book.id}/sections/${section.n}/template.xlsx`}
            target={`/api/task-books/${book.id}/sections/${section.n}/import`}
            version={section.version}
            onImported={onSaved}
            testId={`section-import-${section.n}`}
          />
        </div>
      )}
      <Form layout="vertical" component={false}>
        <Form_ value={editor.value} onChange={editor.setValue} errors={editor.errors} readOnly={!editable} book={book} />
      </Form>
    </Card>
  );
}

function ErrorPaths({ paths }: { paths: string[] }) {
  return <Typography.Text type="secondary">{paths.join('，')}</Typography.Text>;
}

function StatusText({ status, n, message }: { status: SaveStatus; n: number; message: string | null }) {
  const { t } = useI18n();
  const view: Record<SaveStatus, { text: string; type?: 'success' | 'warning' | 'danger' | 'secondary'; icon?: ReactNode }> = {
    idle: { text: '' },
    dirty: { text: t.taskBook.unsaved, type: 'secondary' },
    saving: { text: t.taskBook.saving, type: 'secondary', icon: <LoadingOutlined /> },
    saved: { text: t.taskBook.saved, type: 'success', icon: <CheckCircleOutlined /> },
    invalid: { text: t.taskBook.invalid, type: 'danger', icon: <ExclamationCircleOutlined /> },
    error: { text: fmt(t.taskBook.saveFailed, { message: message ?? '' }), type: 'danger', icon: <ExclamationCircleOutlined /> },
    stale: { text: fmt(t.taskBook.stale, { message: '' }).replace(/[：:]\s*$/, ''), type: 'danger', icon: <ExclamationCircleOutlined /> },
  };
  const v = view[status];
  return (
    <Typography.Text data-testid={`section-status-${n}`} type={v.type} aria-live="polite">
      {v.icon} {v.text}
    </Typography.Text>
  );
}
