import { Alert, Card, Descriptions, Select, Spin, Statistic, Tag, Tree, Flex, type TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useIndicatorSystems, useIndicatorTree } from '../../api/reference';
import { useSession } from '../../api/session';
import type { IndicatorNode } from '../../api/types';
import { useI18n } from '../../i18n';
import { Zh } from '../../components/Zh';
import { EmptyState } from '../../components/EmptyState';

/** Number of nodes on each level (index 0 = level 1). */
function countByLevel(nodes: IndicatorNode[], counts: number[] = []): number[] {
  for (const node of nodes) {
    counts[node.level - 1] = (counts[node.level - 1] ?? 0) + 1;
    countByLevel(node.children, counts);
  }
  return counts;
}

export function IndicatorsPage() {
  const { t } = useI18n();
  const systems = useIndicatorSystems();
  const [chosen, setChosen] = useState<string>();
  const system = systems.data?.items.find((s) => s.id === chosen) ?? systems.data?.items[0];
  const tree = useIndicatorTree(system?.id);
  // the analytics are the supervisors' (the route answers the Ministry and the provinces)
  const tier = useSession().data?.organisation.tier;
  const analytics = tier === 'ministry' || tier === 'province';

  const counts = useMemo(() => countByLevel(tree.data?.items ?? []), [tree.data]);
  const treeData = useMemo(() => {
    const toNode = (n: IndicatorNode): TreeDataNode => ({
      key: n.id,
      title: (
        <span data-uncertain={n.uncertain || undefined}>
          {n.code} <Zh>{n.name}</Zh>
          {analytics && n.level === 3 && (
            <Link to={`/app/indicators/analytics?indicator=${n.id}`} style={{ marginLeft: 8 }} data-testid={`analyse-${n.code}`}>
              {t.analytics.openFor}
            </Link>
          )}
          {n.uncertain && (
            <Tag color="warning" style={{ marginLeft: 8 }}>
              {t.indicators.uncertain}
            </Tag>
          )}
        </span>
      ),
      children: n.children.map(toNode),
    });
    return (tree.data?.items ?? []).map(toNode);
  }, [tree.data, t, analytics]);

  if (systems.error) return <Alert type="error" showIcon title={systems.error.message} />;
  if (systems.isPending) return <Spin size="large" />;
  if (!system) return <EmptyState description={t.empty.indicators} />;

  return (
    <Card
      title={t.indicators.title}
      extra={
        <Select
          style={{ minWidth: 320 }}
          aria-label={t.indicators.title}
          value={system.id}
          onChange={setChosen}
          options={systems.data.items.map((s) => ({ value: s.id, label: <Zh>{s.name}</Zh> }))}
        />
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'name', label: t.org.name, children: <Zh>{system.name}</Zh> },
          { key: 'version', label: t.indicators.version, children: system.version },
          { key: 'issuedBy', label: t.indicators.issuedBy, children: <Zh>{system.issuedBy}</Zh> },
        ]}
      />
      <Flex gap="large" wrap style={{ margin: '16px 0' }} data-testid="indicator-counts">
        {t.indicators.levels.map((label, i) => (
          <Card size="small" key={label}>
            <Statistic title={label} value={counts[i] ?? 0} />
          </Card>
        ))}
      </Flex>
      {tree.error && <Alert type="error" showIcon title={tree.error.message} />}
      <Spin spinning={tree.isFetching}>
        {treeData.length > 0 && <Tree data-testid="indicator-tree" treeData={treeData} defaultExpandAll showLine selectable={false} />}
      </Spin>
    </Card>
  );
}
