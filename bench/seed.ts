import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/store/schema.js';

/**
 * Bench data: `count` organisations of realistic shape, the same in every run
 * and every database, so the app's response has the same size on PGlite and
 * PostgreSQL. Rows go in with multi-row INSERTs of valid, already canonical
 * values (what `validateOrganisation` would return); registering 10,000 one by
 * one through `registerOrganisation` would take longer than the measurement.
 */
export async function seedOrganisations(db: Kysely<Database>, count: number): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(start + BATCH, count); i += 1) rows.push(organisationRow(i));
    await db.insertInto('organisation').values(rows).execute();
  }
  // Fresh statistics, as autovacuum would gather on a live server, so the
  // planner sees 10,000 rows and uses the (sort_name, id) index.
  await sql`ANALYZE organisation`.execute(db);
}

// 500 rows × 7 columns stays far below PostgreSQL's 65,535 bind parameters.
const BATCH = 500;

const KINDS = ['provider', 'provider', 'provider', 'auditing-body', 'agency', 'infrastructure-operator', 'programme-office'] as const;

// Place × field × legal form gives 47 × 25 × 9 = 10,575 distinct names.
const PLACES: readonly (readonly [string, string])[] = [
  ['Hokkaido', '北海道'], ['Aomori', '青森'], ['Iwate', '岩手'], ['Miyagi', '宮城'], ['Akita', '秋田'],
  ['Yamagata', '山形'], ['Fukushima', '福島'], ['Ibaraki', '茨城'], ['Tochigi', '栃木'], ['Gunma', '群馬'],
  ['Saitama', '埼玉'], ['Chiba', '千葉'], ['Tokyo', '東京'], ['Kanagawa', '神奈川'], ['Niigata', '新潟'],
  ['Toyama', '富山'], ['Ishikawa', '石川'], ['Fukui', '福井'], ['Yamanashi', '山梨'], ['Nagano', '長野'],
  ['Gifu', '岐阜'], ['Shizuoka', '静岡'], ['Aichi', '愛知'], ['Mie', '三重'], ['Shiga', '滋賀'],
  ['Kyoto', '京都'], ['Osaka', '大阪'], ['Hyogo', '兵庫'], ['Nara', '奈良'], ['Wakayama', '和歌山'],
  ['Tottori', '鳥取'], ['Shimane', '島根'], ['Okayama', '岡山'], ['Hiroshima', '広島'], ['Yamaguchi', '山口'],
  ['Tokushima', '徳島'], ['Kagawa', '香川'], ['Ehime', '愛媛'], ['Kochi', '高知'], ['Fukuoka', '福岡'],
  ['Saga', '佐賀'], ['Nagasaki', '長崎'], ['Kumamoto', '熊本'], ['Oita', '大分'], ['Miyazaki', '宮崎'],
  ['Kagoshima', '鹿児島'], ['Okinawa', '沖縄'],
];

const FIELDS: readonly (readonly [string, string])[] = [
  ['Cloud Services', 'クラウドサービス'], ['Data Centre', 'データセンター'], ['Network Solutions', 'ネットワークソリューションズ'],
  ['Information Systems', '情報システム'], ['Cyber Security', 'サイバーセキュリティ'], ['Audit and Assurance', '監査保証'],
  ['Digital Platform', 'デジタルプラットフォーム'], ['Hosting', 'ホスティング'], ['Software Engineering', 'ソフトウェアエンジニアリング'],
  ['Managed Services', 'マネージドサービス'], ['Information Processing', '情報処理'], ['Systems Integration', 'システムインテグレーション'],
  ['Telecommunications', '電気通信'], ['Computing Centre', '計算センター'], ['Digital Government Services', 'デジタル行政サービス'],
  ['Identity Services', 'アイデンティティサービス'], ['Backup and Recovery', 'バックアップ・リカバリ'], ['Infrastructure', 'インフラストラクチャ'],
  ['Security Assessment', 'セキュリティ評価'], ['Business Systems', '業務システム'], ['Internet Exchange', 'インターネットエクスチェンジ'],
  ['Public Cloud', 'パブリッククラウド'], ['Storage Services', 'ストレージサービス'], ['Information Technology', '情報技術'],
  ['Data Analytics', 'データ分析'],
];

// Japanese legal forms put the form before or after the name; `before` says which.
const FORMS: readonly { readonly en: string; readonly ja: string; readonly before: boolean }[] = [
  { en: 'Co., Ltd.', ja: '株式会社', before: false },
  { en: 'Corporation', ja: '株式会社', before: true },
  { en: 'LLC', ja: '合同会社', before: false },
  { en: 'Audit Corporation', ja: '有限責任監査法人', before: true },
  { en: 'General Incorporated Association', ja: '一般社団法人', before: true },
  { en: 'Incorporated Administrative Agency', ja: '独立行政法人', before: true },
  { en: 'Cooperative', ja: '協同組合', before: false },
  { en: 'Foundation', ja: '一般財団法人', before: true },
  { en: 'Holdings Inc.', ja: 'ホールディングス株式会社', before: false },
];

function organisationRow(i: number) {
  const [placeEn, placeJa] = PLACES[i % PLACES.length]!;
  const [fieldEn, fieldJa] = FIELDS[Math.floor(i / PLACES.length) % FIELDS.length]!;
  const form = FORMS[Math.floor(i / (PLACES.length * FIELDS.length)) % FORMS.length]!;
  const serial = String(i).padStart(6, '0');
  return {
    kind: KINDS[i % KINDS.length]!,
    name_en: `${placeEn} ${fieldEn} ${form.en}`,
    name_ja: form.before ? `${form.ja}${placeJa}${fieldJa}` : `${placeJa}${fieldJa}${form.ja}`,
    registry_scheme: 'other',
    // checkRegistryId strips hyphens, so the canonical form has none.
    registry_id: `BENCH${serial}`,
    country: 'JP',
    // Two in three have a website; URL#href form, as validation stores it.
    website: i % 3 === 0 ? null : `https://www.${placeEn.toLowerCase()}-${serial}.example.jp/`,
  };
}
