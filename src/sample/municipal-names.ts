/** Japanese family names with their romanisation, roughly by frequency. */
export const FAMILY_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['田中', 'tanaka'], ['伊藤', 'ito'],
  ['渡辺', 'watanabe'], ['山本', 'yamamoto'], ['中村', 'nakamura'], ['小林', 'kobayashi'], ['加藤', 'kato'],
  ['吉田', 'yoshida'], ['山田', 'yamada'], ['佐々木', 'sasaki'], ['山口', 'yamaguchi'], ['松本', 'matsumoto'],
  ['井上', 'inoue'], ['木村', 'kimura'], ['林', 'hayashi'], ['斎藤', 'saito'], ['清水', 'shimizu'],
  ['山崎', 'yamazaki'], ['森', 'mori'], ['池田', 'ikeda'], ['橋本', 'hashimoto'], ['阿部', 'abe'],
  ['石川', 'ishikawa'], ['山下', 'yamashita'], ['中島', 'nakajima'], ['石井', 'ishii'], ['小川', 'ogawa'],
  ['前田', 'maeda'], ['岡田', 'okada'], ['長谷川', 'hasegawa'], ['藤田', 'fujita'], ['後藤', 'goto'],
  ['近藤', 'kondo'], ['村上', 'murakami'], ['遠藤', 'endo'], ['青木', 'aoki'], ['坂本', 'sakamoto'],
  ['斉藤', 'saito'], ['福田', 'fukuda'], ['太田', 'ota'], ['西村', 'nishimura'], ['藤井', 'fujii'],
  ['金子', 'kaneko'], ['岡本', 'okamoto'], ['藤原', 'fujiwara'], ['中野', 'nakano'], ['三浦', 'miura'],
  ['原田', 'harada'], ['中川', 'nakagawa'], ['松田', 'matsuda'], ['竹内', 'takeuchi'], ['小野', 'ono'],
  ['田村', 'tamura'], ['中山', 'nakayama'], ['和田', 'wada'], ['石田', 'ishida'], ['森田', 'morita'],
  ['上田', 'ueda'], ['原', 'hara'], ['内田', 'uchida'], ['柴田', 'shibata'], ['酒井', 'sakai'],
  ['宮崎', 'miyazaki'], ['横山', 'yokoyama'], ['高木', 'takagi'], ['安藤', 'ando'], ['宮本', 'miyamoto'],
  ['大野', 'ono'], ['小島', 'kojima'], ['谷口', 'taniguchi'], ['今井', 'imai'], ['工藤', 'kudo'],
  ['高田', 'takada'], ['増田', 'masuda'], ['丸山', 'maruyama'], ['杉山', 'sugiyama'], ['村田', 'murata'],
  ['大塚', 'otsuka'], ['新井', 'arai'], ['小山', 'koyama'], ['平野', 'hirano'], ['藤本', 'fujimoto'],
  ['河野', 'kono'], ['上野', 'ueno'], ['野口', 'noguchi'], ['武田', 'takeda'], ['松井', 'matsui'],
  ['千葉', 'chiba'], ['岩崎', 'iwasaki'], ['菅原', 'sugawara'], ['木下', 'kinoshita'], ['久保', 'kubo'],
  ['佐野', 'sano'], ['野村', 'nomura'], ['松尾', 'matsuo'], ['市川', 'ichikawa'], ['菊地', 'kikuchi'],
];

/** Given names with their romanisation. */
export const GIVEN_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['大輔', 'daisuke'], ['健太', 'kenta'], ['翔太', 'shota'], ['拓也', 'takuya'], ['誠', 'makoto'],
  ['直樹', 'naoki'], ['亮', 'ryo'], ['達也', 'tatsuya'], ['和也', 'kazuya'], ['剛', 'tsuyoshi'],
  ['浩', 'hiroshi'], ['隆', 'takashi'], ['修', 'osamu'], ['学', 'manabu'], ['聡', 'satoshi'],
  ['雄一', 'yuichi'], ['健一', 'kenichi'], ['智也', 'tomoya'], ['悠斗', 'yuto'], ['陽介', 'yosuke'],
  ['翼', 'tsubasa'], ['蓮', 'ren'], ['大樹', 'daiki'], ['祐介', 'yusuke'], ['慎也', 'shinya'],
  ['正人', 'masato'], ['秀樹', 'hideki'], ['洋平', 'yohei'], ['信也', 'shinya'], ['弘', 'hiromu'],
  ['陽子', 'yoko'], ['恵子', 'keiko'], ['裕子', 'yuko'], ['美香', 'mika'], ['直美', 'naomi'],
  ['由美', 'yumi'], ['真由美', 'mayumi'], ['明美', 'akemi'], ['智子', 'tomoko'], ['久美子', 'kumiko'],
  ['愛', 'ai'], ['彩', 'aya'], ['さくら', 'sakura'], ['美咲', 'misaki'], ['優花', 'yuka'],
  ['香織', 'kaori'], ['麻衣', 'mai'], ['千尋', 'chihiro'], ['菜々子', 'nanako'], ['綾香', 'ayaka'],
  ['沙織', 'saori'], ['舞', 'mai'], ['葵', 'aoi'], ['結衣', 'yui'], ['陽菜', 'hina'],
  ['理恵', 'rie'], ['奈緒', 'nao'], ['紀子', 'noriko'], ['典子', 'noriko'], ['亜希子', 'akiko'],
];

