package service

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// UnsubscribePath is where a notice or digest mail's one-click link
// points (RFC 8058): /mail/unsubscribe/{token}.
const UnsubscribePath = "/mail/unsubscribe/"

// unsubscribeURL returns the one-click link that turns kind's e-mail off
// for userID. The token names the person and the kind and is signed with
// the site's mail key (HMAC-SHA256), so it needs no sign-in, cannot be
// forged for someone else, and keeps working as long as the key does.
func (n *Notifier) unsubscribeURL(ctx context.Context, tx *store.Tx, userID int64, kind furusato.NoticeKind) (string, error) {
	return unsubscribeLink(ctx, tx, n.baseURL, userID, kind)
}

// unsubscribeLink is unsubscribeURL for any sender with the site's origin
// (the notices held until an address is confirmed are mailed by Auth).
func unsubscribeLink(ctx context.Context, tx *store.Tx, baseURL string, userID int64, kind furusato.NoticeKind) (string, error) {
	key, err := mailKey(ctx, tx)
	if err != nil {
		return "", err
	}
	payload := strconv.FormatInt(userID, 10) + " " + string(kind)
	return baseURL + UnsubscribePath + base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + sign(key, payload), nil
}

// mailKey returns the signing key, made on first use.
func mailKey(ctx context.Context, tx *store.Tx) ([]byte, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("service: mail key: %w", err)
	}
	secret, err := tx.MailKey(ctx, hex.EncodeToString(b[:]))
	if err != nil {
		return nil, err
	}
	return []byte(secret), nil
}

func sign(key []byte, payload string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// Unsubscription is what an unsubscribe link names: the kind of notice
// whose e-mail it turns off.
type Unsubscription struct {
	Kind furusato.NoticeKind
	Lang string // the person's language, for the page that answers
	// Stopped: the kind's e-mail is off already (CheckUnsubscribe), so
	// the page says it is done instead of asking again.
	Stopped bool
}

// CheckUnsubscribe returns what token turns off, and whether it is off
// already, without changing anything (the page that asks for
// confirmation); ENOTFOUND for a token that is malformed, forged or
// names no one.
func (n *Notifier) CheckUnsubscribe(ctx context.Context, token string) (Unsubscription, error) {
	var out Unsubscription
	err := n.db.Tx(ctx, func(tx *store.Tx) error {
		userID, u, err := n.readToken(ctx, tx, token)
		if err != nil {
			return err
		}
		on, err := tx.NoticeEmail(ctx, userID, u.Kind)
		u.Stopped = !on
		out = u
		return err
	})
	return out, err
}

// Unsubscribe turns off the e-mail of the kind token names, for the person
// it names (one-click, RFC 8058); the in-app notices go on. Doing it twice
// is fine. ENOTFOUND for a token that is malformed, forged or names no one.
func (n *Notifier) Unsubscribe(ctx context.Context, token string) (Unsubscription, error) {
	var out Unsubscription
	err := n.db.Tx(ctx, func(tx *store.Tx) error {
		userID, u, err := n.readToken(ctx, tx, token)
		if err != nil {
			return err
		}
		out = u
		return tx.SetNoticePrefs(ctx, userID, []furusato.NoticePref{{Kind: u.Kind, Email: false}})
	})
	return out, err
}

func (n *Notifier) readToken(ctx context.Context, tx *store.Tx, token string) (int64, Unsubscription, error) {
	notFound := furusato.Errorf(furusato.ENOTFOUND, "This unsubscribe link does not work.")
	enc, mac, ok := strings.Cut(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if !ok || err != nil || len(token) > 200 {
		return 0, Unsubscription{}, notFound
	}
	key, err := mailKey(ctx, tx)
	if err != nil {
		return 0, Unsubscription{}, err
	}
	if !hmac.Equal([]byte(sign(key, string(raw))), []byte(mac)) {
		return 0, Unsubscription{}, notFound
	}
	id, kind, _ := strings.Cut(string(raw), " ")
	userID, err := strconv.ParseInt(id, 10, 64)
	if err != nil || !furusato.NoticeKind(kind).Valid() {
		return 0, Unsubscription{}, notFound
	}
	u, err := tx.FindUserByID(ctx, userID)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND || (err == nil && !u.DeletedAt.IsZero()) {
		return 0, Unsubscription{}, notFound
	} else if err != nil {
		return 0, Unsubscription{}, err
	}
	return userID, Unsubscription{Kind: furusato.NoticeKind(kind), Lang: u.MailLang()}, nil
}
