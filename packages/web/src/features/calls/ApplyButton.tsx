import { FileAddOutlined, FileTextOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useApplications, useCreateApplication } from '../../api/calls';
import { useSession } from '../../api/session';
import type { CallView } from '../../api/types';
import { StateTag } from '../../components/StateTag';
import { useI18n } from '../../i18n';

/** The applicant's own application in this call: open it, or (while the call is open) start it with the 申报 button. */
export function ApplyButton({ call }: { call: CallView }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const session = useSession().data;
  const mine = useApplications({ call: call.id });
  const create = useCreateApplication(call.id);
  const existing = mine.data?.items.find((a) => a.organisationId === session?.organisation.id);
  const mayApply = call.status === 'open' && session?.can.apply;

  const apply = () =>
    create.mutate(
      {
        name: session?.organisation.name.replace(/人民政府$/, '') ?? '',
        kind: 'prefectureCity',
        adminCode: null,
        summary: '',
        declarations: { inLocalPlan: false, fundingChannel: false, leaderInCharge: false },
        contact: { name: '', phone: '' },
      },
      {
        onSuccess: (app) => void navigate(`/app/applications/${app.id}`),
        onError: (err) => {
          void message.error(err.message);
          void mine.refetch();
        },
      },
    );

  return (
    <Card title={t.call.myApplication} style={{ marginBottom: 24 }} loading={mine.isPending} data-testid="my-application">
      {existing ? (
        <Space wrap>
          <Typography.Text lang="zh-CN">{existing.name}</Typography.Text>
          <StateTag labels="applicationStatus" status={existing.status} />
          <Link to={`/app/applications/${existing.id}`} data-testid="open-application">
            <FileTextOutlined /> {t.call.openApplication}
          </Link>
        </Space>
      ) : mayApply ? (
        <Button type="primary" icon={<FileAddOutlined />} data-testid="apply" loading={create.isPending} onClick={apply}>
          {t.call.apply}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t.call.none}</Typography.Text>
      )}
    </Card>
  );
}