/** How each family name reads (フリガナ), as an HR export writes it. */
export const FAMILY_KANA: Readonly<Record<string, string>> = {
  佐藤: 'サトウ', 鈴木: 'スズキ', 高橋: 'タカハシ', 田中: 'タナカ', 伊藤: 'イトウ', 渡辺: 'ワタナベ', 山本: 'ヤマモト', 中村: 'ナカムラ', 小林: 'コバヤシ',
  加藤: 'カトウ', 吉田: 'ヨシダ', 山田: 'ヤマダ', 佐々木: 'ササキ', 山口: 'ヤマグチ', 松本: 'マツモト', 井上: 'イノウエ', 木村: 'キムラ', 林: 'ハヤシ',
  斎藤: 'サイトウ', 清水: 'シミズ', 山崎: 'ヤマザキ', 森: 'モリ', 池田: 'イケダ', 橋本: 'ハシモト', 阿部: 'アベ', 石川: 'イシカワ', 山下: 'ヤマシタ',
  中島: 'ナカジマ', 石井: 'イシイ', 小川: 'オガワ', 前田: 'マエダ', 岡田: 'オカダ', 長谷川: 'ハセガワ', 藤田: 'フジタ', 後藤: 'ゴトウ', 近藤: 'コンドウ',
  村上: 'ムラカミ', 遠藤: 'エンドウ', 青木: 'アオキ', 坂本: 'サカモト', 斉藤: 'サイトウ', 福田: 'フクダ', 太田: 'オオタ', 西村: 'ニシムラ', 藤井: 'フジイ',
  金子: 'カネコ', 岡本: 'オカモト', 藤原: 'フジワラ', 中野: 'ナカノ', 三浦: 'ミウラ', 原田: 'ハラダ', 中川: 'ナカガワ', 松田: 'マツダ', 竹内: 'タケウチ',
  小野: 'オノ', 田村: 'タムラ', 中山: 'ナカヤマ', 和田: 'ワダ', 石田: 'イシダ', 森田: 'モリタ', 上田: 'ウエダ', 原: 'ハラ', 内田: 'ウチダ', 柴田: 'シバタ',
  酒井: 'サカイ', 宮崎: 'ミヤザキ', 横山: 'ヨコヤマ', 高木: 'タカギ', 安藤: 'アンドウ', 宮本: 'ミヤモト', 大野: 'オオノ', 小島: 'コジマ', 谷口: 'タニグチ',
  今井: 'イマイ', 工藤: 'クドウ', 高田: 'タカダ', 増田: 'マスダ', 丸山: 'マルヤマ', 杉山: 'スギヤマ', 村田: 'ムラタ', 大塚: 'オオツカ', 新井: 'アライ',
  小山: 'コヤマ', 平野: 'ヒラノ', 藤本: 'フジモト', 河野: 'コウノ', 上野: 'ウエノ', 野口: 'ノグチ', 武田: 'タケダ', 松井: 'マツイ', 千葉: 'チバ',
  岩崎: 'イワサキ', 菅原: 'スガワラ', 木下: 'キノシタ', 久保: 'クボ', 佐野: 'サノ', 野村: 'ノムラ', 松尾: 'マツオ', 市川: 'イチカワ', 菊地: 'キクチ',
};

