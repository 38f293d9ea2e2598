import { RecordTabs } from '../../components/RecordHistory';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { TASK_BOOK_SECTIONS, isKind, localSectionHeading, taskBookLifecycle } from '@smartcity/domain';
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
import { RequestExtension } from '../extensions/RequestExtension';
import { SectionCard } from './SectionCard';
import { SigningCard } from './SigningCard';
import { TaskBookActions } from './TaskBookActions';
import { TaskBookStatusTag } from './TaskBookStatusTag';
import { VerifyButton, VerifyResult } from './VerifyResult';
import { ReturnedBanner } from '../../components/ReturnedBanner';
import { Zh } from '../../components/Zh';
import { VersionsCard } from './VersionsCard';
import { PageTrail } from '../../components/PageTrail';
import { beijingTime } from '../../components/time';

export function TaskBookPage() {
  const { t, lang } = useI18n();
  const { id = '' } = useParams();
  const query = useTaskBook(id);
  const queryClient = useQueryClient();
  const verify = useVerifyTaskBook(id);
  const { refetch } = query;
  const onSaved = useCallback(() => void queryClient.invalidateQueries({ queryKey: ['task-books', 'detail', id] }), [queryClient, id]);
  const reload = useCallback(async () => (await refetch()).data, [refetch]);
  const sectionRef = useSectionRef();

  if (query.isPending) return <Spin size="large" />;
  if (query.error)
    return <Result status="warning" title={query.error.message} extra={<Link to="/app/task-books">{t.taskBook.list}</Link>} />;
  const book = query.data;
  const signingShown = book.status === 'signing' || book.status === 'signed';

  const anchors = [
    ...TASK_BOOK_SECTIONS.map((s) => ({
      key: `s${s.n}`,
      href: `#section-${s.n}`,
      title: localSectionHeading(lang, s, false).replace(/建设、应用和运营$/, ''),
    })),
    ...(signingShown ? [{ key: 'signing', href: '#signing', title: t.taskBook.signing.title }] : []),
    { key: 'versions', href: '#versions', title: t.taskBook.versions.title },
  ];

  return (
    <div data-testid="task-book">
      <PageTrail owner={{ name: <Zh>{book.pilot.name}</Zh>, to: `/app/pilots/${book.pilot.id}` }} />
      <Card
        style={{ marginBottom: 24 }}
        title={
          <Space wrap>
            <span>{t.taskBook.title}</span>
            <Typography.Text type="secondary">
              <Zh>{book.pilot.name}</Zh>
            </Typography.Text>
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
            r.sectionReasons.map((sr) => (
              <>
                {sectionRef(sr.section)}
                <Zh>{sr.text}</Zh>
              </>
            ))
          }
        />
        {book.returnedVersion !== null && (
          <Alert
            type="info"
            showIcon
            data-testid="changed-since-return"
            style={{ marginTop: 16 }}
            title={fmt(t.taskBook.sectionsChangedSinceReturn, {
              n: book.returnedVersion,
              sections:
                book.sections
                  .filter((s) => s.changedSinceReturn)
                  .map((s) => (lang === 'en' ? String(s.n) : TASK_BOOK_SECTIONS[s.n - 1]!.numeral))
                  .join(lang === 'en' ? ', ' : '、') || '—',
            })}
          />
        )}
        {book.openAmendment && (
          <Alert type="info" showIcon style={{ marginTop: 16 }} title={`${t.taskBook.amend.title}：${book.openAmendment.reason}`} />
        )}
      </Card>
      <RecordTabs records="task-books" id={book.id}>
        <div style={{ marginBottom: 16, background: '#fff', padding: '4px 16px', borderRadius: 8 }}>
          <Anchor direction="horizontal" offsetTop={0} targetOffset={64} items={anchors} />
        </div>
        <div>
          {book.status === 'draft' && (
            <RequestExtension
              deadline={{ taskBookId: book.id }}
              owedBy={book.deadlineExtendedTo ?? book.batch.deadline ?? '—'}
              owed={book.actions.some((a) => a.action === 'submit')}
            />
          )}
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
      </RecordTabs>
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
        {
          key: 'pilot',
          label: t.taskBook.pilot,
          children: (
            <Zh>
              {book.pilot.name}（{book.pilot.organisationName}）
            </Zh>
          ),
        },
        { key: 'province', label: t.taskBook.province, children: <Zh>{book.province.name}</Zh> },
        { key: 'batch', label: t.taskBook.batch, children: fmt(t.filters.batchLabel, { year: book.batch.year }) },
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

/** `三、` before a reason about section 3, in the reader's language (`3. ` in English). */
function useSectionRef() {
  const { lang } = useI18n();
  return (n: number | null) => {
    const s = n ? TASK_BOOK_SECTIONS[n - 1] : undefined;
    return s ? (lang === 'zh-CN' ? `${s.numeral}、` : `${s.n}. `) : '';
  };
}

function Reviews({ book }: { book: TaskBookView }) {
  const { t, m } = useI18n();
  const sectionRef = useSectionRef();
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
                <Zh>{r.byName}</Zh> · {fmt(t.taskBook.versionLabel, { n: r.versionNumber })} · {beijingTime(r.at)}
              </Typography.Text>
              {r.reason && <div lang="zh-CN">{r.reason}</div>}
              {r.sectionReasons.map((sr, k) => (
                <div key={k}>
                  {sectionRef(sr.section)}
                  <Zh>{sr.text}</Zh>
                </div>
              ))}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
