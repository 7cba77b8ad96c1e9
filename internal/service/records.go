package service

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/credential"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// IssuerName is the name the credentials give their issuer, the platform.
const IssuerName = "ふるさと兼業 (Furusato)"

// The stable paths of the credential documents and the record pages;
// the documents name them under the public origin (Config.BaseURL).
const (
	IssuerPath = "/ob3/issuer"
)

// RecordPath is the public verification page of record id.
func RecordPath(id int64) string { return fmt.Sprintf("/records/%d", id) }

// CredentialPath is where record id's OpenBadgeCredential is served.
func CredentialPath(id int64) string { return fmt.Sprintf("/ob3/credentials/%d", id) }

// StatusListPath is where status list n is served.
func StatusListPath(n int64) string { return fmt.Sprintf("/ob3/status/%d", n) }

// statusList returns the status list that holds record id's bit and its
// first id: list 1 holds ids 0–131071, list 2 the next 131072, and so on.
func statusList(id int64) (n, first int64) {
	n = id/credential.StatusListBits + 1
	return n, (n - 1) * credential.StatusListBits
}

// Records is the use cases of participation records (issue 10): drafted
// when a team's work is completed, confirmed by the company (which issues
// the signed Open Badges 3.0 credential), shown or hidden by the
// participant, revoked by an admin; and the platform's signing keys, the
// issuer profile and the revocation status lists that make the
// credentials verifiable by anyone.
type Records struct {
	db      *store.DB
	now     func() time.Time
	notify  *Notifier
	baseURL string
}

// NewRecords returns Records over db; documents and links start with
// baseURL, the public origin.
func NewRecords(db *store.DB, now func() time.Time, notify *Notifier, baseURL string) *Records {
	return &Records{db: db, now: now, notify: notify, baseURL: strings.TrimRight(baseURL, "/")}
}

func (s *Records) issuer() credential.Issuer {
	return credential.Issuer{ID: s.baseURL + IssuerPath, Name: IssuerName}
}