/** How each given name reads (フリガナ). */
export const GIVEN_KANA: Readonly<Record<string, string>> = {
  大輔: 'ダイスケ', 健太: 'ケンタ', 翔太: 'ショウタ', 拓也: 'タクヤ', 誠: 'マコト', 直樹: 'ナオキ', 亮: 'リョウ', 達也: 'タツヤ', 和也: 'カズヤ',
  剛: 'ツヨシ', 浩: 'ヒロシ', 隆: 'タカシ', 修: 'オサム', 学: 'マナブ', 聡: 'サトシ', 雄一: 'ユウイチ', 健一: 'ケンイチ', 智也: 'トモヤ', 悠斗: 'ユウト',
  陽介: 'ヨウスケ', 翼: 'ツバサ', 蓮: 'レン', 大樹: 'ダイキ', 祐介: 'ユウスケ', 慎也: 'シンヤ', 正人: 'マサト', 秀樹: 'ヒデキ', 洋平: 'ヨウヘイ',
  信也: 'シンヤ', 弘: 'ヒロム', 陽子: 'ヨウコ', 恵子: 'ケイコ', 裕子: 'ユウコ', 美香: 'ミカ', 直美: 'ナオミ', 由美: 'ユミ', 真由美: 'マユミ', 明美: 'アケミ',
  智子: 'トモコ', 久美子: 'クミコ', 愛: 'アイ', 彩: 'アヤ', さくら: 'サクラ', 美咲: 'ミサキ', 優花: 'ユウカ', 香織: 'カオリ', 麻衣: 'マイ', 千尋: 'チヒロ',
  菜々子: 'ナナコ', 綾香: 'アヤカ', 沙織: 'サオリ', 舞: 'マイ', 葵: 'アオイ', 結衣: 'ユイ', 陽菜: 'ヒナ', 理恵: 'リエ', 奈緒: 'ナオ', 紀子: 'ノリコ',
  典子: 'ノリコ', 亜希子: 'アキコ',
};

/** A municipal office's departments (部) and their sections (課). */
export const DEPARTMENTS: ReadonlyArray<{ name: string; sections: string[] }> = [
  { name: '政策経営部', sections: ['政策企画課', 'DX推進課', '広報広聴課', '財政課', '情報政策課'] },
  { name: '総務部', sections: ['総務課', '職員課', '文書法務課', '契約課', '人材育成課'] },
  { name: '危機管理部', sections: ['危機管理課', '防災課', '地域安全課'] },
  { name: '区民部', sections: ['区民課', '戸籍住民課', '国保年金課', '課税課', '納税課'] },
  { name: '地域振興部', sections: ['地域振興課', '市民活動推進課', '文化・国際課', 'スポーツ推進課'] },
  { name: '保健福祉部', sections: ['福祉政策課', '高齢福祉課', '介護保険課', '障害福祉課', '生活福祉課'] },
  { name: '子ども家庭部', sections: ['子ども政策課', '保育課', '児童相談課', '子育て支援課'] },
  { name: '健康推進部', sections: ['健康推進課', '保健予防課', '生活衛生課'] },
  { name: '環境部', sections: ['環境政策課', '清掃リサイクル課', '公園緑地課'] },
  { name: '都市整備部', sections: ['都市計画課', '建築指導課', '住宅課', '交通政策課'] },
  { name: '土木部', sections: ['道路管理課', '道路整備課', '河川課'] },
  { name: '経済産業部', sections: ['産業振興課', '商工観光課', '農政課'] },
  { name: '会計管理室', sections: ['会計課'] },
  { name: '議会事務局', sections: ['議事調査課'] },
  { name: '教育委員会事務局', sections: ['教育総務課', '学校教育課', '教育指導課', '生涯学習課', '図書館'] },
  { name: '選挙管理委員会事務局', sections: ['選挙課'] },
];

/** Suffixes for branch sections when a large city needs more sections than the catalogue has. */
export const AREAS = ['北部', '南部', '東部', '西部', '中央', '第一', '第二', '第三', '第四', '第五'];

/** Titles for generated DX projects (BPR / 業務改善). */
export const PROJECT_THEMES = [
  '窓口手続のオンライン化',
  '申請書様式の見直し',
  'RPAによる入力作業の自動化',
  '庁内照会のチャット化',
  'BIダッシュボードの整備',
  'ペーパーレス会議の定着',
  '電子決裁の徹底',
  'キャッシュレス決済の導入',
  '統合型GISによる情報公開',
  '生成AIの業務活用',
  '問い合わせ対応のFAQ整備',
  '現地調査のモバイル化',
  '予約受付のオンライン化',
  'データに基づく施策評価',
  '業務フローの可視化と再設計',
];

/** Titles of elective e-learning courses generated for course-group categories. */
export const ELECTIVE_TOPICS = [
  'データ分析入門',
  'Excel 関数の実践',
  'Power BI 基礎',
  'RPA 入門',
  '生成AIプロンプト演習',
  '情報セキュリティ基礎',
  'デザイン思考入門',
  'プロジェクトマネジメント基礎',
  'クラウドサービス概論',
  'ネットワーク基礎',
  'アジャイル開発入門',
  'ノーコードアプリ作成',
];
