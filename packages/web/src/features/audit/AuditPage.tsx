import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex } from 'antd';
import { useAuditVerify } from '../../api/reference';
import { fmt, useI18n } from '../../i18n';
import { AuditLogCard } from './AuditLogCard';

export function AuditPage() {
  const { t } = useI18n();
  const verify = useAuditVerify();
  const result = verify.data;

  return (
    <>
      <AuditLogCard />
      <Card title={t.audit.title}>
        <Flex vertical gap="large" align="flex-start">
          <Button
            data-testid="audit-verify"
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            {t.audit.verify}
          </Button>
          {verify.error && <Alert type="error" showIcon title={verify.error.message} />}
          {result && (
            <Alert
              data-testid="audit-result"
              type={result.ok ? 'success' : 'error'}
              showIcon
              title={
                result.ok || !result.firstBroken
                  ? fmt(t.audit.ok, { entries: result.entries })
                  : fmt(t.audit.broken, {
                      seq: result.firstBroken.seq,
                      problem: t.audit.problems[result.firstBroken.problem],
                      entries: result.entries,
                    })
              }
            />
          )}
        </Flex>
      </Card>
    </>
  );
}
