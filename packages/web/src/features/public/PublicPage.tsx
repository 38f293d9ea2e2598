import { Alert, Card, Col, Grid, Layout, Row, Segmented, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { usePublicPilots } from '../../api/reference';
import { ChinaMap } from '../../components/ChinaMap';
import { PublicFooter } from '../../components/PublicFooter';
import { PublicHeader } from '../../components/PublicHeader';
import { PublicNotices } from './PublicNotices';
import { PublishedList } from './PublishedList';
import { PublicRatings } from './PublicRatings';
import { SearchBox } from '../search/SearchBox';

import { fmt, useI18n } from '../../i18n';

/** The notice's batch is shown first; the list names every announced batch, and the portal offers each. */
const FIRST_BATCH = 2012;

export function PublicPage() {
  const { t } = useI18n();
  const [batch, setBatch] = useState(FIRST_BATCH);
  const list = usePublicPilots(batch);
  const wide = Grid.useBreakpoint().md ?? true;
  const [highlighted, setHighlighted] = useState<string | null>(null);
  // the map counts what the list shows: this batch's published pilots per province. While another batch loads, both
  // keep showing the last one, greyed and marked busy, so the map never shows a batch the list does not.
  const shown = list.data;
  const counts = useMemo(() => {
    const out: Record<string, number> = {};
    for (const p of shown?.provinces ?? []) out[p.provinceCode] = (out[p.provinceCode] ?? 0) + p.pilots.length;
    return out;
  }, [shown]);
  const batches = shown?.batches ?? [];
  const loading = list.isPlaceholderData;
  const mapLabel = shown && fmt(t.portal.mapOf, { name: fmt(t.filters.batchLabel, { year: shown.batch.year }) });
  const choose = (year: number) => {
    setBatch(year);
    // a province highlighted in one batch's list may have no pilot in the next
    setHighlighted(null);
  };

  const showProvince = (code: string) => {
    setHighlighted(code);
    document.getElementById(`province-${code}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader />
      <Layout.Content style={{ padding: wide ? 24 : 12 }}>
        <Row gutter={[24, 24]} style={{ marginBottom: 24 }}>
          <Col xs={24} lg={12}>
            <Card
              data-testid="portal-intro"
              title={<h2 style={{ fontSize: 18, margin: 0 }}>{t.portal.introTitle}</h2>}
              style={{ height: '100%' }}
            >
              <Typography.Paragraph>{t.portal.intro}</Typography.Paragraph>
              <SearchBox portal width="100%" />
              <Link to="/open-data" data-testid="portal-open-data" style={{ display: 'inline-block', marginTop: 12 }}>
                {t.openData.portalLink}
              </Link>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <PublicNotices />
          </Col>
        </Row>
        <Row gutter={[24, 24]}>
          {/* on a phone the map comes first, above the long list */}
          <Col xs={{ span: 24, order: 2 }} lg={{ span: 12, order: 1 }}>
            <Card>
              {batches.length > 1 && (
                <Segmented<number>
                  data-testid="public-batch"
                  aria-label={t.filters.batch}
                  value={batch}
                  onChange={choose}
                  options={batches.map(({ year }) => ({ value: year, label: fmt(t.filters.batchLabel, { year }) }))}
                  style={{ marginBottom: 16 }}
                />
              )}
              {list.error && <Alert type="error" showIcon title={list.error.message} />}
              {list.isPending && <Spin />}
              {shown && (
                <div aria-busy={loading} style={{ opacity: loading ? 0.5 : 1 }}>
                  <PublishedList list={shown} highlighted={highlighted} />
                </div>
              )}
            </Card>
            <PublicRatings />
          </Col>
          <Col xs={{ span: 24, order: 1 }} lg={{ span: 12, order: 2 }}>
            <Card style={{ position: 'sticky', top: 24 }} title={mapLabel && <h2 style={{ fontSize: 16, margin: 0 }}>{mapLabel}</h2>}>
              <div data-testid="public-map" data-batch={shown?.batch.year} aria-busy={loading} style={{ opacity: loading ? 0.5 : 1 }}>
                <ChinaMap counts={counts} label={mapLabel} selected={highlighted} onSelect={showProvince} height={wide ? 520 : 360} />
              </div>
            </Card>
          </Col>
        </Row>
      </Layout.Content>
      <PublicFooter />
    </Layout>
  );
}
