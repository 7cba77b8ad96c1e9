package furusato

// Area groups prefectures the way people in Japan usually browse them.
type Area struct {
	Slug   string
	NameJa string
	NameEn string
}

// Prefecture is one of the 47 prefectures, identified by its JIS X 0401 code.
type Prefecture struct {
	Code   int
	Slug   string // ASCII, used in URLs: /regions/gifu
	NameJa string // 岐阜県
	NameEn string // Gifu
	Area   string // Area slug
}

// Areas lists the areas in their conventional order, north to south.
var Areas = []Area{
	{"hokkaido-tohoku", "北海道・東北", "Hokkaido & Tohoku"},
	{"kanto", "関東", "Kanto"},
	{"chubu", "中部", "Chubu"},
	{"kinki", "近畿", "Kinki"},
	{"chugoku", "中国", "Chugoku"},
	{"shikoku", "四国", "Shikoku"},
	{"kyushu-okinawa", "九州・沖縄", "Kyushu & Okinawa"},
}

// Prefectures lists all 47 prefectures in JIS code order; Prefectures[i].Code == i+1.
var Prefectures = []Prefecture{
	{1, "hokkaido", "北海道", "Hokkaido", "hokkaido-tohoku"},
	{2, "aomori", "青森県", "Aomori", "hokkaido-tohoku"},
	{3, "iwate", "岩手県", "Iwate", "hokkaido-tohoku"},
	{4, "miyagi", "宮城県", "Miyagi", "hokkaido-tohoku"},
	{5, "akita", "秋田県", "Akita", "hokkaido-tohoku"},
	{6, "yamagata", "山形県", "Yamagata", "hokkaido-tohoku"},
	{7, "fukushima", "福島県", "Fukushima", "hokkaido-tohoku"},
	{8, "ibaraki", "茨城県", "Ibaraki", "kanto"},
	{9, "tochigi", "栃木県", "Tochigi", "kanto"},
	{10, "gunma", "群馬県", "Gunma", "kanto"},
	{11, "saitama", "埼玉県", "Saitama", "kanto"},
	{12, "chiba", "千葉県", "Chiba", "kanto"},
	{13, "tokyo", "東京都", "Tokyo", "kanto"},
	{14, "kanagawa", "神奈川県", "Kanagawa", "kanto"},
	{15, "niigata", "新潟県", "Niigata", "chubu"},
	{16, "toyama", "富山県", "Toyama", "chubu"},
	{17, "ishikawa", "石川県", "Ishikawa", "chubu"},
	{18, "fukui", "福井県", "Fukui", "chubu"},
	{19, "yamanashi", "山梨県", "Yamanashi", "chubu"},
	{20, "nagano", "長野県", "Nagano", "chubu"},
	{21, "gifu", "岐阜県", "Gifu", "chubu"},
	{22, "shizuoka", "静岡県", "Shizuoka", "chubu"},
	{23, "aichi", "愛知県", "Aichi", "chubu"},
	{24, "mie", "三重県", "Mie", "kinki"},
	{25, "shiga", "滋賀県", "Shiga", "kinki"},
	{26, "kyoto", "京都府", "Kyoto", "kinki"},
	{27, "osaka", "大阪府", "Osaka", "kinki"},
	{28, "hyogo", "兵庫県", "Hyogo", "kinki"},
	{29, "nara", "奈良県", "Nara", "kinki"},
	{30, "wakayama", "和歌山県", "Wakayama", "kinki"},
	{31, "tottori", "鳥取県", "Tottori", "chugoku"},
	{32, "shimane", "島根県", "Shimane", "chugoku"},
	{33, "okayama", "岡山県", "Okayama", "chugoku"},
	{34, "hiroshima", "広島県", "Hiroshima", "chugoku"},
	{35, "yamaguchi", "山口県", "Yamaguchi", "chugoku"},
	{36, "tokushima", "徳島県", "Tokushima", "shikoku"},
	{37, "kagawa", "香川県", "Kagawa", "shikoku"},
	{38, "ehime", "愛媛県", "Ehime", "shikoku"},
	{39, "kochi", "高知県", "Kochi", "shikoku"},
	{40, "fukuoka", "福岡県", "Fukuoka", "kyushu-okinawa"},
	{41, "saga", "佐賀県", "Saga", "kyushu-okinawa"},
	{42, "nagasaki", "長崎県", "Nagasaki", "kyushu-okinawa"},
	{43, "kumamoto", "熊本県", "Kumamoto", "kyushu-okinawa"},
	{44, "oita", "大分県", "Oita", "kyushu-okinawa"},
	{45, "miyazaki", "宮崎県", "Miyazaki", "kyushu-okinawa"},
	{46, "kagoshima", "鹿児島県", "Kagoshima", "kyushu-okinawa"},
	{47, "okinawa", "沖縄県", "Okinawa", "kyushu-okinawa"},
}

// PrefectureByCode returns the prefecture with JIS code c.
func PrefectureByCode(c int) (Prefecture, bool) {
	if c < 1 || c > len(Prefectures) {
		return Prefecture{}, false
	}
	return Prefectures[c-1], true
}

// PrefectureBySlug returns the prefecture whose slug is s.
func PrefectureBySlug(s string) (Prefecture, bool) {
	for _, p := range Prefectures {
		if p.Slug == s {
			return p, true
		}
	}
	return Prefecture{}, false
}

// AreaBySlug returns the area whose slug is s.
func AreaBySlug(s string) (Area, bool) {
	for _, a := range Areas {
		if a.Slug == s {
			return a, true
		}
	}
	return Area{}, false
}

// PrefecturesIn returns the prefectures of the area with slug area.
func PrefecturesIn(area string) []Prefecture {
	var ps []Prefecture
	for _, p := range Prefectures {
		if p.Area == area {
			ps = append(ps, p)
		}
	}
	return ps
}
