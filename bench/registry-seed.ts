import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/store/schema.js';

/**
 * Bench data for the public list: `count` certified services (and suspended,
 * expired, revoked ones among them) of `count / 100` providers, audited by
 * five bodies, each with its case, certificate and history. Written with
 * set-based SQL (generate_series), so 100,000 take seconds; every row is one
 * the domain could have made (valid states, periods and validity as
 * src/domain/certification.ts computes them), and ids are derived from the
 * row number (md5), so the data, and the responses' sizes, are the same in
 * every run and in both databases. The read model (migration 0017) is filled
 * by its triggers, as in production.
 */
export const BENCH_STANDARD = 'bench.1';

/** Regions as providers name them; each service has one to three of these. */
export const BENCH_REGIONS = [
  'ap-northeast-1', 'ap-northeast-3', 'japaneast', 'japanwest', 'JP-East', 'JP-West',
  'asia-northeast1', 'asia-northeast2', 'Tokyo', 'Osaka', 'Hokkaido', 'Kyushu',
] as const;

// Brand × product gives 20 × 25 names, numbered to make each one unique.
const BRANDS: readonly (readonly [string, string])[] = [
  ['Sakura', 'さくら'], ['Hikari', 'ひかり'], ['Kumo', 'くも'], ['Sora', 'そら'], ['Mirai', 'ミライ'],
  ['Shizuku', 'しずく'], ['Kaze', 'かぜ'], ['Yama', 'やま'], ['Umi', 'うみ'], ['Hoshi', 'ほし'],
  ['Tsuki', 'つき'], ['Hana', 'はな'], ['Mori', 'もり'], ['Kawa', 'かわ'], ['Yuki', 'ゆき'],
  ['Aoi', 'あおい'], ['Midori', 'みどり'], ['Akari', 'あかり'], ['Tsubasa', 'つばさ'], ['Nagi', 'なぎ'],
];
const PRODUCTS: readonly (readonly [string, string])[] = [
  ['Compute', 'コンピュート'], ['Object Storage', 'オブジェクトストレージ'], ['Mail', 'メール'], ['Accounting', '会計'],
  ['Timesheets', '勤怠管理'], ['Government Cloud', '行政クラウド'], ['Database', 'データベース'], ['Backup', 'バックアップ'],
  ['Identity', 'ID管理'], ['Workflow', 'ワークフロー'], ['Document Management', '文書管理'], ['Video Meetings', 'ビデオ会議'],
  ['Payroll', '給与計算'], ['Analytics', '分析基盤'], ['Kubernetes', 'コンテナ基盤'], ['CRM', '顧客管理'],
  ['Helpdesk', 'ヘルプデスク'], ['Web Hosting', 'ウェブホスティング'], ['File Sharing', 'ファイル共有'], ['Chat', 'チャット'],
  ['Procurement', '調達管理'], ['E-Learning', 'eラーニング'], ['Monitoring', '監視'], ['Network', 'ネットワーク'], ['Archive', 'アーカイブ'],
];
const PLACES: readonly (readonly [string, string])[] = [
  ['Hokkaido', '北海道'], ['Tohoku', '東北'], ['Tokyo', '東京'], ['Kanagawa', '神奈川'], ['Chubu', '中部'],
  ['Kansai', '関西'], ['Osaka', '大阪'], ['Chugoku', '中国'], ['Shikoku', '四国'], ['Kyushu', '九州'], ['Okinawa', '沖縄'],
];
const FIELDS: readonly (readonly [string, string])[] = [
  ['Cloud', 'クラウド'], ['Data Centre', 'データセンター'], ['Systems', 'システムズ'], ['Digital', 'デジタル'],
  ['Networks', 'ネットワークス'], ['Information Services', '情報サービス'], ['Software', 'ソフトウェア'], ['Solutions', 'ソリューションズ'],
  ['Computing', 'コンピューティング'], ['Technologies', 'テクノロジーズ'],
];

const column = (pairs: readonly (readonly [string, string])[], i: 0 | 1) => sql.val(pairs.map((pair) => pair[i]));

