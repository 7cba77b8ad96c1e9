package furusato

import (
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Profile is what a participant tells about themselves beyond their
// account (User.DisplayName is their name).
//
// Who sees what: the person sees and edits all of it on their own account
// pages. Once entries exist, the profile is attached to an entry: the
// coordinator of the project and the staff of its company see it for the
// people who entered their projects, and no one else. The affiliation is
// shown to them only when AffiliationPublic is set (it is not by default).
// No part of a profile is ever shown on the public web or in the API.
type Profile struct {
	UserID              int64
	NameKana            string   // reading of the name, in kana
	Hometown            int      // prefecture code (JIS X 0401); 0 when not given
	ResidencePrefecture int      // prefecture code of where they live; 0 when not given
	ResidenceCity       string   // free text: the city, town or village
	Occupation          string   // 会社員, フリーランス, …
	Affiliation         string   // employer, school, …: private unless AffiliationPublic
	AffiliationPublic   bool     // show Affiliation to coordinators and companies (default false)
	Skills              []string // free-text tags
	InterestThemes      []string // Theme slugs
	InterestPrefectures []int    // prefecture codes
	Bio                 string   // short self-introduction
	Links               []string // http(s) URLs
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Limits of profile fields, in runes unless said otherwise.
const (
	MaxKanaRunes        = 50
	MaxCityRunes        = 50
	MaxOccupationRunes  = 50
	MaxAffiliationRunes = 100
	MaxSkills           = 20
	MaxSkillRunes       = 30
	MaxBioRunes         = 400
	MaxLinks            = 5
	MaxLinkBytes        = 500
)

// Validate checks a profile as the service normalised it. It returns EINVALID with Fields
// naming each bad field with a message-catalogue key ("profile.error_…", or
// ErrBadText for characters that cannot be used, as every form has it).
func (p *Profile) Validate() error {
	f := map[string]string{}
	text := func(field, s string, max int) {
		switch {
		case BadProse(s) || strings.ContainsFunc(s, unicode.IsControl):
			f[field] = ErrBadText
		case TextLen(s) > max:
			f[field] = "profile.error_" + field + "_long"
		}
	}
	text("name_kana", p.NameKana, MaxKanaRunes)
	if _, ok := f["name_kana"]; !ok && !isKana(p.NameKana) {
		f["name_kana"] = "profile.error_name_kana"
	}
	if !prefectureOrNone(p.Hometown) {
		f["hometown"] = "profile.error_prefecture"
	}
	if !prefectureOrNone(p.ResidencePrefecture) {
		f["residence_prefecture"] = "profile.error_prefecture"
	}
	text("residence_city", p.ResidenceCity, MaxCityRunes)
	text("occupation", p.Occupation, MaxOccupationRunes)
	text("affiliation", p.Affiliation, MaxAffiliationRunes)
	if len(p.Skills) > MaxSkills {
		f["skills"] = "profile.error_skills_many"
	}
	for _, s := range p.Skills {
		if TextLen(s) > MaxSkillRunes || strings.ContainsFunc(s, unicode.IsControl) || BadProse(s) {
			f["skills"] = "profile.error_skills_long"
		}
	}
	for _, s := range p.InterestThemes {
		if _, ok := ThemeBySlug(s); !ok {
			f["interest_themes"] = "profile.error_theme"
		}
	}
	for _, c := range p.InterestPrefectures {
		if _, ok := PrefectureByCode(c); !ok {
			f["interest_prefectures"] = "profile.error_prefecture"
		}
	}
	switch {
	case BadProse(p.Bio) || strings.ContainsFunc(p.Bio, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }):
		f["bio"] = ErrBadText
	case TextLen(p.Bio) > MaxBioRunes:
		f["bio"] = "profile.error_bio_long"
	}
	if len(p.Links) > MaxLinks {
		f["links"] = "profile.error_links_many"
	}
	for _, l := range p.Links {
		if !ValidLink(l) {
			f["links"] = "profile.error_link"
		}
	}
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Please check the highlighted fields.", Fields: f}
}

// ValidLink reports whether s is an absolute http or https URL with a
// host, without credentials, of at most MaxLinkBytes bytes.
func ValidLink(s string) bool {
	if len(s) > MaxLinkBytes || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

func prefectureOrNone(c int) bool {
	if c == 0 {
		return true
	}
	_, ok := PrefectureByCode(c)
	return ok
}

// isKana reports whether s holds only hiragana, katakana, the long-vowel
// mark, the middle dot and spaces ("" is fine: the field is optional).
func isKana(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.Hiragana, unicode.Katakana) && r != 'ー' && r != '・' && r != ' ' && r != '゛' && r != '゜' {
			return false
		}
	}
	return true
}
