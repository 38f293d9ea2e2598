import { Card, Descriptions, Result, Space, Spin } from 'antd';
import { Link, useParams } from 'react-router';
import { useSharingRequest } from '../../api/platform';
import { PageTrail } from '../../components/PageTrail';
import { StateTag } from '../../components/StateTag';
import { beijingTime } from '../../components/time';
import { Zh } from '../../components/Zh';
import { useI18n } from '../../i18n';
import { SharingActions } from './SharingActions';
import { EscalatedTag, GrantText } from './SharingRequestTable';
import { PageHeading } from '../../components/PageHeading';

/** 共享申请: one request (where its notifications lead): who asked whom for what, the answer, and the buttons now. */
export function SharingRequestPage() {
  const { t } = useI18n();
  const p = t.platform;
  const { id = '' } = useParams();
  const query = useSharingRequest(id);
  if (query.isPending) return <Spin size="large" />;
  if (query.error)
    return (
      <Result status="warning" title={query.error.message} extra={<Link to="/app/platform/sharing-requests">{p.sharingRequests}</Link>} />
    );
  const r = query.data;
  return (
    <div data-testid="sharing-request-page">
      <PageTrail name={r.resource.name} />
      <Card
        title={
          <Space wrap>
            <PageHeading>{p.sharingRequest}</PageHeading>
            <StateTag labels="sharingStatus" status={r.status} testId="sharing-status" />
            <EscalatedTag request={r} />
          </Space>
        }
        extra={<SharingActions request={r} />}
      >
        <Descriptions
          bordered
          size="small"
          column={1}
          items={[
            {
              key: 'resource',
              label: p.resource,
              children: (
                <Link to={`/app/platform/resources/${r.resource.id}`}>
                  <Zh>{r.resource.name}</Zh>（{r.resource.code}）
                </Link>
              ),
            },
            { key: 'consumer', label: p.consumer, children: <Zh>{r.consumer.name}</Zh> },
            { key: 'provider', label: p.provider, children: <Zh>{r.provider.name}</Zh> },
            { key: 'purpose', label: p.purpose, children: <Zh>{r.purpose}</Zh> },
            { key: 'fields', label: p.fieldsAsked, children: r.fields.join('、') },
            { key: 'until', label: p.until, children: r.until },
            { key: 'requestedAt', label: p.requestedAt, children: beijingTime(r.requestedAt) },
            { key: 'dueOn', label: p.dueOn, children: r.dueOn },
            { key: 'grant', label: p.grant, children: <GrantText request={r} /> },
            ...(r.decidedAt
              ? [
                  {
                    key: 'decision',
                    label: p.decisionReason,
                    children: (
                      <>
                        <Zh>{r.decisionReason ?? ''}</Zh>（{beijingTime(r.decidedAt)}）
                      </>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </div>
  );
}