// DraftOnEnd is the TeamEndHook that drafts a record for each participant
// of team t when its work is completed, with the hours of their check-ins,
// and asks the company's staff to confirm them. An early end drafts
// nothing: the record certifies a completed participation (issue 10, item
// 8), and an early end's reasons are not the participant's to be
// certified for; the company can still write about it elsewhere.
func (s *Records) DraftOnEnd(ctx context.Context, tx *store.Tx, t *furusato.Team, now time.Time) error {
	if t.EndedEarly {
		return nil
	}
	members, err := tx.FindTeamMembers(ctx, t.ID)
	if err != nil {
		return err
	}
	p, err := tx.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return err
	}
	co, err := tx.FindCompanyByID(ctx, t.CompanyID)
	if err != nil {
		return err
	}
	start := t.KickoffAt
	if start.IsZero() || start.After(now) {
		start = t.CreatedAt
	}
	seen := map[int64]bool{}
	for _, m := range members {
		if m.Role != furusato.TeamParticipant || seen[m.UserID] {
			continue
		}
		seen[m.UserID] = true
		hours, err := tx.SumCheckInHours(ctx, t.ID, m.UserID)
		if err != nil {
			return err
		}
		r := &furusato.Record{TeamID: t.ID, ProjectID: t.ProjectID, CompanyID: t.CompanyID,
			OrganizationID: t.OrganizationID, UserID: m.UserID, ProjectTitle: p.Title, CompanyName: co.Name,
			ParticipantName: m.Name, Start: start, End: now, ReportedHours: min(hours, furusato.MaxRecordHours)}
		created, err := tx.CreateRecord(ctx, r, now)
		if err != nil {
			return err
		}
		if !created {
			continue
		}
		for _, staff := range members {
			if staff.Role != furusato.TeamCompanyStaff {
				continue
			}
			if err := s.notify.Notify(ctx, tx, furusato.Notice{UserID: staff.UserID, Kind: furusato.NoticeRecord,
				ProjectID: t.ProjectID, Params: map[string]string{furusato.ParamProject: p.Title},
				Link: RecordConfirmPath(r.ID)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// RecordConfirmPath is the company's form that confirms record id.
func RecordConfirmPath(id int64) string { return RecordPath(id) + "/confirm" }

// RecordView is a record as its page shows it to the actor.
type RecordView struct {
	Record *furusato.Record
	// Can holds the record actions the actor may take now.
	Can map[policy.Action]bool
	// CredentialURL is the absolute URL of the credential, "" while it is
	// not served (a draft, or a private record).
	CredentialURL string
	IssuerURL     string
	IssuerName    string
}

// load reads record id and decides act for the actor on it.
func (s *Records) load(ctx context.Context, q interface {
	FindRecord(context.Context, int64) (*furusato.Record, error)
}, actor *furusato.Actor, id int64, act policy.Action) (*furusato.Record, error) {
	r, err := q.FindRecord(ctx, id)
	if err != nil {
		return nil, err
	}
	return r, policy.Record(actor, act, r.Scope())
}

// View returns record id as the actor may see it (policy.RecordView): a
// public issued or revoked record is everyone's to see; a private one or a
// draft only its participant's, the company's, the coordinators' and the
// admins'.
func (s *Records) View(ctx context.Context, actor *furusato.Actor, id int64) (*RecordView, error) {
	r, err := s.load(ctx, s.db, actor, id, policy.RecordView)
	if err != nil {
		return nil, err
	}
	v := &RecordView{Record: r, Can: map[policy.Action]bool{}, IssuerURL: s.baseURL + IssuerPath, IssuerName: IssuerName}
	for _, act := range policy.RecordActions() {
		v.Can[act] = policy.Record(actor, act, r.Scope()) == nil
	}
	if r.Shown() {
		v.CredentialURL = s.baseURL + CredentialPath(r.ID)
	}
	return v, nil
}

// Mine returns the actor's own records, newest first.
func (s *Records) Mine(ctx context.Context, actor *furusato.Actor) ([]*furusato.Record, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	return s.db.FindUserRecords(ctx, actor.User.ID)
}

// ToConfirm returns the drafts waiting for the actor as a company's staff
// (none for anyone else), oldest first.
func (s *Records) ToConfirm(ctx context.Context, actor *furusato.Actor) ([]*furusato.Record, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	var cos []int64
	for _, m := range actor.Memberships {
		if m.Role == furusato.RoleCompanyStaff && m.CompanyID != 0 {
			cos = append(cos, m.CompanyID)
		}
	}
	return s.db.FindDraftRecords(ctx, cos)
}

// Confirm is the company's confirmation of record id (policy.
// RecordConfirm): the participant's role as the company words it, the
// hours, corrected if need be, and the company's words with its consent
// (c.Validate: words without consent are a field error). It issues the
// record with its signed credential and tells the participant, in one
// transaction; a second confirmation at once gets ECONFLICT.
func (s *Records) Confirm(ctx context.Context, actor *furusato.Actor, id int64, c furusato.RecordConfirmation) (*furusato.Record, error) {
	c.Normalize()
	var out *furusato.Record
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := s.load(ctx, tx, actor, id, policy.RecordConfirm)
		if err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		now := s.now()
		r.Hours, r.Role, r.Words, r.WordsConsent, r.ConfirmedBy = c.Hours, c.Role, c.Words, c.Consent && c.Words != "", actor.User.ID
		signer, err := s.signer(ctx, tx, now)
		if err != nil {
			return err
		}
		doc, err := s.badge(r, now)
		if err != nil {
			return err
		}
		signed, err := signer.Sign(doc, now)
		if err != nil {
			return err
		}
		b, err := json.Marshal(signed)
		if err != nil {
			return err
		}
		r.Credential = string(b)
		if err := tx.IssueRecord(ctx, r, now); err != nil {
			return err
		}
		r.Status, r.IssuedAt = furusato.RecordIssued, now.UTC().Truncate(time.Millisecond)
		out = r
		return s.notify.Notify(ctx, tx, furusato.Notice{UserID: r.UserID, Kind: furusato.NoticeRecord,
			ProjectID: r.ProjectID, Params: map[string]string{furusato.ParamProject: r.ProjectTitle}, Link: RecordPath(r.ID)})
	})
	return out, err
}

// badge is the unsigned OpenBadgeCredential of record r, issued at now.
func (s *Records) badge(r *furusato.Record, now time.Time) (map[string]any, error) {
	day := func(t time.Time) string { return t.In(furusato.JST).Format("2006-01-02") }
	n, _ := statusList(r.ID)
	desc := fmt.Sprintf("%sの「%s」に%sとして参加しました（%s〜%s、%d時間。時間は会社が定例報告から確認しました）。 "+
		"Took part in %q of %s as %s from %s to %s, %d hours as confirmed by the company from the team's check-ins.",
		r.CompanyName, r.ProjectTitle, r.Role, day(r.Start), day(r.End), r.Hours,
		r.ProjectTitle, r.CompanyName, r.Role, day(r.Start), day(r.End), r.Hours)
	b := credential.Badge{
		ID: s.baseURL + CredentialPath(r.ID), Name: "参加の記録 / Participation record: " + r.ProjectTitle,
		Issuer: s.issuer(), ValidFrom: now, SubjectName: r.ParticipantName, Role: r.Role, Start: r.Start, End: r.End,
		AchievementID: s.baseURL + RecordPath(r.ID) + "#achievement", AchievementName: r.ProjectTitle,
		Description: desc,
		Criteria: "地域の企業・団体のプロジェクトにチームの一員として最後まで取り組み、その時間を受け入れ企業が確認したこと。 " +
			"Worked on a regional company's project as a member of its team until it was completed, with the hours confirmed by the host company.",
		Status: &credential.StatusEntry{List: s.baseURL + StatusListPath(n), Index: r.ID % credential.StatusListBits},
	}
	if r.WordsConsent && r.Words != "" {
		b.Words, b.WordsTitle = r.Words, r.CompanyName+"より / From "+r.CompanyName
	}
	return b.Document()
}

// SetPublic makes record id public or private (policy.RecordPublish: its
// participant only); from is the state the page showed.
func (s *Records) SetPublic(ctx context.Context, actor *furusato.Actor, id int64, public bool) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := s.load(ctx, tx, actor, id, policy.RecordPublish)
		if err != nil {
			return err
		}
		if r.Public == public {
			return nil
		}
		return tx.SetRecordPublic(ctx, id, r.Public, public)
	})
}

