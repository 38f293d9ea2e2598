import type { ExpertChoice, panelAssignSchema } from '@smartcity/domain';
import type { UseMutationResult } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Space, Typography } from 'antd';
import { showFieldError } from '../features/accounts/fieldError';
import type { In } from '../api/types';
import { fmt, useI18n } from '../i18n';
import { FormDialog } from './FormDialog';
import { Zh } from './Zh';

/**
 * 指定专家: the Ministry names experts onto an open panel (an application's or an acceptance's) instead of an
 * automatic draw. An expert of the subject's province is listed but cannot be ticked, with the reason beside it,
 * rather than refused after pressing the button.
 */
export function ExpertPicker({
  choices,
  pending,
  assign,
}: {
  choices: ExpertChoice[];
  pending: boolean;
  assign: (expertUserIds: string[], callbacks: { onSuccess: () => void; onError: (err: Error) => void }) => void;
}) {
  const { t } = useI18n();
  const x = t.application;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ expertUserIds: string[] }>();
  const options = choices.map((c) => ({
    value: c.id,
    disabled: c.unavailable !== null,
    label: (
      <Space size={8} wrap data-testid="expert-choice" data-expert={c.name}>
        <Zh>{c.name}</Zh>
        <Typography.Text type="secondary">
          {c.homeProvince ? <Zh>{c.homeProvince}</Zh> : x.noHomeProvince} · {fmt(x.expertLoad, { load: c.load })}
        </Typography.Text>
        {c.unavailable && <Typography.Text data-testid="expert-choice-reason">{x.conflictOfInterest}</Typography.Text>}
      </Space>
    ),
  }));
  return (
    <FormDialog
      form={form}
      title={x.nameExperts}
      okText={x.nameExperts}
      okTestId="name-experts-submit"
      width={640}
      pending={pending}
      trigger={(open) => (
        <Button data-testid="name-experts" onClick={open}>
          {x.nameExperts}
        </Button>
      )}
      onFinish={({ expertUserIds }, close) =>
        assign(expertUserIds, {
          onSuccess: () => {
            close();
            void message.success(t.actionDone);
          },
          onError: (err) => void (showFieldError(form, err, ['expertUserIds']) || message.error(err.message)),
        })
      }
    >
      <Form.Item
        name="expertUserIds"
        label={x.nameExpertsLabel}
        extra={x.nameExpertsHelp}
        rules={[
          {
            validator: async (_, ids?: string[]) => {
              if (!ids?.length) throw new Error(x.pickAtLeastOne);
            },
          },
        ]}
      >
        <Checkbox.Group data-testid="expert-choices" options={options} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
      </Form.Item>
    </FormDialog>
  );
}

type AssignMutation = Pick<UseMutationResult<unknown, Error, In<typeof panelAssignSchema>>, 'mutate' | 'isPending'>;

/** The panel's two ways to assign, alike for an application and an acceptance: name experts, or draw 3 automatically. */
export function AssignExperts({
  choices,
  mutation,
  autoLabel,
  autoTestId,
}: {
  choices: ExpertChoice[] | null | undefined;
  mutation: AssignMutation;
  autoLabel: string;
  autoTestId: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <Space wrap>
      {choices && (
        <ExpertPicker
          choices={choices}
          pending={mutation.isPending}
          assign={(expertUserIds, callbacks) => mutation.mutate({ expertUserIds }, callbacks)}
        />
      )}
      <Button
        type="primary"
        data-testid={autoTestId}
        loading={mutation.isPending}
        onClick={() =>
          mutation.mutate(
            { count: 3 },
            { onSuccess: () => void message.success(t.actionDone), onError: (err) => void message.error(err.message) },
          )
        }
      >
        {autoLabel}
      </Button>
    </Space>
  );
}
