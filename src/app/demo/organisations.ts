import type { OrganisationInput } from '../../domain/index.js';

/**
 * The demo data set: a fictional programme and its parties. Every name and
 * number is invented (corporate numbers carry valid check digits but belong to
 * no one), so nothing here implies that a real company holds a certification.
 */
export const DEMO_ORGANISATIONS: readonly OrganisationInput[] = [
  // The programme office
  org('programme-office', 'クラウドセキュリティ評価制度運営委員会', 'Cloud Security Certification Programme Office', 'jp-corporate-number', '3000012010001', 'JP', 'https://www.example.go.jp/cloud-certification'),

  // Auditing bodies
  org('auditing-body', '東都情報セキュリティ監査法人', 'Toto Information Security Audit LLC', 'jp-corporate-number', '4010001234567', 'JP', 'https://toto-audit.example.jp'),
  org('auditing-body', '株式会社みなと保証サービス', 'Minato Assurance Services Co., Ltd.', 'jp-corporate-number', '9010401100001', 'JP', 'https://minato-assurance.example.jp'),
  org('auditing-body', 'ノースブリッジ・アシュアランス', 'Northbridge Assurance Partners LLP', 'uk-company-number', 'OC412345', 'GB', 'https://northbridge-assurance.example.co.uk'),

  // Cloud service providers
  org('provider', '株式会社さくらクラウド基盤', 'Sakura Cloud Infrastructure Inc.', 'jp-corporate-number', '8011001200002', 'JP', 'https://sakura-infra.example.jp'),
  org('provider', '北海データセンター株式会社', 'Hokkai Data Centre Corporation', 'jp-corporate-number', '4120001300003', 'JP', 'https://hokkai-dc.example.jp'),
  org('provider', '株式会社ひかり行政クラウド', 'Hikari Government Cloud K.K.', 'jp-corporate-number', '9010401400004', 'JP', 'https://hikari-gov.example.jp'),
  org('provider', '株式会社ミライ勤怠', 'Mirai Workforce Software Inc.', 'jp-corporate-number', '7011101500005', 'JP', 'https://mirai-kintai.example.jp'),
  org('provider', '株式会社つばさ電子文書', 'Tsubasa e-Document Co., Ltd.', 'jp-corporate-number', '7010001600006', 'JP', null),
  org('provider', 'ノルディック・ストラタ・クラウド', 'Nordic Strata Cloud AB', 'lei', '549300VZ2Y4XKHM5YJ04', 'SE', 'https://nordicstrata.example.se'),
  org('provider', 'アトラス・コンピュート', 'Atlas Compute Services, Inc.', 'us-uei', 'K7LMN4PQ2RS8', 'US', 'https://atlascompute.example.com'),
  org('provider', 'サザンクロス・データ', 'Southern Cross Data Pty Ltd', 'au-abn', '51824753556', 'AU', 'https://southerncross-data.example.com.au'),
  org('provider', 'ブルーフィンチ・アナリティクス', 'Bluefinch Analytics Ltd', 'uk-company-number', '09876543', 'GB', 'https://bluefinch.example.co.uk'),
  org('provider', '株式会社しずく会計クラウド', 'Shizuku Accounting Cloud Inc.', 'jp-corporate-number', '4180001700007', 'JP', 'https://shizuku-kaikei.example.jp'),

  // Government institutions
  org('agency', '中央省庁デジタル推進局', 'Central Government Digital Service', 'jp-corporate-number', '8000020130001', 'JP', 'https://digital.example.go.jp'),
  org('agency', '税務情報管理庁', 'Tax Information Administration', 'jp-corporate-number', '6000020140002', 'JP', 'https://tax.example.go.jp'),
  org('agency', '国土保全庁', 'National Land Conservation Agency', 'jp-corporate-number', '4000020150003', 'JP', 'https://land.example.go.jp'),
  org('agency', '東海市', 'Tokai City', 'jp-corporate-number', '2000020160004', 'JP', 'https://www.city-tokai.example.lg.jp'),
  org('agency', '統計調査庁', 'Statistics Survey Agency', 'jp-corporate-number', '9000020170005', 'JP', 'https://stat.example.go.jp'),

  // Critical-infrastructure operators
  org('infrastructure-operator', '関東送配電株式会社', 'Kanto Power Grid Co., Inc.', 'jp-corporate-number', '6010401800008', 'JP', 'https://kanto-grid.example.jp'),
  org('infrastructure-operator', '瀬戸内旅客鉄道株式会社', 'Setouchi Passenger Railway Company', 'jp-corporate-number', '7040001250014', 'JP', 'https://setouchi-rail.example.jp'),
];

function org(
  kind: OrganisationInput['kind'],
  nameJa: string,
  nameEn: string,
  registryScheme: string,
  registryId: string,
  country: string,
  website: string | null,
): OrganisationInput {
  return { kind, nameJa, nameEn, registryScheme, registryId, country, website };
}
