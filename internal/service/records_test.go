package service_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/credential"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// endedTeam is a team fixture whose participant wrote check-ins of 3 and
// 4 hours and whose work was completed: its record is drafted.
func endedTeam(t *testing.T, db *store.DB) (*teamFixture, *furusato.Record) {
	t.Helper()
	ctx := context.Background()
	f := newTeamFixture(t, db)
	for i, h := range []int{3, 4} {
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.CreateCheckIn(ctx, &furusato.CheckIn{TeamID: f.team.ID, AuthorID: f.member.User.ID,
				PeriodStart: f.at, PeriodEnd: f.at.Add(time.Duration(i+1) * time.Hour), Done: "済", Next: "次", Hours: h}, f.at)
		}); err != nil {
			t.Fatal(err)
		}
	}
	f.at = f.at.Add(60 * 24 * time.Hour)
	if err := f.services.Teams.EndTeamForTest(ctx, f.team.ID, false, ""); err != nil {
		t.Fatal(err)
	}
	mine, err := f.services.Records.Mine(ctx, f.member)
	if err != nil || len(mine) != 1 {
		t.Fatalf("the participant's records after the end = %v, %v", mine, err)
	}
	return f, mine[0]
}

// profileKeys reads the issuer profile's verification methods.
func profileKeys(t *testing.T, f *teamFixture) map[string]ed25519.PublicKey {
	t.Helper()
	b, err := f.services.Records.IssuerProfile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		ID                 string
		VerificationMethod []struct{ ID, Type, Controller, PublicKeyMultibase string }
		AssertionMethod    []string
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if p.ID != "https://furusato.example/ob3/issuer" || len(p.AssertionMethod) != len(p.VerificationMethod) {
		t.Errorf("profile = %s", b)
	}
	out := map[string]ed25519.PublicKey{}
	for _, m := range p.VerificationMethod {
		pub, err := credential.ParseMultikey(m.PublicKeyMultibase)
		if err != nil || m.Type != "Multikey" || m.Controller != p.ID || !strings.HasPrefix(m.PublicKeyMultibase, "z6Mk") {
			t.Errorf("method %+v: %v", m, err)
		}
		out[m.ID] = pub
	}
	if strings.Contains(string(b), "secret") || strings.Contains(string(b), "seed") {
		t.Errorf("the profile shows a secret: %s", b)
	}
	return out
}

// verifyWithProfile checks doc's proof against the key the issuer
// profile publishes for its verification method.
func verifyWithProfile(t *testing.T, f *teamFixture, raw []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	vm := doc["proof"].(map[string]any)["verificationMethod"].(string)
	pub, ok := profileKeys(t, f)[vm]
	if !ok {
		t.Fatalf("verification method %s is not published", vm)
	}
	if err := credential.Verify(doc, pub); err != nil {
		t.Fatalf("%s: %v", vm, err)
	}
	return doc
}

