package api_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// TestAPIProjectFacts_ReadAndWritten: the public detail and the managed
// project state the facts (reward basis, places left, interviews,
// selection, introductions); a PATCH sets them under the form's names,
// and hostile or out-of-bounds values are 400 "invalid" with the field,
// nothing written.
func TestAPIProjectFacts_ReadAndWritten(t *testing.T) {
	s := newSite(t)
	coord, _ := s.token("coordinator.gifu@demo.furusato.example")
	p, err := s.db.FindProject(context.Background(), "gifu-watercress-evangelist", nil)
	if err != nil {
		t.Fatal(err)
	}
	type detail struct {
		Reward struct {
			Type   string `json:"type"`
			Amount int    `json:"amount"`
			Basis  string `json:"basis"`
		} `json:"reward"`
		Places         int      `json:"places"`
		PlacesLeft     int      `json:"places_left"`
		RewardNote     string   `json:"reward_note"`
		InterviewStyle *string  `json:"interview_style"`
		WorkTimes      string   `json:"work_times"`
		SelectionSteps []string `json:"selection_steps"`
		ResponseDays   *int     `json:"response_days"`
		HostIntro      string   `json:"host_intro"`
		SupporterIntro string   `json:"supporter_intro"`
		Version        int64    `json:"version"`
		RewardBasis    string   `json:"reward_basis"`
	}
	read := func(path string, headers ...string) detail {
		t.Helper()
		r := s.call("GET", path, "", headers...)
		r.want(t, "read "+path, 200, "")
		var d detail
		if err := json.Unmarshal([]byte(r.body), &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	d := read("/api/v1/projects/gifu-watercress-evangelist")
	if d.Reward.Basis != "month" || d.PlacesLeft != d.Places || d.InterviewStyle == nil || *d.InterviewStyle != "either" ||
		d.ResponseDays == nil || *d.ResponseDays != 7 || strings.Join(d.SelectionSteps, "/") != "書類選考/オンライン面談/参画決定" ||
		!strings.Contains(d.RewardNote, "15,000円") || d.WorkTimes == "" || d.HostIntro == "" || d.SupporterIntro == "" {
		t.Errorf("public detail: %+v", d)
	}
	path := "/api/v1/projects/" + strconv.FormatInt(p.ID, 10)
	body := `{"version":` + strconv.FormatInt(d.Version, 10) + `,"reward_amount":60000,"reward_basis":"total","interview_style":"online",` +
		`"selection_steps":["書類選考 → 面談","参画決定"],"response_days":14,"work_times":"土日中心","reward_note":"交通費は上限1万円"}`
	r := s.call("PATCH", path, body, s.bearer(coord)...)
	r.want(t, "patch facts", 200, "")
	if !strings.Contains(r.body, `"reward_basis":"total"`) || !strings.Contains(r.body, `"response_days":14`) {
		t.Errorf("patch reply: %s", r.body)
	}
	m := read(path, s.bearer(coord)...)
	if m.Reward.Basis != "total" || *m.InterviewStyle != "online" || strings.Join(m.SelectionSteps, "/") != "書類選考/面談/参画決定" ||
		*m.ResponseDays != 14 || m.WorkTimes != "土日中心" || m.RewardNote != "交通費は上限1万円" || m.HostIntro != d.HostIntro {
		t.Errorf("managed after patch: %+v", m)
	}
	for field, value := range map[string]string{"work_times": `"safe\u202egnp.exe"`, "reward_note": `"a\u0000b"`,
		"host_intro": `"` + strings.Repeat("あ", 10000) + `"`, "response_days": "61", "interview_style": `"phone"`,
		"reward_basis": `"year"`, "selection_steps": `["` + strings.Repeat("段", 41) + `"]`} {
		r := s.call("PATCH", path, `{"version":`+strconv.FormatInt(m.Version, 10)+`,"`+field+`":`+value+`}`, s.bearer(coord)...)
		r.want(t, "bad "+field, 400, "invalid")
		if !strings.Contains(r.body, `"`+field+`"`) {
			t.Errorf("bad %s: %s", field, r.body)
		}
	}
	if again := read(path, s.bearer(coord)...); again.Version != m.Version {
		t.Errorf("a refused patch wrote: version %d, was %d", again.Version, m.Version)
	}
}
