package demo

// CommonWords are 60 words that the generated catalogue uses often: places,
// trades, subjects and skills. Their 3,600 ordered pairs are the search
// mix of scripts/bench and of BenchmarkWordPairs (most match hundreds or
// thousands of projects, some none).
var CommonWords = []string{
	"地域", "岐阜", "広報", "観光", "酒造", "旅館", "農園", "水産加工", "木工所", "菓子店",
	"製麺所", "印刷会社", "工務店", "茶園", "味噌蔵", "家具工房", "醤油", "果樹園", "道の駅", "牧場",
	"陶芸", "和紙", "漁業", "オンライン", "販売", "Instagram", "新商品", "企画", "ツアー", "ブランド",
	"採用", "イベント", "ふるさと納税", "返礼品", "ECサイト", "DX", "海外", "販路", "パッケージ", "デザイン",
	"体験", "業務改善", "ファン", "SNS", "Webマーケティング", "Excel", "営業", "ライティング", "写真", "データ分析",
	"Figma", "発信", "調査", "試作品", "視察", "勉強会", "北海道", "長野", "沖縄", "リモート",
}
