package credential

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"strconv"
	"time"
)

// StatusListBits is the length of a status list's bitstring: the
// minimum W3C Bitstring Status List asks for (16 KiB), so a list does
// not tell which few credentials are on it.
const StatusListBits = 131072

// Issuer is the issuer profile: ID is its absolute URL (the profile is
// served there), Name the platform's name.
type Issuer struct {
	ID   string
	Name string
}

// Key is one published verification key of the issuer. ID is its name in
// the profile ("key-1"); a rotated key stays published.
type Key struct {
	ID        string
	Public    []byte // the 32-byte Ed25519 public key
	CreatedAt time.Time
}

// Method returns the verification method URL of key id under issuer.
func (i Issuer) Method(keyID string) string { return i.ID + "#" + keyID }

// Profile returns the issuer profile document: the OB Profile that is
// also the controller document of every key in keys (oldest first, all
// kept so that old credentials verify), each a Multikey listed under
// assertionMethod. Served as application/ld+json at i.ID.
func (i Issuer) Profile(url string, keys []Key) (map[string]any, error) {
	var methods []any
	var assertion []any
	for _, k := range keys {
		mk, err := Multikey(k.Public)
		if err != nil {
			return nil, err
		}
		id := i.Method(k.ID)
		methods = append(methods, map[string]any{"id": id, "type": "Multikey", "controller": i.ID, "publicKeyMultibase": mk})
		assertion = append(assertion, id)
	}
	p := map[string]any{
		"@context":           []any{ContextVC2, ContextOB303, ContextDID, ContextMultikey},
		"id":                 i.ID,
		"type":               "Profile",
		"name":               i.Name,
		"verificationMethod": methods,
		"assertionMethod":    assertion,
	}
	if url != "" {
		p["url"] = url
	}
	return p, nil
}

// Badge is what an OpenBadgeCredential of a participation record says.
type Badge struct {
	ID        string // the credential's URL
	Name      string // the credential's name
	Issuer    Issuer
	ValidFrom time.Time
	// The subject: the participant's name (an IdentityObject; a
	// participant has no URI of their own to name), their role, the
	// period of the work.
	SubjectName string
	Role        string
	Start, End  time.Time
	// The achievement: AchievementID a URL, its name, description and
	// criteria narrative.
	AchievementID, AchievementName, Description, Criteria string
	// Words is the company's words, with its consent ("" for none),
	// under WordsTitle as the credential's evidence.
	Words, WordsTitle string
	// Status, when set, makes the badge revocable.
	Status *StatusEntry
}

// StatusEntry is a badge's place on a revocation status list.
type StatusEntry struct {
	List  string // the status list credential's URL
	Index int64
}

// Document returns the unsigned OpenBadgeCredential of b, in the shape
// credentials.md sets out.
func (b Badge) Document() (map[string]any, error) {
	if b.ID == "" || b.Issuer.ID == "" || b.AchievementID == "" || b.ValidFrom.IsZero() {
		return nil, errors.New("credential: a badge needs its id, issuer, achievement and validFrom")
	}
	subject := map[string]any{
		"type": []any{"AchievementSubject"},
		"identifier": []any{map[string]any{
			"type": "IdentityObject", "identityType": "name", "hashed": false, "identityHash": b.SubjectName,
		}},
		"achievement": map[string]any{
			"id": b.AchievementID, "type": []any{"Achievement"}, "name": b.AchievementName,
			"description": b.Description, "criteria": map[string]any{"narrative": b.Criteria},
		},
	}
	if b.Role != "" {
		subject["role"] = b.Role
	}
	if !b.Start.IsZero() {
		subject["activityStartDate"] = dateTime(b.Start)
	}
	if !b.End.IsZero() {
		subject["activityEndDate"] = dateTime(b.End)
	}
	d := map[string]any{
		"@context":          []any{ContextVC2, ContextOB303},
		"id":                b.ID,
		"type":              []any{"VerifiableCredential", "OpenBadgeCredential"},
		"name":              b.Name,
		"issuer":            map[string]any{"id": b.Issuer.ID, "type": []any{"Profile"}, "name": b.Issuer.Name},
		"validFrom":         dateTime(b.ValidFrom),
		"credentialSubject": subject,
	}
	if b.Words != "" {
		d["evidence"] = []any{map[string]any{"type": []any{"Evidence"}, "name": b.WordsTitle, "narrative": b.Words}}
	}
	if b.Status != nil {
		idx := strconv.FormatInt(b.Status.Index, 10)
		d["credentialStatus"] = map[string]any{
			"id": b.Status.List + "#" + idx, "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
			"statusListIndex": idx, "statusListCredential": b.Status.List,
		}
	}
	return d, nil
}

// StatusList returns the unsigned BitstringStatusListCredential at url,
// issued by issuer at validFrom, with the bits at the indexes revoked set
// (index 0 is the most significant bit of byte 0).
func StatusList(url, issuer string, validFrom time.Time, revoked []int64) (map[string]any, error) {
	bits := make([]byte, StatusListBits/8)
	for _, i := range revoked {
		if i < 0 || i >= StatusListBits {
			return nil, errors.New("credential: status index out of range")
		}
		bits[i/8] |= 0x80 >> (i % 8)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(bits); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return map[string]any{
		"@context":  []any{ContextVC2},
		"id":        url,
		"type":      []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    issuer,
		"validFrom": dateTime(validFrom),
		"credentialSubject": map[string]any{
			"id": url + "#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
			"encodedList": "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()),
		},
	}, nil
}

// dateTime writes t as an XML Schema dateTime in UTC, to the second.
func dateTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
