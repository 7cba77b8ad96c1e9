package api

import (
	"encoding/json"
	"math/rand/v2"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// jsonHostile is text the hand-written encoder must write as encoding/json
// does: markup, quotes, every control character, invalid UTF-8 (lone
// continuation bytes, a cut sequence, an encoded surrogate, an overlong
// form), the line and paragraph separators, bidi overrides, characters of
// every UTF-8 length, and long text.
func jsonHostile() []string {
	ss := []string{"", `<script>alert("x")</script>&amp;'`, `back\slash "quoted"`, "\u2028\u2029", "\u202e逆\u202c",
		"\xff", "a\x80b", "\xe3\x81", "\xed\xa0\x80", "\xc0\xaf", "é日本語🎌", "\x7f\u0085\u00a0\ufeff\ufffd", strings.Repeat("長い<文>", 10000)}
	var ctl []byte
	for c := range 0x20 {
		ctl = append(ctl, byte(c))
	}
	ss = append(ss, string(ctl))
	for c := range 256 {
		ss = append(ss, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"y")
	}
	rnd := rand.New(rand.NewPCG(12, 2))
	for range 500 {
		b := make([]byte, rnd.IntN(40))
		for i := range b {
			switch rnd.IntN(4) {
			case 0:
				b[i] = byte(rnd.IntN(256))
			case 1:
				b[i] = "<>&\"\\\n\t\x00"[rnd.IntN(8)]
			default:
				b[i] = byte('a' + rnd.IntN(26))
			}
		}
		ss = append(ss, string(b)+"日本\u2028")
	}
	return ss
}

// TestProjectListJSON_IsEncodingJSON: the project list written by hand is
// byte for byte json.Marshal's, with hostile text in every string field,
// themes nil, empty and several, and no projects at all.
func TestProjectListJSON_IsEncodingJSON(t *testing.T) {
	hostile := jsonHostile()
	for i, s := range hostile {
		t1 := hostile[(i+1)%len(hostile)]
		ps := projectSummary{
			projectCommon: projectCommon{ID: int64(i) - 3, Slug: s, Title: t1, CatchCopy: s + t1, Prefecture: prefectureJS{Code: i, Slug: s, Name: t1, NameEn: s},
				City: s, WorkStyle: s, HoursPerWeek: -i, DurationMonths: i * 1000003, Reward: rewardJS{Type: s, Amount: i << 20, Basis: t1},
				TravelCost: s, Places: i, PlacesLeft: i / 2, Status: t1, Open: i%2 == 0, Deadline: s, PublishedAt: t1, URL: "https://x.example/projects/" + s},
			Company: refJS{Slug: s, Name: t1}, Organization: refJS{Slug: t1, Name: s},
		}
		switch i % 3 {
		case 1:
			ps.Themes = []themeJS{}
		case 2:
			ps.Themes = []themeJS{{Slug: s, Name: t1, NameEn: s}, {Slug: "pr", Name: "広報", NameEn: "PR"}}
		}
		l := projectList{Projects: []projectSummary{ps, ps}, Total: i, More: i%2 == 1, Page: i + 1, PerPage: 20}
		want, err := json.Marshal(&l)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.appendJSON(nil); string(got) != string(want) {
			t.Fatalf("text %q:\ngot  %s\nwant %s", s, got, want)
		}
	}
	for _, l := range []projectList{{}, {Projects: []projectSummary{}}} {
		want, _ := json.Marshal(&l)
		if got := l.appendJSON(nil); string(got) != string(want) {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

// TestWriteProjectList_IsWriteOK: the list is sent with writeOK's status,
// headers and body, also when the pooled buffer was used before.
func TestWriteProjectList_IsWriteOK(t *testing.T) {
	for _, s := range []string{"長い<文>", "", strings.Repeat("x", 100000), "short"} {
		l := projectList{Projects: []projectSummary{{projectCommon: projectCommon{Title: s}}}, Total: 1, Page: 1, PerPage: 20}
		want, got := httptest.NewRecorder(), httptest.NewRecorder()
		writeOK(want, l)
		writeProjectList(got, &l)
		if got.Code != want.Code || !reflect.DeepEqual(got.Header(), want.Header()) || got.Body.String() != want.Body.String() {
			t.Errorf("writeProjectList: %d %v %q\nwriteOK: %d %v %q", got.Code, got.Header(), got.Body.String(), want.Code, want.Header(), want.Body.String())
		}
	}
}