export async function seedRegistry(db: Kysely<Database>, count: number): Promise<void> {
  const providers = Math.max(1, Math.floor(count / 100));
  await db.transaction().execute(async (tx) => {
    const run = (query: ReturnType<typeof sql>) => query.execute(tx);
    await run(sql`
      INSERT INTO standard_version (version, name_ja, name_en, oscal_version, catalog, catalog_sha256, published_at)
      VALUES (${BENCH_STANDARD}, 'ベンチマーク基準', 'Bench standard', '1.1.3', '{}'::jsonb, ${'0'.repeat(64)}, '2026-01-01T00:00:00Z')`);
    await run(sql`
      INSERT INTO organisation (id, kind, name_ja, name_en, registry_scheme, registry_id, country, created_at)
      VALUES (md5('bench-office')::uuid, 'programme-office', 'ベンチマーク制度事務局', 'Bench Programme Office', 'other', 'BENCHOFFICE', 'JP', '2026-01-01T00:00:00Z')`);
    await run(sql`
      INSERT INTO app_user (id, organisation_id, email, display_name, created_at)
      VALUES (md5('bench-approver')::uuid, md5('bench-office')::uuid, 'approver@bench.example.jp', 'Bench Approver', '2026-01-01T00:00:00Z')`);
    // Five auditing bodies.
    await run(sql`
      INSERT INTO organisation (id, kind, name_ja, name_en, registry_scheme, registry_id, country, created_at)
      SELECT md5('bench-body-' || i)::uuid, 'auditing-body', '監査法人' || (${column(PLACES, 1)}::text[])[1 + i] || '第' || (i + 1),
             (${column(PLACES, 0)}::text[])[1 + i] || ' Assurance LLC No. ' || (i + 1), 'other', 'BENCHBODY' || i, 'JP', '2026-01-01T00:00:00Z'
      FROM generate_series(0, 4) AS i`);
    // Providers: place × field, numbered.
    await run(sql`
      INSERT INTO organisation (id, kind, name_ja, name_en, registry_scheme, registry_id, country, created_at)
      SELECT md5('bench-provider-' || i)::uuid, 'provider',
             (${column(PLACES, 1)}::text[])[1 + i % 11] || (${column(FIELDS, 1)}::text[])[1 + (i / 11) % 10] || '第' || (i + 1) || '株式会社',
             (${column(PLACES, 0)}::text[])[1 + i % 11] || ' ' || (${column(FIELDS, 0)}::text[])[1 + (i / 11) % 10] || ' No. ' || (i + 1) || ' K.K.',
             'other', 'BENCHP' || lpad(i::text, 6, '0'), 'JP', '2026-01-01T00:00:00Z'
      FROM generate_series(0, ${providers - 1}) AS i`);
    // Services: brand × product, numbered; one provider in every `providers`.
    await run(sql`
      INSERT INTO cloud_service (id, provider_id, name_ja, name_en, description, service_model, deployment_model, regions, created_at, updated_at)
      SELECT md5('bench-service-' || i)::uuid, md5('bench-provider-' || (i % ${providers}))::uuid,
             (${column(BRANDS, 1)}::text[])[1 + i % 20] || (${column(PRODUCTS, 1)}::text[])[1 + (i / 20) % 25] || ' ' || (i + 1),
             (${column(BRANDS, 0)}::text[])[1 + i % 20] || ' ' || (${column(PRODUCTS, 0)}::text[])[1 + (i / 20) % 25] || ' ' || (i + 1),
             '', (ARRAY['iaas', 'paas', 'saas'])[1 + (i / 7) % 3], 'public',
             (SELECT array_agg(r.name ORDER BY r.k) FROM (
                SELECT k, (${sql.val([...BENCH_REGIONS])}::text[])[1 + (i + k * 5) % 12] AS name FROM generate_series(0, i % 3) AS k) AS r),
             '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
      FROM generate_series(0, ${count - 1}) AS i`);
    // One case each: 70 % certified, 5 % renewal pending, 10 % suspended, 10 % expired, 5 % revoked.
    await run(sql`
      INSERT INTO application (id, service_id, provider_id, grade, standard_version, scope, audited_from, audited_until, body_id, state, case_json,
                               created_at, updated_at, submitted_at)
      SELECT md5('bench-application-' || i)::uuid, md5('bench-service-' || i)::uuid, md5('bench-provider-' || (i % ${providers}))::uuid,
             g.grade, ${BENCH_STANDARD}, 'The whole service in every region it runs in.', '2026-01-01', '2026-12-31',
             md5('bench-body-' || (i % 5))::uuid, s.state,
             jsonb_build_object('state', s.state, 'grade', g.grade,
               'auditedPeriod', jsonb_build_object('start', '2026-01-01', 'end', '2026-12-31'),
               'reviewer', md5('bench-reviewer')::uuid, 'recommendation', 'certify', 'approver', md5('bench-approver')::uuid,
               'validUntil', '2028-05-01', 'inspectionDue', '2027-12-31',
               'suspension', CASE WHEN s.state = 'suspended' THEN jsonb_build_object('cause', 'manual', 'reason', 'Critical finding left open') END),
             '2026-09-01T00:00:00Z', '2027-02-01T00:00:00Z', '2026-09-01T00:00:00Z'
      FROM generate_series(0, ${count - 1}) AS i
      CROSS JOIN LATERAL (SELECT (1 + (i / 3) % 3)::smallint AS grade) AS g
      CROSS JOIN LATERAL (SELECT CASE
        WHEN i % 20 < 14 THEN 'certified' WHEN i % 20 = 14 THEN 'renewal-pending'
        WHEN i % 20 < 17 THEN 'suspended' WHEN i % 20 < 19 THEN 'expired' ELSE 'revoked' END AS state) AS s`);
    await run(sql`
      INSERT INTO certificate (registration_number, application_id, service_id, provider_id, body_id, grade, standard_version, scope,
                               audited_from, audited_until, issued_on, valid_until, approver_id, issued_at)
      SELECT 'C27-' || lpad((row_number() OVER (ORDER BY a.id))::text, 6, '0'), a.id, a.service_id, a.provider_id, a.body_id, a.grade,
             a.standard_version, a.scope, a.audited_from, a.audited_until, '2027-02-01', '2028-05-01', md5('bench-approver')::uuid, '2027-02-01T00:00:00Z'
      FROM application a WHERE a.standard_version = ${BENCH_STANDARD}`);
    await run(sql`INSERT INTO certificate_number (year, last) VALUES (2027, ${count})`);
    // The public history: the decision, and what came after it.
    await run(sql`
      INSERT INTO case_event (application_id, occurred_at, command, from_state, to_state, actor_role, reason)
      SELECT a.id, e.at, e.command, e.from_state, e.to_state, e.role, e.reason
      FROM application a
      CROSS JOIN LATERAL (VALUES
        (1, '2026-09-01T00:00:00Z'::timestamptz, 'submit', 'draft', 'submitted', 'provider', NULL),
        (2, '2027-02-01T00:00:00Z'::timestamptz, 'certify', 'under-review', 'certified', 'programme-office', NULL),
        (3, '2027-06-01T00:00:00Z'::timestamptz,
            CASE a.state WHEN 'renewal-pending' THEN 'file-renewal' WHEN 'suspended' THEN 'suspend' WHEN 'revoked' THEN 'suspend' ELSE 'expire' END,
            'certified', CASE a.state WHEN 'revoked' THEN 'suspended' ELSE a.state END,
            CASE a.state WHEN 'renewal-pending' THEN 'provider' WHEN 'expired' THEN 'system' ELSE 'programme-office' END,
            CASE WHEN a.state IN ('suspended', 'revoked') THEN 'Critical finding left open' END),
        (4, '2027-08-01T00:00:00Z'::timestamptz, 'revoke', 'suspended', 'revoked', 'programme-office', 'Not remedied within the period set')
      ) AS e (n, at, command, from_state, to_state, role, reason)
      WHERE a.standard_version = ${BENCH_STANDARD}
        AND (e.n <= 2 OR (e.n = 3 AND a.state <> 'certified') OR (e.n = 4 AND a.state = 'revoked'))
      ORDER BY a.id, e.n`);
  });
  // Fresh statistics, as autovacuum would gather on a live server.
  await sql`ANALYZE`.execute(db);
}
