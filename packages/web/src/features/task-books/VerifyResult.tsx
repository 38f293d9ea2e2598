import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useVerifyTaskBook } from '../../api/taskBooks';
import { fmt, useI18n } from '../../i18n';

export function VerifyButton({ id, verify }: { id: string; verify: ReturnType<typeof useVerifyTaskBook> }) {
  const { t } = useI18n();
  return (
    <Button data-testid="verify" key={id} icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
      {t.taskBook.verify.button}
    </Button>
  );
}

/** Whether every frozen version still matches its digest and every signature checks out, and if not, which. */
export function VerifyResult({ verify }: { verify: ReturnType<typeof useVerifyTaskBook> }) {
  const { t, m } = useI18n();
  const v = t.taskBook.verify;
  if (verify.error)
    return <Alert data-testid="verify-result" type="error" showIcon title={verify.error.message} style={{ marginTop: 16 }} />;
  const r = verify.data;
  if (!r) return null;
  const failures = r.versions.flatMap((ver) => [
    ...(ver.digestOk ? [] : [fmt(v.digest, { n: ver.number })]),
    ...ver.signatures
      .filter((s) => !s.ok)
      .map((s) => fmt(v.signature, { n: ver.number, party: (m.party as Record<string, string>)[s.party] ?? s.party, name: s.signerName })),
  ]);
  return (
    <Alert
      data-testid="verify-result"
      type={r.ok ? 'success' : 'error'}
      showIcon
      closable
      onClose={() => verify.reset()}
      style={{ marginTop: 16 }}
      title={r.ok ? v.ok : v.failed}
      description={
        failures.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {failures.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        ) : !r.signed ? (
          v.unsigned
        ) : undefined
      }
    />
  );
}
