import { periodYears, targetText, type TargetValue, type TaskBookContent, type TaskIndicator } from '@smartcity/domain';
import { Button, Input, Select, Space, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useIndicatorTree } from '../../../api/reference';
import type { IndicatorNode } from '../../../api/types';
import { Zh } from '../../../components/Zh';
import { useI18n } from '../../../i18n';
import { ReadBlocks } from '../../../components/ReadBlocks';
import {
  AddButton,
  newId,
  NumberField,
  removeAt,
  RemoveButton,
  replaceAt,
  TextField,
  useFieldError,
  type SectionFormProps,
} from './fields';
import { rowsEmpty } from '../../../components/EmptyState';

export const INDICATOR_SYSTEM = 'MOHURD-2012';
const CATEGORY_COLOUR = { required: 'red', chosen: 'blue', innovative: 'green' } as const;

interface TreeOption {
  value: string;
  title: ReactNode;
  /** what the picker's search matches: code and name */
  search: string;
  selectable: boolean;
  disabled?: boolean;
  children: TreeOption[];
}

interface TargetProps {
  value: TargetValue;
  /** the system says yes/no or a text (or the value already is one): no number box */
  qualitative: boolean;
  onChange: (v: TargetValue) => void;
  testId: string;
  label: string;
  readOnly: boolean;
  error: string | undefined;
}

/** A target: a number box for a quantitative indicator; yes / no / a text for a qualitative one. */
function TargetField({ value, qualitative, onChange, testId, label, readOnly, error }: TargetProps) {
  const { t } = useI18n();
  const k = t.taskBook.indicators;
  if (!qualitative && (value === null || typeof value === 'number'))
    return <NumberField bare label={label} testId={testId} readOnly={readOnly} value={value} error={error} onChange={onChange} />;
  if (readOnly)
    return (
      <Typography.Text data-testid={testId} type={value === null ? 'secondary' : undefined}>
        {value === null ? t.taskBook.empty : targetText(value, { yes: k.yes, no: k.no })}
      </Typography.Text>
    );
  const mode = typeof value === 'string' ? 'text' : value === null ? undefined : String(value);
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <Select<string>
        data-testid={testId}
        aria-label={label}
        style={{ width: '100%' }}
        value={mode}
        status={error ? 'error' : undefined}
        onChange={(m) => onChange(m === 'true' ? true : m === 'false' ? false : '')}
        options={[
          { value: 'true', label: k.yes },
          { value: 'false', label: k.no },
          { value: 'text', label: k.textTarget },
        ]}
      />
      {typeof value === 'string' && (
        <Input data-testid={`${testId}-text`} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
      {error && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {error}
        </Typography.Text>
      )}
    </Space>
  );
}

