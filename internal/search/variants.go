package search

// kanjiVariants folds old (旧字体) and variant (異体字) forms of kanji that
// people write in names and places to the common form, so that 髙山 finds
// 高山 and 濱田 finds 浜田. It is deliberately small: only forms that stand
// for the same character in names, never two different words. NFKC has
// already folded the CJK compatibility ideographs that have a canonical
// form; 﨑 (U+FA11) is one of those that NFKC keeps, so it is here.
var kanjiVariants = map[rune]rune{
	'髙': '高', '﨑': '崎', '嵜': '崎', '濱': '浜', '濵': '浜', '邊': '辺', '邉': '辺',
	'澤': '沢', '齋': '斎', '齊': '斉', '國': '国', '會': '会', '廣': '広', '惠': '恵',
	'櫻': '桜', '實': '実', '德': '徳', '藏': '蔵', '眞': '真', '縣': '県', '學': '学',
	'禮': '礼', '驛': '駅', '淺': '浅', '冨': '富', '𠮷': '吉', '黑': '黒', '壽': '寿',
	'榮': '栄', '來': '来', '莊': '荘', '鐵': '鉄', '關': '関', '區': '区', '圓': '円',
	'嶋': '島', '嶌': '島', '峯': '峰', '瀨': '瀬', '曾': '曽', '槇': '槙', '檜': '桧',
	'萬': '万', '舊': '旧', '佛': '仏', '氣': '気', '燈': '灯', '藝': '芸', '寶': '宝',
	'聲': '声', '賣': '売', '亞': '亜', '圖': '図', '團': '団', '樂': '楽', '變': '変',
	'獨': '独', '嶽': '岳', '穗': '穂', '彌': '弥', '兒': '児', '靜': '静', '﨔': '欅',
}