// Revoke revokes record id with the admin's reason (policy.RecordRevoke),
// sets its bit on its status list and re-signs the list, and tells the
// participant, in one transaction. Revocation is final.
func (s *Records) Revoke(ctx context.Context, actor *furusato.Actor, id int64, reason string) error {
	reason = strings.TrimSpace(furusato.Newlines(reason))
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := s.load(ctx, tx, actor, id, policy.RecordRevoke)
		if err != nil {
			return err
		}
		if err := furusato.ValidateRevokeReason(reason); err != nil {
			return err
		}
		now := s.now()
		n, _ := statusList(id)
		if err := tx.LockStatusList(ctx, n, now); err != nil {
			return err
		}
		if err := tx.RevokeRecord(ctx, id, reason, actor.User.ID, now); err != nil {
			return err
		}
		doc, err := s.signStatusList(ctx, tx, n, now)
		if err != nil {
			return err
		}
		if err := tx.PutStatusList(ctx, n, doc, now); err != nil {
			return err
		}
		return s.notify.Notify(ctx, tx, furusato.Notice{UserID: r.UserID, Kind: furusato.NoticeRecord,
			ProjectID: r.ProjectID, Params: map[string]string{furusato.ParamProject: r.ProjectTitle}, Link: RecordPath(r.ID)})
	})
}

// signStatusList returns status list n with the bits of its revoked
// records set, signed with the current key at now.
func (s *Records) signStatusList(ctx context.Context, tx *store.Tx, n int64, now time.Time) (string, error) {
	first := (n - 1) * credential.StatusListBits
	ids, err := tx.FindRevokedRecordIDs(ctx, first, first+credential.StatusListBits)
	if err != nil {
		return "", err
	}
	for i := range ids {
		ids[i] -= first
	}
	doc, err := credential.StatusList(s.baseURL+StatusListPath(n), s.issuer().ID, now, ids)
	if err != nil {
		return "", err
	}
	signer, err := s.signer(ctx, tx, now)
	if err != nil {
		return "", err
	}
	signed, err := signer.Sign(doc, now)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(signed)
	return string(b), err
}

// Credential returns the signed OpenBadgeCredential of record id, for
// anyone, while the record is public and issued (or revoked: its status
// says so); ENOTFOUND otherwise, its participant included (a private
// record has no public credential).
func (s *Records) Credential(ctx context.Context, id int64) ([]byte, error) {
	r, err := s.db.FindRecord(ctx, id)
	if err != nil {
		return nil, err
	}
	if !r.Shown() || r.Credential == "" {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Record not found.")
	}
	return []byte(r.Credential), nil
}

