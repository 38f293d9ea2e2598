import { ArrowLeftOutlined, FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { TASK_BOOK_SECTIONS, isKind, taskBookLifecycle } from '@smartcity/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, Card, Descriptions, Result, Space, Spin, Timeline, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { documentHref, useTaskBook, useVerifyTaskBook } from '../../api/taskBooks';
import type { TaskBookView } from '../../api/types';
import { fmt, useI18n } from '../../i18n';
import { AmendmentCard } from './AmendmentCard';
import { CompletenessPanel } from './CompletenessPanel';
import { ExtensionCard } from './ExtensionCard';
import { SectionCard } from './SectionCard';
import { SigningCard } from './SigningCard';
import { TaskBookActions } from './TaskBookActions';
import { TaskBookStatusTag } from './TaskBookStatusTag';
import { VerifyButton, VerifyResult } from './VerifyResult';
import { ReturnedBanner } from '../../components/ReturnedBanner';
import { VersionsCard } from './VersionsCard';

export function TaskBookPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const query = useTaskBook(id);
  const queryClient = useQueryClient();
  const verify = useVerifyTaskBook(id);
  const { refetch } = query;
  const onSaved = useCallback(() => void queryClient.invalidateQueries({ queryKey: ['task-books', 'detail', id] }), [queryClient, id]);
  const reload = useCallback(async () => (await refetch()).data, [refetch]);

  if (query.isPending) return <Spin size="large" />;
  if (query.error)
    return <Result status="warning" title={query.error.message} extra={<Link to="/app/task-books">{t.taskBook.list}</Link>} />;
  const book = query.data;
  const signingShown = book.status === 'signing' || book.status === 'signed';

  const anchors = [
    ...TASK_BOOK_SECTIONS.map((s) => ({
      key: `s${s.n}`,
      href: `#section-${s.n}`,
      title: `${s.numeral}、${s.title.replace(/建设、应用和运营$/, '')}`,
    })),
    ...(signingShown ? [{ key: 'signing', href: '#signing', title: t.taskBook.signing.title }] : []),
    { key: 'versions', href: '#versions', title: t.taskBook.versions.title },
  ];

  return (
    <div data-testid="task-book">
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <Link to="/app/task-books" title={t.taskBook.list}>
              <ArrowLeftOutlined />
            </Link>
            <span>{t.taskBook.title}</span>
            <Typography.Text type="secondary">{book.pilot.name}</Typography.Text>
            <TaskBookStatusTag status={book.status} testId="task-book-status" />
          </Space>
        }
        extra={<TaskBookActions book={book} />}
      >
        <Header book={book} />
        <Space wrap style={{ marginTop: 16 }}>
          <Button icon={<FileWordOutlined />} href={documentHref(book.id, 'docx')} data-testid="download-docx">
            {t.taskBook.downloadDocx}
          </Button>
          <Button icon={<FilePdfOutlined />} href={documentHref(book.id, 'pdf')} data-testid="download-pdf">
            {t.taskBook.downloadPdf}
          </Button>
          <VerifyButton id={book.id} verify={verify} />
        </Space>
        <VerifyResult verify={verify} />
        <ReturnedBanner
          draft={book.status === 'draft'}
          reviews={book.reviews}
          isReturn={(action) => isKind(taskBookLifecycle, action, 'return')}
          details={(r) =>
            r.sectionReasons.map((sr) => `${sr.section ? `${TASK_BOOK_SECTIONS[sr.section - 1]?.numeral ?? sr.section}、` : ''}${sr.text}`)
          }
        />
        {book.openAmendment && (
          <Alert type="info" showIcon style={{ marginTop: 16 }} title={`${t.taskBook.amend.title}：${book.openAmendment.reason}`} />
        )}
      </Card>
      <div style={{ marginBottom: 16, background: '#fff', padding: '4px 16px', borderRadius: 8 }}>
        <Anchor direction="horizontal" offsetTop={0} targetOffset={64} items={anchors} />
      </div>
      <div>
        {book.status === 'draft' && <CompletenessPanel book={book} />}
        {TASK_BOOK_SECTIONS.map((s) => {
          const section = book.sections.find((x) => x.n === s.n);
          return section && <SectionCard key={`${book.id}-${s.n}`} book={book} section={section} onSaved={onSaved} reload={reload} />;
        })}
        {signingShown && <SigningCard book={book} />}
        {book.abilities.amend && <AmendmentCard book={book} />}
        {book.abilities.grantExtension && book.status === 'draft' && <ExtensionCard book={book} />}
        <Reviews book={book} />
        <VersionsCard book={book} />
      </div>
    </div>
  );
}

function Header({ book }: { book: TaskBookView }) {
  const { t } = useI18n();
  const deadline = book.batch.deadline ?? '—';
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2, xl: 3 }}
      items={[
        { key: 'pilot', label: t.taskBook.pilot, children: `${book.pilot.name}（${book.pilot.organisationName}）` },
        { key: 'province', label: t.taskBook.province, children: book.province.name },
        { key: 'batch', label: t.taskBook.batch, children: book.batch.name },
        {
          key: 'deadline',
          label: t.taskBook.deadline,
          children: (
            <span data-testid="task-book-deadline">
              {deadline}
              {book.deadlineExtendedTo && (
                <Typography.Text type="warning">（{fmt(t.taskBook.extendedTo, { date: book.deadlineExtendedTo })}）</Typography.Text>
              )}
            </span>
          ),
        },
        { key: 'status', label: t.taskBook.status, children: <TaskBookStatusTag status={book.status} /> },
        {
          key: 'version',
          label: t.taskBook.version,
          children: book.currentVersion ? fmt(t.taskBook.versionLabel, { n: book.currentVersion }) : t.taskBook.draftVersion,
        },
      ]}
    />
  );
}

function Reviews({ book }: { book: TaskBookView }) {
  const { t, m } = useI18n();
  if (book.reviews.length === 0) return null;
  return (
    <Card title={t.taskBook.reviews} size="small" data-testid="reviews" style={{ marginBottom: 24 }}>
      <Timeline
        items={book.reviews.map((r, i) => ({
          key: i,
          color: isKind(taskBookLifecycle, r.action, 'return') ? 'red' : 'green',
          content: (
            <div>
              <Typography.Text strong>{(m.taskBookAction as Record<string, string>)[r.action] ?? r.action}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                {r.byName} · {fmt(t.taskBook.versionLabel, { n: r.versionNumber })} · {r.at.slice(0, 16).replace('T', ' ')}
              </Typography.Text>
              {r.reason && <div>{r.reason}</div>}
              {r.sectionReasons.map((sr, k) => (
                <div key={k}>
                  {sr.section ? `${TASK_BOOK_SECTIONS[sr.section - 1]?.numeral ?? sr.section}、` : ''}
                  {sr.text}
                </div>
              ))}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