/** 三、考核指标: 规定项 and 自选项 from the level-3 indicators of the system, 创新项 of the pilot's own. */
export function IndicatorsSection({ value, onChange, errors, readOnly, book }: SectionFormProps<'indicators'>) {
  const { t, m } = useI18n();
  const k = t.taskBook.indicators;
  const err = useFieldError(errors);
  const tree = useIndicatorTree(readOnly ? undefined : INDICATOR_SYSTEM);
  const [picked, setPicked] = useState<string[]>([]);
  const period = book.sections.find((s) => s.n === 8)?.content as TaskBookContent['period'];
  const years = periodYears({ period });
  const required = useMemo(() => new Set(book.requiredIndicatorCodes), [book.requiredIndicatorCodes]);
  const chosenCodes = new Set(value.items.map((i) => i.indicatorCode).filter((c): c is string => c !== null));

  const { names, qualitative } = useMemo(() => {
    const out = { names: new Map<string, string>(), qualitative: new Set<string>() };
    const walk = (n: IndicatorNode) => {
      if (n.level === 3) out.names.set(n.code, n.name);
      if (n.level === 3 && n.qualitative) out.qualitative.add(n.code);
      n.children.forEach(walk);
    };
    tree.data?.items.forEach(walk);
    return out;
  }, [tree.data]);
  const isQualitative = (row: TaskIndicator) => row.indicatorCode !== null && qualitative.has(row.indicatorCode);
  const mandatory = (row: TaskIndicator) => row.indicatorCode !== null && required.has(row.indicatorCode);

  const treeData = useMemo(() => {
    const toOption = (n: IndicatorNode): TreeOption => ({
      value: n.level === 3 ? n.code : `group-${n.id}`,
      search: `${n.code} ${n.name}`,
      selectable: n.level === 3,
      disabled: n.level === 3 && chosenCodes.has(n.code),
      title: (
        <span>
          {n.code} <Zh>{n.name}</Zh>
          {n.level === 3 && required.has(n.code) && (
            <Tag color="red" style={{ marginLeft: 6 }}>
              {m.indicatorCategory.required}
            </Tag>
          )}
        </span>
      ),
      children: n.children.map(toOption),
    });
    return (tree.data?.items ?? []).map(toOption);
  }, [tree.data, required, m, value.items]);

  const emptyYears = () => Object.fromEntries(years.map((y) => [String(y), null])) as Record<string, TargetValue>;
  const fromSystem = (code: string): TaskIndicator => ({
    id: `i-${code}`,
    category: required.has(code) ? 'required' : 'chosen',
    indicatorCode: code,
    name: names.get(code) ?? code,
    definition: '',
    unit: '',
    baseline: { value: null, year: null },
    target: null,
    targetsByYear: emptyYears(),
    method: '',
  });
  const add = (codes: string[]) => {
    const fresh = codes.filter((c) => !chosenCodes.has(c));
    if (fresh.length) onChange({ items: [...value.items, ...fresh.map(fromSystem)] });
    setPicked([]);
  };
  const addInnovative = () =>
    onChange({
      items: [
        ...value.items,
        {
          id: newId('inno'),
          category: 'innovative',
          indicatorCode: null,
          name: '',
          definition: '',
          unit: '',
          baseline: { value: null, year: null },
          target: null,
          targetsByYear: emptyYears(),
          method: '',
        },
      ],
    });
  const set = (i: number, patch: Partial<TaskIndicator>) => onChange({ items: replaceAt(value.items, i, patch) });
  const missingRequired = book.requiredIndicatorCodes.filter((c) => !chosenCodes.has(c));

  const columns: TableColumnsType<TaskIndicator> = [
    { title: '#', width: 40, fixed: 'left', render: (_, __, i) => i + 1 },
    {
      title: k.category,
      width: 80,
      render: (_, row) => <Tag color={CATEGORY_COLOUR[row.category]}>{m.indicatorCategory[row.category]}</Tag>,
    },
    {
      title: k.name,
      width: 220,
      fixed: 'left',
      render: (_, row, i) =>
        row.category === 'innovative' ? (
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <TextField
              bare
              label={k.innovativeName}
              testId={`indicator-${i}-name`}
              readOnly={readOnly}
              value={row.name}
              error={err(`items.${i}.name`, k.innovativeName)}
              onChange={(name) => set(i, { name })}
            />
            {(!readOnly || row.definition) && (
              <TextField
                bare
                multiline
                rows={1}
                label={k.definition}
                testId={`indicator-${i}-definition`}
                readOnly={readOnly}
                value={row.definition}
                error={err(`items.${i}.definition`, k.definition)}
                onChange={(definition) => set(i, { definition })}
              />
            )}
          </Space>
        ) : (
          <span data-testid={`indicator-${i}-code`}>
            <Typography.Text type="secondary">{row.indicatorCode}</Typography.Text> <Zh>{row.name}</Zh>
          </span>
        ),
    },
    {
      title: k.unit,
      width: 80,
      render: (_, row, i) => (
        <TextField
          bare
          label={k.unit}
          testId={`indicator-${i}-unit`}
          readOnly={readOnly}
          value={row.unit}
          error={err(`items.${i}.unit`, k.unit)}
          onChange={(unit) => set(i, { unit })}
        />
      ),
    },
    {
      title: k.baselineValue,
      width: 90,
      render: (_, row, i) => (
        <NumberField
          bare
          label={k.baselineValue}
          testId={`indicator-${i}-baselineValue`}
          readOnly={readOnly}
          value={row.baseline.value}
          error={err(`items.${i}.baseline.value`, k.baselineValue)}
          onChange={(v) => set(i, { baseline: { ...row.baseline, value: v } })}
        />
      ),
    },
    {
      title: k.baselineYear,
      width: 90,
      render: (_, row, i) => (
        <NumberField
          bare
          integer
          label={k.baselineYear}
          testId={`indicator-${i}-baselineYear`}
          readOnly={readOnly}
          value={row.baseline.year}
          error={err(`items.${i}.baseline.year`, k.baselineYear)}
          onChange={(v) => set(i, { baseline: { ...row.baseline, year: v } })}
        />
      ),
    },
    {
      title: k.target,
      width: 90,
      render: (_, row, i) => (
        <TargetField
          testId={`indicator-${i}-target`}
          label={`${row.name} ${k.target}`}
          qualitative={isQualitative(row)}
          readOnly={readOnly}
          value={row.target}
          error={err(`items.${i}.target`, k.target)}
          onChange={(target) => set(i, { target })}
        />
      ),
    },
    {
      title: k.years,
      children: years.map((y) => ({
        title: String(y),
        width: 84,
        render: (_: unknown, row: TaskIndicator, i: number) => (
          <TargetField
            testId={`indicator-${i}-year-${y}`}
            label={`${row.name} ${y}`}
            qualitative={isQualitative(row)}
            readOnly={readOnly}
            value={row.targetsByYear[String(y)] ?? null}
            error={err(`items.${i}.targetsByYear.${y}`, String(y))}
            onChange={(v) => set(i, { targetsByYear: { ...emptyYears(), ...row.targetsByYear, [String(y)]: v } })}
          />
        ),
      })),
    },
    {
      title: k.method,
      width: 240,
      render: (_, row, i) => (
        <TextField
          bare
          multiline
          rows={1}
          label={k.method}
          testId={`indicator-${i}-method`}
          readOnly={readOnly}
          value={row.method}
          error={err(`items.${i}.method`, k.method)}
          onChange={(method) => set(i, { method })}
        />
      ),
    },
    ...(readOnly
      ? []
      : [
          {
            title: '',
            width: 48,
            fixed: 'right' as const,
            render: (_: unknown, row: TaskIndicator, i: number) => (
              <RemoveButton
                hidden={readOnly}
                testId={`indicator-${i}-remove`}
                disabledReason={mandatory(row) ? k.mandatory : undefined}
                onClick={() => onChange({ items: removeAt(value.items, i) })}
              />
            ),
          },
        ]),
  ];

  return (
    <>
      {!readOnly && (
        <Space wrap style={{ marginBottom: 12 }}>
          <TreeSelect<string[]>
            data-testid="indicator-picker"
            multiple
            showSearch
            filterTreeNode={(input, node) =>
              String((node as unknown as TreeOption).search)
                .toLowerCase()
                .includes(input.trim().toLowerCase())
            }
            style={{ minWidth: 360 }}
            placeholder={k.pick}
            aria-label={k.pick}
            loading={tree.isPending}
            value={picked}
            onChange={setPicked}
            treeData={treeData}
            treeDefaultExpandAll
            maxTagCount="responsive"
          />
          <Button data-testid="add-picked" disabled={picked.length === 0} onClick={() => add(picked)}>
            {k.addPicked}
          </Button>
          <Button
            data-testid="add-required"
            type="primary"
            ghost
            disabled={missingRequired.length === 0 || names.size === 0}
            onClick={() => add(missingRequired)}
          >
            {k.addRequired}（{missingRequired.length}）
          </Button>
          <AddButton testId="add-innovative" label={k.addInnovative} hidden={readOnly} onClick={addInnovative} />
        </Space>
      )}
      {readOnly ? (
        <ReadBlocks
          testId="indicators-read"
          columns={columns}
          rows={value.items}
          rowKey={(row) => row.id}
          heading={(row) => (
            <span style={{ whiteSpace: 'normal' }}>
              {row.indicatorCode} <Zh>{row.name}</Zh>
            </span>
          )}
        />
      ) : (
        <Table<TaskIndicator>
          size="small"
          bordered
          rowKey="id"
          pagination={false}
          dataSource={value.items}
          locale={rowsEmpty(t, readOnly, k.addRequired)}
          columns={columns}
          scroll={{ x: 1100 + years.length * 84 }}
        />
      )}
    </>
  );
}
