import { Zh } from '../../components/Zh';

/** A field as people know it: its 中文名, then its machine name. */
export function FieldName({ field }: { field: { name: string; label?: string | undefined } }) {
  return field.label ? (
    <>
      <Zh>{field.label}</Zh> ({field.name})
    </>
  ) : (
    <>{field.name}</>
  );
}
