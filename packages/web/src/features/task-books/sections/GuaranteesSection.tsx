import { useI18n } from '../../../i18n';
import { TextField, useFieldError, type SectionFormProps } from './fields';

const FIELDS = ['policy', 'funding', 'technology', 'talent'] as const;

/** 七、保障条件: policy, funding, technology and talent. */
export function GuaranteesSection({ value, onChange, errors, readOnly }: SectionFormProps<'guarantees'>) {
  const { t } = useI18n();
  const err = useFieldError(errors);
  return (
    <>
      {FIELDS.map((f) => (
        <TextField
          key={f}
          label={t.taskBook.guarantees[f]}
          testId={`field-guarantees-${f}`}
          multiline
          readOnly={readOnly}
          value={value[f]}
          error={err(f, t.taskBook.guarantees[f])}
          onChange={(v) => onChange({ ...value, [f]: v })}
        />
      ))}
    </>
  );
}
