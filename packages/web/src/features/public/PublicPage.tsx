import { Card, Col, Layout, Result, Row, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { usePublicPilots, useProvinces } from '../../api/reference';
import { ChinaMap } from '../../components/ChinaMap';
import { PublicHeader } from '../../components/PublicHeader';
import { PublishedList } from './PublishedList';
import { PublicRatings } from './PublicRatings';

const FIRST_BATCH = 2012;

export function PublicPage() {
  const list = usePublicPilots(FIRST_BATCH);
  const provinces = useProvinces();
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const counts = useMemo(() => Object.fromEntries((provinces.data?.items ?? []).map((p) => [p.code, p.pilotCount])), [provinces.data]);

  const showProvince = (code: string) => {
    setHighlighted(code);
    document.getElementById(`province-${code}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader />
      <Layout.Content style={{ padding: 24 }}>
        <Row gutter={[24, 24]}>
          <Col xs={24} lg={12}>
            <Card>
              {list.error && <Result status="error" title={list.error.message} />}
              {list.isPending && <Spin />}
              {list.data && <PublishedList list={list.data} highlighted={highlighted} />}
            </Card>
            <PublicRatings />
          </Col>
          <Col xs={24} lg={12}>
            <Card style={{ position: 'sticky', top: 24 }}>
              <ChinaMap counts={counts} selected={highlighted} onSelect={showProvince} height={520} />
            </Card>
          </Col>
        </Row>
      </Layout.Content>
    </Layout>
  );
}