// StatusList returns the signed status list credential n. A list that
// holds no issued record yet is not found; one that exists but was never
// signed (no revocation on it yet) is signed and stored on first request,
// and the stored one wins when two nodes do so at once.
func (s *Records) StatusList(ctx context.Context, n int64) ([]byte, error) {
	if n < 1 {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Status list not found.")
	}
	doc, err := s.db.FindStatusList(ctx, n)
	if err == nil {
		return []byte(doc), nil
	}
	if furusato.ErrorCode(err) != furusato.ENOTFOUND {
		return nil, err
	}
	if top, err := s.db.MaxRecordID(ctx); err != nil {
		return nil, err
	} else if last, _ := statusList(top); n > last {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Status list not found.")
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.now()
		d, err := s.signStatusList(ctx, tx, n, now)
		if err != nil {
			return err
		}
		return tx.AddStatusList(ctx, n, d, now) // a list locked and put meanwhile (a revocation) wins
	})
	if err != nil {
		return nil, err
	}
	doc, err = s.db.FindStatusList(ctx, n)
	return []byte(doc), err
}

// IssuerProfile returns the issuer profile: the Profile that is also the
// controller document of every signing key, old ones included, so that
// every credential ever signed verifies. It makes the first key if there
// is none yet.
func (s *Records) IssuerProfile(ctx context.Context) ([]byte, error) {
	keys, err := s.EnsureKey(ctx)
	if err != nil {
		return nil, err
	}
	var pub []credential.Key
	for _, k := range keys {
		pub = append(pub, credential.Key{ID: k.Name, Public: k.Public, CreatedAt: k.CreatedAt})
	}
	p, err := s.issuer().Profile(s.baseURL+"/", pub)
	if err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

// EnsureKey makes the platform's first signing key ("key-1") when there is
// none, and returns every key, oldest first. Every node and every start
// finds the same key: the database keeps it, and two nodes making it at
// once keep one. `furusato serve` calls it at start.
func (s *Records) EnsureKey(ctx context.Context) ([]furusato.SigningKey, error) {
	keys, err := s.db.FindSigningKeys(ctx)
	if err != nil || len(keys) > 0 {
		return keys, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := s.signer(ctx, tx, s.now())
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.db.FindSigningKeys(ctx)
}

// RotateKey adds the next signing key ("key-2", …), which signs from now
// on; the old ones stay published in the issuer profile so that what they
// signed still verifies. For operators (`furusato keys rotate`), not a
// page. ECONFLICT when another node rotated at the same moment.
func (s *Records) RotateKey(ctx context.Context) (string, error) {
	var name string
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		keys, err := tx.FindSigningKeys(ctx)
		if err != nil {
			return err
		}
		name = "key-" + strconv.Itoa(len(keys)+1)
		added, err := addKey(ctx, tx, name, s.now())
		if err != nil {
			return err
		}
		if !added {
			return furusato.Errorf(furusato.ECONFLICT, "The key was rotated at the same moment elsewhere.")
		}
		return nil
	})
	return name, err
}

// signer returns the signer of the newest key, making "key-1" first when
// there is no key (in tx, so a credential and the key it needs commit
// together).
func (s *Records) signer(ctx context.Context, tx *store.Tx, now time.Time) (credential.Signer, error) {
	keys, err := tx.FindSigningKeys(ctx)
	if err != nil {
		return credential.Signer{}, err
	}
	if len(keys) == 0 {
		if _, err := addKey(ctx, tx, "key-1", now); err != nil {
			return credential.Signer{}, err
		}
		if keys, err = tx.FindSigningKeys(ctx); err != nil {
			return credential.Signer{}, err
		}
		if len(keys) == 0 {
			return credential.Signer{}, fmt.Errorf("records: no signing key after making one")
		}
	}
	k := keys[len(keys)-1]
	if len(k.Seed) != ed25519.SeedSize {
		return credential.Signer{}, fmt.Errorf("records: signing key %s is damaged", k.Name)
	}
	return credential.Signer{Key: ed25519.NewKeyFromSeed(k.Seed), VerificationMethod: s.issuer().Method(k.Name)}, nil
}

// addKey makes a fresh Ed25519 key named name and stores it unless a key
// of that name exists.
func addKey(ctx context.Context, tx *store.Tx, name string, now time.Time) (bool, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return false, err
	}
	return tx.AddSigningKey(ctx, &furusato.SigningKey{Name: name, Seed: priv.Seed(), Public: pub}, now)
}
