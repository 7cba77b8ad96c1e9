package furusato

// Theme is one entry of the fixed taxonomy of project themes.
type Theme struct {
	Slug   string
	NameJa string
	NameEn string
}

// Themes is the fixed taxonomy, in display order.
var Themes = []Theme{
	{"marketing", "マーケティング", "Marketing"},
	{"pr", "PR・広報", "PR & communications"},
	{"product", "商品開発", "Product development"},
	{"new-business", "新規事業", "New business"},
	{"branding", "ブランディング", "Branding"},
	{"it-dx", "IT・DX", "IT & digital"},
	{"community", "地域づくり", "Community"},
	{"events", "イベント", "Events"},
	{"hr", "人材育成・採用", "HR & people development"},
	{"sales", "営業・販路開拓", "Sales"},
	{"design", "デザイン", "Design"},
	{"tourism", "観光", "Tourism"},
	{"food", "食・農", "Food & agriculture"},
	{"crafts", "伝統産業・ものづくり", "Crafts & manufacturing"},
}

// ThemeBySlug returns the theme whose slug is s.
func ThemeBySlug(s string) (Theme, bool) {
	for _, t := range Themes {
		if t.Slug == s {
			return t, true
		}
	}
	return Theme{}, false
}

// ThemesOfMask returns the slugs of a ThemeMask's themes in the
// taxonomy's order (nil for none): the inverse of ThemeMask for slugs in
// that order.
func ThemesOfMask(mask int64) []string {
	if mask == 0 {
		return nil
	}
	var out []string
	for i, t := range Themes {
		if i < 63 && mask&(1<<i) != 0 {
			out = append(out, t.Slug)
		}
	}
	return out
}

// ThemeMask returns the bit set of the theme slugs: bit i stands for
// Themes[i], so Themes may only grow at its end. Unknown slugs are ignored.
func ThemeMask(slugs []string) int64 {
	var m int64
	for _, s := range slugs {
		for i, t := range Themes {
			if t.Slug == s {
				m |= 1 << i
			}
		}
	}
	return m
}