func TestRecords_DraftConfirmPublishRevoke(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, r := endedTeam(t, db)
		recs := f.services.Records
		if r.Status != furusato.RecordDraft || r.ReportedHours != 7 || r.Hours != 7 || r.Public ||
			r.CompanyID != f.team.CompanyID || !r.End.Equal(f.at.Truncate(time.Millisecond)) || r.ProjectTitle != f.project.Title {
			t.Fatalf("draft = %+v", r)
		}
		// The company's staff are asked to confirm it.
		todo, err := recs.ToConfirm(ctx, f.staff)
		if err != nil || len(todo) != 1 || todo[0].ID != r.ID {
			t.Errorf("staff's records to confirm = %v, %v", todo, err)
		}
		if todo, _ := recs.ToConfirm(ctx, f.otherStaff); len(todo) != 0 {
			t.Errorf("another company's staff see %v", todo)
		}
		if notes, _, err := f.services.Notifier.List(ctx, f.staff, 50, 0); err != nil || !hasNotice(notes, furusato.NoticeRecord) {
			t.Errorf("staff's notices = %v, %v", notes, err)
		}
		// Nobody but the company confirms; words need consent; bad text is a field error.
		good := furusato.RecordConfirmation{Role: "EC担当", Hours: 8}
		for name, a := range map[string]*furusato.Actor{"participant": f.member, "coordinator": f.gifu, "admin": f.admin} {
			if _, err := recs.Confirm(ctx, a, r.ID, good); code(err) != furusato.EFORBIDDEN {
				t.Errorf("%s confirms: %v, want EFORBIDDEN", name, err)
			}
		}
		if _, err := recs.Confirm(ctx, f.otherStaff, r.ID, good); code(err) != furusato.ENOTFOUND {
			t.Errorf("another company's staff confirm: %v, want ENOTFOUND", err)
		}
		for name, c := range map[string]furusato.RecordConfirmation{
			"consent": {Role: "EC担当", Hours: 8, Words: "よく働いてくれました"},
			"words":   {Role: "EC担当", Hours: 8, Words: "a\x00b", Consent: true},
			"role":    {Role: strings.Repeat("長", 101), Hours: 8},
			"hours":   {Role: "EC担当", Hours: -1},
			"words ":  {Role: "EC担当", Hours: 8, Words: strings.Repeat("x", 10000), Consent: true},
		} {
			_, err := recs.Confirm(ctx, f.staff, r.ID, c)
			var fe *furusato.Error
			if code(err) != furusato.EINVALID || !errorsAs(err, &fe) || fe.Fields[strings.TrimSpace(name)] == "" {
				t.Errorf("%s: %v, want a field error on %s", name, err, name)
			}
		}
		words := "最後まで丁寧に取り組んでくださいました。"
		issued, err := recs.Confirm(ctx, f.staff, r.ID, furusato.RecordConfirmation{Role: " EC担当 ", Hours: 8, Words: words + " ", Consent: true})
		if err != nil {
			t.Fatal(err)
		}
		if issued.Status != furusato.RecordIssued || issued.Hours != 8 || issued.Role != "EC担当" || !issued.WordsConsent || issued.Words != words {
			t.Errorf("issued = %+v", issued)
		}
		if _, err := recs.Confirm(ctx, f.staff, r.ID, good); code(err) != furusato.ECONFLICT {
			t.Errorf("second confirmation: %v, want ECONFLICT", err)
		}
		if notes, _, _ := f.services.Notifier.List(ctx, f.member, 50, 0); !hasNotice(notes, furusato.NoticeRecord) {
			t.Errorf("the participant was not told: %v", notes)
		}

		// Private by default: the credential is not served, even to its owner.
		if _, err := recs.Credential(ctx, r.ID); code(err) != furusato.ENOTFOUND {
			t.Errorf("private credential: %v, want ENOTFOUND", err)
		}
		if _, err := recs.View(ctx, nil, r.ID); code(err) != furusato.EUNAUTHORIZED {
			t.Errorf("visitor on a private record: %v", err)
		}
		if _, err := recs.View(ctx, f.otherStaff, r.ID); code(err) != furusato.ENOTFOUND {
			t.Errorf("another company on a private record: %v", err)
		}
		if err := recs.SetPublic(ctx, f.staff, r.ID, true); code(err) != furusato.EFORBIDDEN {
			t.Errorf("staff publish: %v, want EFORBIDDEN", err)
		}
		if err := recs.SetPublic(ctx, f.member, r.ID, true); err != nil {
			t.Fatal(err)
		}
		v, err := recs.View(ctx, nil, r.ID)
		if err != nil || v.CredentialURL != "https://furusato.example/ob3/credentials/"+itoa(r.ID) || v.Can[policy.RecordPublish] {
			t.Fatalf("public view = %+v, %v", v, err)
		}
		raw, err := recs.Credential(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		doc := verifyWithProfile(t, f, raw)
		if doc["id"] != v.CredentialURL || !strings.Contains(string(raw), words) || !strings.Contains(string(raw), `"role":"EC担当"`) {
			t.Errorf("credential = %s", raw)
		}
		status := doc["credentialStatus"].(map[string]any)
		if status["statusListCredential"] != "https://furusato.example/ob3/status/1" || status["statusListIndex"] != itoa(r.ID) {
			t.Errorf("credentialStatus = %v", status)
		}
		if bitSet(t, f, r.ID) {
			t.Error("bit set before revocation")
		}

		// Revocation: admins only, with a reason, once.
		if err := recs.Revoke(ctx, f.gifu, r.ID, "理由"); code(err) != furusato.EFORBIDDEN {
			t.Errorf("coordinator revokes: %v", err)
		}
		if err := recs.Revoke(ctx, f.admin, r.ID, "  "); code(err) != furusato.EINVALID {
			t.Errorf("revoke without a reason: %v", err)
		}
		f.at = f.at.Add(time.Hour)
		if err := recs.Revoke(ctx, f.admin, r.ID, "記載の期間に誤りがありました。"); err != nil {
			t.Fatal(err)
		}
		if err := recs.Revoke(ctx, f.admin, r.ID, "もう一度"); code(err) != furusato.ECONFLICT {
			t.Errorf("second revoke: %v, want ECONFLICT", err)
		}
		if !bitSet(t, f, r.ID) {
			t.Error("bit not set after revocation")
		}
		v, err = recs.View(ctx, nil, r.ID)
		if err != nil || v.Record.Status != furusato.RecordRevoked || v.Record.RevokeReason != "記載の期間に誤りがありました。" {
			t.Errorf("revoked view = %+v, %v", v, err)
		}
		// The credential of a revoked public record is still served: its status says revoked.
		if _, err := recs.Credential(ctx, r.ID); err != nil {
			t.Errorf("revoked credential: %v", err)
		}
	})
}

