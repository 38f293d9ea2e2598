import { Col, Row, Table, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { AddButton, removeAt, RemoveButton, replaceAt, TextField, useFieldError, type SectionFormProps } from './fields';
import { rowsEmpty } from '../../../components/EmptyState';

type Org = SectionFormProps<'organisation'>['value'];
type Department = Org['departments'][number];

/** 六、组织管理: leading group, office, member departments, 行政责任人. */
export function OrganisationSection({ value, onChange, errors, readOnly }: SectionFormProps<'organisation'>) {
  const { t } = useI18n();
  const o = t.taskBook.org;
  const err = useFieldError(errors);
  const field = <G extends 'leadingGroup' | 'office' | 'responsible'>(
    group: G,
    name: keyof Org[G] & string,
    label: string,
    multiline = false,
  ) => (
    <TextField
      label={label}
      testId={`field-org-${group}-${name}`}
      multiline={multiline}
      rows={2}
      readOnly={readOnly}
      value={value[group][name] as string}
      error={err(`${group}.${name}`, label)}
      onChange={(v) => onChange({ ...value, [group]: { ...value[group], [name]: v } })}
    />
  );
  const setDept = (i: number, patch: Partial<Department>) => onChange({ ...value, departments: replaceAt(value.departments, i, patch) });
  return (
    <>
      <Typography.Title level={5}>{o.leadingGroup}</Typography.Title>
      <Row gutter={24}>
        <Col xs={24} md={8}>
          {field('leadingGroup', 'head', o.head)}
        </Col>
        <Col xs={24} md={16}>
          {field('leadingGroup', 'members', o.members, true)}
        </Col>
      </Row>
      <Typography.Title level={5}>{o.office}</Typography.Title>
      <Row gutter={24}>
        <Col xs={24} md={12}>
          {field('office', 'name', o.officeName)}
        </Col>
        <Col xs={24} md={12}>
          {field('office', 'director', o.director)}
        </Col>
      </Row>
      <Typography.Title level={5}>{o.departments}</Typography.Title>
      <Table<Department>
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={value.departments}
        locale={rowsEmpty(t, readOnly, o.addDepartment)}
        columns={[
          { title: '#', width: 48, render: (_, __, i) => i + 1 },
          {
            title: o.departmentName,
            width: '35%',
            render: (_, row, i) => (
              <TextField
                bare
                label={o.departmentName}
                testId={`department-${i}-name`}
                readOnly={readOnly}
                value={row.name}
                error={err(`departments.${i}.name`, o.departmentName)}
                onChange={(name) => setDept(i, { name })}
              />
            ),
          },
          {
            title: o.duties,
            render: (_, row, i) => (
              <TextField
                bare
                multiline
                rows={1}
                label={o.duties}
                testId={`department-${i}-duties`}
                readOnly={readOnly}
                value={row.duties}
                error={err(`departments.${i}.duties`, o.duties)}
                onChange={(duties) => setDept(i, { duties })}
              />
            ),
          },
          ...(readOnly
            ? []
            : [
                {
                  title: '',
                  width: 48,
                  render: (_: unknown, __: Department, i: number) => (
                    <RemoveButton hidden={readOnly} onClick={() => onChange({ ...value, departments: removeAt(value.departments, i) })} />
                  ),
                },
              ]),
        ]}
      />
      <div style={{ margin: '12px 0 16px' }}>
        <AddButton
          testId="add-department"
          label={o.addDepartment}
          hidden={readOnly}
          onClick={() => onChange({ ...value, departments: [...value.departments, { name: '', duties: '' }] })}
        />
      </div>
      <Typography.Title level={5}>{o.responsible}</Typography.Title>
      <Row gutter={24}>
        <Col xs={24} md={6}>
          {field('responsible', 'name', o.name)}
        </Col>
        <Col xs={24} md={6}>
          {field('responsible', 'title', o.title)}
        </Col>
        <Col xs={24} md={6}>
          {field('responsible', 'phone', o.phone)}
        </Col>
        <Col xs={24} md={6}>
          {field('responsible', 'email', o.email)}
        </Col>
      </Row>
    </>
  );
}