func TestRecords_EarlyEndDraftsNothing(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		if err := f.services.Teams.EndTeamForTest(ctx, f.team.ID, true, "本業の事情"); err != nil {
			t.Fatal(err)
		}
		if mine, err := f.services.Records.Mine(ctx, f.member); err != nil || len(mine) != 0 {
			t.Errorf("records after an early end = %v, %v", mine, err)
		}
	})
}

func TestRecords_NoWordsNoEvidence(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		g, r := endedTeam(t, db)
		issued, err := g.services.Records.Confirm(ctx, g.staff, r.ID, furusato.RecordConfirmation{Role: "参加者", Hours: 7, Consent: true})
		if err != nil {
			t.Fatal(err)
		}
		if issued.WordsConsent || issued.Words != "" || strings.Contains(issued.Credential, "evidence") {
			t.Errorf("no words, yet = %+v", issued)
		}
	})
}

func TestRecords_OneKeyAcrossNodesAndRotationKeepsOldKeys(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, r := endedTeam(t, db)
		other := newServices(t, db, func() time.Time { return f.at }, "https://furusato.example")
		k1, err := f.services.Records.EnsureKey(ctx)
		if err != nil {
			t.Fatal(err)
		}
		k2, err := other.Records.EnsureKey(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(k1) != 1 || len(k2) != 1 || k1[0].Name != "key-1" || !bytes.Equal(k1[0].Public, k2[0].Public) {
			t.Fatalf("keys of two nodes = %+v / %+v", k1, k2)
		}
		if _, err := f.services.Records.Confirm(ctx, f.staff, r.ID, furusato.RecordConfirmation{Role: "参加者", Hours: 7}); err != nil {
			t.Fatal(err)
		}
		if err := f.services.Records.SetPublic(ctx, f.member, r.ID, true); err != nil {
			t.Fatal(err)
		}
		name, err := other.Records.RotateKey(ctx)
		if err != nil || name != "key-2" {
			t.Fatalf("rotate = %q, %v", name, err)
		}
		keys := profileKeys(t, f)
		if len(keys) != 2 {
			t.Fatalf("published keys after rotation = %v", keys)
		}
		old, err := f.services.Records.Credential(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if doc := verifyWithProfile(t, f, old); !strings.HasSuffix(doc["proof"].(map[string]any)["verificationMethod"].(string), "#key-1") {
			t.Errorf("old credential signed by %v", doc["proof"])
		}
		// What is signed from now on is signed by key-2: the status list, on a revocation.
		if err := f.services.Records.Revoke(ctx, f.admin, r.ID, "テスト"); err != nil {
			t.Fatal(err)
		}
		list, err := f.services.Records.StatusList(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if doc := verifyWithProfile(t, f, list); !strings.HasSuffix(doc["proof"].(map[string]any)["verificationMethod"].(string), "#key-2") {
			t.Errorf("status list signed by %v", doc["proof"])
		}
	})
}

// bitSet reports whether record id's bit is set on status list 1, after
// checking the list's signature.
func bitSet(t *testing.T, f *teamFixture, id int64) bool {
	t.Helper()
	raw, err := f.services.Records.StatusList(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	doc := verifyWithProfile(t, f, raw)
	enc := doc["credentialSubject"].(map[string]any)["encodedList"].(string)
	gz, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(enc, "u"))
	if err != nil || !strings.HasPrefix(enc, "u") {
		t.Fatalf("encodedList %q: %v", enc, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	bits, err := io.ReadAll(zr)
	if err != nil || len(bits)*8 < 131072 {
		t.Fatalf("bitstring of %d bytes: %v", len(bits), err)
	}
	return bits[id/8]&(0x80>>(id%8)) != 0
}

// hasNotice reports whether ns holds a notice of kind k that names its
// project (the texts read the "project" parameter).
func hasNotice(ns []*furusato.Notice, k furusato.NoticeKind) bool {
	for _, n := range ns {
		if n.Kind == k && n.Params["project"] != "" {
			return true
		}
	}
	return false
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func errorsAs(err error, fe **furusato.Error) bool { return errors.As(err, fe) }

// TestRecords_ConcurrentRevocationsKeepBothBits: two admins revoke two
// records of one status list at once (two nodes): the list that stays
// has both bits set, on both engines.
func TestRecords_ConcurrentRevocationsKeepBothBits(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		second := f.newParticipant(t, "二人目の参加者")
		e := f.submit(t, second, f.project)
		f.move(t, e, furusato.StageOffered)
		if err := f.entries.Accept(ctx, second, e.ID); err != nil {
			t.Fatal(err)
		}
		f.at = f.at.Add(30 * 24 * time.Hour)
		if err := f.services.Teams.EndTeamForTest(ctx, f.team.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, a := range []*furusato.Actor{f.member, second} {
			mine, err := f.services.Records.Mine(ctx, a)
			if err != nil || len(mine) != 1 {
				t.Fatalf("records = %v, %v", mine, err)
			}
			if _, err := f.services.Records.Confirm(ctx, f.staff, mine[0].ID, furusato.RecordConfirmation{Role: "参加者", Hours: 1}); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, mine[0].ID)
		}
		if _, err := f.services.Records.StatusList(ctx, 1); err != nil { // signed once before, with no bit set
			t.Fatal(err)
		}
		other := newServices(t, db, func() time.Time { return f.at }, "https://furusato.example")
		errs := make(chan error, 2)
		go func() { errs <- f.services.Records.Revoke(ctx, f.admin, ids[0], "一件目") }()
		go func() { errs <- other.Records.Revoke(ctx, f.admin, ids[1], "二件目") }()
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range ids {
			if !bitSet(t, f, id) {
				t.Errorf("record %d's bit is not set", id)
			}
		}
		if _, err := f.services.Records.StatusList(ctx, 2); code(err) != furusato.ENOTFOUND {
			t.Errorf("a list past the last record: %v", err)
		}
	})
}

// The person's records are in their data export; another person's are not.
func TestRecords_InTheParticipantsDataExport(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, rec := endedTeam(t, db)
		x, err := f.services.PersonalData.ExportData(ctx, f.member, "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		if got := x.Teams.Records; len(got) != 1 || got[0].Project != rec.ProjectTitle || got[0].Hours != 7 || got[0].Status != "draft" {
			t.Errorf("exported records = %+v", got)
		}
		y, err := f.services.PersonalData.ExportData(ctx, f.newParticipant(t, "別の人"), "192.0.2.9")
		if err != nil || len(y.Teams.Records) != 0 {
			t.Errorf("another person's export holds records: %+v, %v", y.Teams.Records, err)
		}
	})
}
